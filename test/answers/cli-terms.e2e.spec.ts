import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../apps/ledger-cli/src/export/csv';
import { ledger } from '../audit/support/cli';
import { importAfterSeed } from './support/answers-setup';

const AG = 'north-south-swap';

/**
 * Issue 19 (expressiveness) through the CLI: replay, the CSV export and the audit trail show a
 * bound per party, an agreed ratio and a whole-exchange figure as the API answers them.
 */
describe('ledger replay, export and audit-trail show per-party bounds, ratios and exchanges', () => {
  let dir: string;
  let dataDir: string;
  const cli = (...args: string[]) => ledger(['--data-dir', dataDir, ...args], { cwd: dir });

  beforeAll(async () => {
    const post = (path: string, body: unknown) => ({ method: 'POST', path, body });
    const transfer = (
      claimId: string,
      sourceId: string,
      [termId, from, to]: [string, string, string],
      value: number,
      scope: unknown,
    ) =>
      post(`/agreements/${AG}/transfers`, {
        claimId,
        sourceId,
        termId,
        direction: { from, to },
        measure: 'people',
        quantity: { value, precision: 'exact' },
        scope,
        statedAt: '2026-04-05T10:00:00Z',
      });
    const total = { kind: 'cumulative' };
    ({ dir, dataDir } = await importAfterSeed('ledger-terms-', [
      post('/sources', {
        sourceId: 'north-gov',
        name: 'North government',
        kind: 'party_authority',
        affiliation: 'north',
      }),
      post('/sources', { sourceId: 'wire', name: 'A wire service', kind: 'news_agency' }),
      post('/agreements', {
        agreementId: AG,
        title: 'Exchange of prisoners and civilians',
        venue: 'Geneva',
        signedOn: '2026-04-01',
        parties: [
          { id: 'north', name: 'North' },
          { id: 'south', name: 'South' },
        ],
        mediators: [],
        terms: [
          {
            termId: 'pows',
            kind: 'prisoner_exchange',
            description: 'Up to 100 released by North, at least 60 by South',
            reciprocity: 'mutual',
            agreedPerParty: [
              { value: 100, precision: 'up_to', party: 'north' },
              { value: 60, precision: 'at_least', party: 'south' },
            ],
            agreedRatio: { party: 'north', releases: 2, counterparty: 'south', receives: 1 },
          },
        ],
      }),
      transfer('n-out', 'north-gov', ['pows', 'north', 'south'], 120, total),
      transfer('n-in', 'north-gov', ['pows', 'south', 'north'], 50, total),
      transfer('w-all', 'wire', ['pows', 'south', 'north'], 200, { kind: 'exchange' }),
    ]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("replay shows each direction's own bound, the whole exchange and the ratio", async () => {
    const result = await cli('replay');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('    agreed up to 100 per_party (north)');
    expect(result.stdout).toContain('      north-gov: stated total 120 [n-out]: exceeds by 20');
    expect(result.stdout).toContain('    agreed at least 60 per_party (south)');
    expect(result.stdout).toContain('      north-gov: stated total 50 [n-in]: short by 10');
    expect(result.stdout).toContain('  pows: north <-> south, people (whole exchange)');
    expect(result.stdout).toContain('    directions sum to 170');
    expect(result.stdout).toContain('    in all: 200 (wire, w-all): inconsistent, gap 30');
    expect(result.stdout).toContain('    agreed ratio: north releases 2 for each 1 south releases');
    expect(result.stdout).toContain(
      '      north-gov: stated totals 120 for 50 [n-out, n-in]: off by 20',
    );
  });

  it('exports the whole-exchange figure with its scope in CSV', async () => {
    const result = await cli('export', '--format', 'csv', '--out', 'claims.csv');
    expect(result.code).toBe(0);
    const [header, ...rows] = parseCsv(readFileSync(join(dir, 'claims.csv'), 'utf8'));
    const row = rows.find((r) => r[0] === 'w-all');
    const field = (name: string) => row?.[header!.indexOf(name)];
    expect([field('scope'), field('phase_or_period'), field('from_party'), field('value')]).toEqual(
      ['exchange', '', 'south', '200'],
    );
  });

  it('names the whole exchange on the audit-trail line', async () => {
    const result = await cli('audit-trail', 'w-all');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '200 people, south <-> north, whole exchange (both directions)',
    );
  });

  it('carries the whole exchange and the ratio verdicts in PROV-JSON, derived from their claims', async () => {
    const result = await cli('export', '--format', 'prov-json', '--out', 'prov.json');
    expect(result.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'prov.json'), 'utf8')) as {
      entity: Record<string, Record<string, { $: string } | string>>;
      wasDerivedFrom: Record<string, Record<string, string | { $: string }>>;
    };
    const key = `totals:${encodeURIComponent(`${AG}/pows/north<->south/people`)}`;
    const entity = doc.entity[key];
    expect(entity?.['prov:type']).toMatchObject({ $: 'ledger:ExchangeTotals' });
    // Nested JSON travels as text (see prov-json.ts, literal).
    const value = (name: string): unknown => JSON.parse((entity?.[name] as string) ?? 'null');
    expect(value('ledger:exchangeFigures')).toEqual([
      { claimId: 'w-all', verdict: 'inconsistent', gap: 30 },
    ]);
    expect(value('ledger:ratio')).toMatchObject({
      claimants: [{ sourceId: 'north-gov', statedTotal: { verdict: 'off', by: 20 } }],
    });
    const used = Object.values(doc.wasDerivedFrom)
      .filter((r) => r['prov:generatedEntity'] === key)
      .map((r) => r['prov:usedEntity']);
    expect(used.sort()).toEqual(['claim:n-in', 'claim:n-out', 'claim:w-all']);
  });
});
