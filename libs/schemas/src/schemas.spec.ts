import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  LEDGER_EVENT_TYPES,
  type LedgerEvent,
  SCHEMA_VERSION,
  SEED_SCENARIO,
} from '@ledger/domain';
import { InMemoryLedger } from '../../domain/src/testing/in-memory-ledger';
import { eventSchema, SCHEMA_CATALOGUE, schemaIndex } from './index';
import { schemaValidator } from './testing/event-validator';

const ROOT = resolve(__dirname, '../../..');
const COMMITTED = resolve(__dirname, 'generated/event-schemas.json');

/** `npm run schemas` as a child process (the generator loads the TypeScript compiler: a process of its own). */
function schemasCli(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', './scripts/register-ts.cjs', 'libs/schemas/src/cli.ts', ...args],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stderr }));
  });
}

function seedEvents(): LedgerEvent[] {
  const ledger = new InMemoryLedger();
  ledger.executeAll(SEED_SCENARIO);
  return ledger.log.map((entry) => entry.event);
}

describe('the published event schemas', () => {
  it('are exactly what the domain types generate: the committed file cannot drift from the code (else: npm run schemas)', async () => {
    expect(await schemasCli('--check')).toMatchObject({ code: 0 });
  }, 60_000);

  it('the drift check fails on a catalogue that differs from the types', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schemas-'));
    try {
      const stale = JSON.parse(readFileSync(COMMITTED, 'utf8')) as {
        events: Record<string, Record<string, { required?: string[] }>>;
      };
      stale.events.TransferReported!['1']!.required = ['agreementId'];
      writeFileSync(join(dir, 'stale.json'), JSON.stringify(stale, null, 2) + '\n');
      const run = await schemasCli('--check', '--file', join(dir, 'stale.json'));
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('stale');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('cover every event type of the ledger at its current schema version, and nothing else', () => {
    expect(Object.keys(SCHEMA_CATALOGUE.events).sort()).toEqual([...LEDGER_EVENT_TYPES].sort());
    for (const type of LEDGER_EVENT_TYPES)
      expect(eventSchema(type, SCHEMA_VERSION)).toMatchObject({
        $id: `/schemas/${type}/${SCHEMA_VERSION}`,
      });
    expect(schemaIndex()).toHaveLength(LEDGER_EVENT_TYPES.length);
    expect(eventSchema('toString', 1)).toBeUndefined();
    expect(eventSchema('TransferReported', 99)).toBeUndefined();
  });

  it('every event the seed scenario produces through the real deciders validates against its schema', () => {
    const validator = schemaValidator();
    const events = seedEvents();
    expect(events.length).toBeGreaterThan(15);
    const types = new Set<string>();
    for (const event of events) {
      const validate = validator.compile(eventSchema(event.type, event.schemaVersion)!);
      const valid = validate(event.data);
      if (!valid) throw new Error(`${event.type}: ${validator.errorsText(validate)}`);
      types.add(event.type);
    }
    // The scenario exercises sources, the agreement, claims of every kind, a dispute and an offer.
    expect([...types]).toEqual(
      expect.arrayContaining([
        'SourceRegistered',
        'AgreementSigned',
        'TransferReported',
        'FigureDisputed',
        'OfferMade',
        'CharacterizationClaimed',
      ]),
    );
  });

  it('refuse data that does not match the type (the validation can fail)', () => {
    const validator = schemaValidator();
    const transfer = seedEvents().find((e) => e.type === 'TransferReported')!;
    const validate = validator.compile(eventSchema('TransferReported', 1)!);
    expect(validate(transfer.data)).toBe(true);
    const data = transfer.data as unknown as Record<string, unknown>;
    expect(validate({ ...data, quantity: { value: '1245', precision: 'exact' } })).toBe(false);
    expect(validate({ ...data, quantity: { value: 1245, precision: 'roughly' } })).toBe(false);
    expect(validate({ ...data, unexpected: true })).toBe(false);
    const { claimId: _dropped, ...withoutClaimId } = data;
    expect(validate(withoutClaimId)).toBe(false);
  });

  it('the envelope schema accepts a published envelope and refuses a number position', () => {
    const validator = schemaValidator();
    const validate = validator.compile(SCHEMA_CATALOGUE.envelope);
    const envelope = {
      id: '6b1d8c9e-2f7a-4c1e-9d2b-0a3e5f7c9b1d',
      type: 'SourceRegistered',
      stream: 'source-ewn',
      revision: '0',
      position: '18446744073709551615',
      recordedAt: '2025-06-18T08:03:00.000Z',
      data: { sourceId: 'ewn', name: 'EWN', kind: 'news_agency' },
      metadata: { actor: 'desk', schemaVersion: 1 },
    };
    expect(validate(envelope)).toBe(true);
    expect(validate({ ...envelope, position: 42 })).toBe(false);
    expect(validate({ ...envelope, recordedAt: 'yesterday' })).toBe(false);
  });
});
