import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_IDS, SEED_SCENARIO } from '@ledger/domain';
import { fixtureFor, type FixtureRequest } from './support/http-requests';

/**
 * fixtures/seed-scenario.json is derived from the domain's SEED_SCENARIO: this spec fails when
 * they drift apart. After changing the domain's seed, regenerate it with
 *   LEDGER_WRITE_SEED_FIXTURE=1 npx jest test/api/seed-fixture
 */
const FIXTURE = join(__dirname, '../../fixtures/seed-scenario.json');

describe('fixtures/seed-scenario.json', () => {
  const expected = fixtureFor(SEED_SCENARIO, SEED_IDS.agreement);
  if (process.env.LEDGER_WRITE_SEED_FIXTURE === '1')
    writeFileSync(FIXTURE, `${JSON.stringify(expected, null, 2)}\n`);
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as FixtureRequest[];

  it('maps 1:1, in order, to the domain seed commands', () => {
    expect(fixture).toHaveLength(SEED_SCENARIO.length);
    expect(fixture).toEqual(expected);
  });

  it('gives every command its own idempotency key, so a second run appends nothing', () => {
    const keys = fixture.map((r) => r.idempotencyKey);
    expect(keys.every((k) => typeof k === 'string' && /^[\x21-\x7e]{1,200}$/.test(k))).toBe(true);
    expect(new Set(keys).size).toBe(fixture.length);
  });
});
