import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_IDS } from '@ledger/domain';
import { parseCsv } from '../../apps/ledger-cli/src/export/csv';
import { ledger } from '../audit/support/cli';
import { runningTotalAfterSeed } from '../../libs/projections/src/testing/seed-history';
import { importAfterSeed } from './support/answers-setup';

const { claims: C, disputes: D, sources: S } = SEED_IDS;
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
  /** The running total as the import posts it: the command's data without the agreement (in the path). */
  const total = (claimId: string, sourceId: string, value: number) => {
    const { agreementId, ...body } = runningTotalAfterSeed(claimId, sourceId, value).data;
    return { method: 'POST', path: `/agreements/${agreementId}/transfers`, body };
  };

  beforeAll(async () => {
    const more = [total('ua-total-6245', S.uaHq, 6245), total('ru-total-6248', S.ruMod, 6248)];
    ({ dir, dataDir } = await importAfterSeed('ledger-linked-gaps-', more));
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
