import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_IDS } from '@ledger/domain';
import { parseCsv } from '../../apps/ledger-cli/src/export/csv';
import { ledger } from '../audit/support/cli';
import { SEED_FIXTURE } from '../support/test-ledger';

const { agreement, claims: C, disputes: D, sources: S } = SEED_IDS;
const TOTALS_DISPUTE = 'dispute-ru-total-6248';

/**
 * Issue 19, defect 5 in the CLI: after the seed, each ministry states a running total 3 apart,
 * as their final-phase figures are. `replay` shows the two disputes as one gap (the phase
 * dispute explains the totals dispute) and the CSV export names the linked dispute per claim.
 */
describe('ledger replay and export show linked disputes as one gap', () => {
  let dir: string;
  let dataDir: string;
  const cli = (...args: string[]) => ledger(['--data-dir', dataDir, ...args], { cwd: dir });
  const total = (claimId: string, sourceId: string, value: number) => ({
    method: 'POST',
    path: `/agreements/${agreement}/transfers`,
    body: {
      claimId,
      sourceId,
      termId: SEED_IDS.terms.repatriation,
      direction: { from: 'russia', to: 'ukraine' },
      measure: 'bodies',
      quantity: { value, precision: 'exact' },
      scope: { kind: 'cumulative', period: 'since the exchanges began' },
      statedAt: '2025-06-18T12:00:00Z',
    },
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-linked-gaps-'));
    dataDir = join(dir, 'data');
    const seed = JSON.parse(readFileSync(SEED_FIXTURE, 'utf8')) as unknown[];
    const more = [total('ua-total-6245', S.uaHq, 6245), total('ru-total-6248', S.ruMod, 6248)];
    writeFileSync(join(dir, 'scenario.json'), JSON.stringify([...seed, ...more]));
    const imported = await ledger(
      ['--data-dir', dataDir, 'import', join(dir, 'scenario.json'), '--actor', 'desk-editor'],
      { cwd: dir },
    );
    if (imported.code !== 0) throw new Error(`import failed: ${imported.stdout}${imported.stderr}`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replay names the link on both disputes: the phase explains the totals', async () => {
    const result = await cli('replay');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`      one gap: explains ${TOTALS_DISPUTE}\n`);
    expect(result.stdout).toContain(`      one gap: explained by ${D.finalPhase}\n`);
  });

  it('exports the linked dispute beside the discrepancies of each claim in it', async () => {
    const result = await cli('export', '--format', 'csv', '--out', 'claims.csv');
    expect(result.code).toBe(0);
    const [header, ...rows] = parseCsv(readFileSync(join(dir, 'claims.csv'), 'utf8'));
    const field = (claimId: string, name: string): string | undefined =>
      rows.find((r) => r[0] === claimId)?.[header!.indexOf(name)];
    expect(field(C.uaFinal1245, 'linked_discrepancies')).toBe(TOTALS_DISPUTE);
    expect(field('ru-total-6248', 'discrepancies')).toContain(`${TOTALS_DISPUTE} (open, delta 3)`);
    expect(field('ru-total-6248', 'linked_discrepancies')).toBe(D.finalPhase);
    expect(field(C.umerovOver6000, 'linked_discrepancies')).toBe('');
  });
});
