import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_IDS } from '@ledger/domain';
import { parseCsv } from '../../apps/ledger-cli/src/export/csv';
import { ledger } from '../audit/support/cli';
import { importAfterSeed } from './support/answers-setup';

const { agreement: AG, claims: C, sources: S, disputes: D } = SEED_IDS;
const FINAL = { kind: 'phase', phase: 'final' };
const DATED = { kind: 'phase', phase: '16-17 June' };

/**
 * Scope links in the CLI: after the seed, Moscow restates its final-phase figure under the
 * dates of the handover ("around" 17 June), and the desk links the two labels. `replay` shows the link, the
 * figure under the label it was reported as, and the dispute compared across labels; the CSV
 * export names the link and the key each claim is compared under.
 */
describe('ledger replay, audit-trail and export show scope links', () => {
  let dir: string;
  let dataDir: string;
  const cli = (...args: string[]) => ledger(['--data-dir', dataDir, ...args], { cwd: dir });
  const post = (path: string, body: unknown) => ({ method: 'POST', path, body });

  beforeAll(async () => {
    const more = [
      post(`/agreements/${AG}/transfers`, {
        claimId: 'ru-dated-1250',
        sourceId: S.ruMod,
        termId: 'repatriation',
        direction: { from: 'russia', to: 'ukraine' },
        measure: 'bodies',
        quantity: { value: 1250, precision: 'exact' },
        scope: DATED,
        statedAt: '2025-06-17',
        statedAtPrecision: 'approximate',
      }),
      post(`/agreements/${AG}/scope-links`, {
        scopeLinkId: 'final-is-16-17-june',
        termId: 'repatriation',
        direction: { from: 'russia', to: 'ukraine' },
        measure: 'bodies',
        scopes: [FINAL, DATED],
        reason: 'the final phase was handed over on 16-17 June',
      }),
    ];
    ({ dir, dataDir } = await importAfterSeed('ledger-scope-links-', more));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replay shows the link, the figure as reported, and the dispute across labels', async () => {
    const result = await cli('replay');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /linked as one: final = 16-17 June \(final-is-16-17-june by desk-editor at position \d+: the final phase was handed over on 16-17 June\)/,
    );
    expect(result.stdout).toContain('1,250 (ru-mod, as 16-17 June, stated around 2025-06-17)');
    expect(result.stdout).toContain(
      `      compared across labels by scope link final-is-16-17-june\n`,
    );
  });

  it("audit-trail lists the link on each linked claim's trail", async () => {
    const result = await cli('audit-trail', C.uaFinal1245);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'scopes_linked: scopeLinkId final-is-16-17-june, scopes final = 16-17 June, reason the final phase was handed over on 16-17 June',
    );
  });

  it('exports the link and the compared key beside each claim', async () => {
    const result = await cli('export', '--format', 'csv', '--out', 'claims.csv');
    expect(result.code).toBe(0);
    const [header, ...rows] = parseCsv(readFileSync(join(dir, 'claims.csv'), 'utf8'));
    const field = (claimId: string, name: string): string | undefined =>
      rows.find((r) => r[0] === claimId)?.[header!.indexOf(name)];
    const finalKey = `${AG}/repatriation/russia->ukraine/bodies/phase:final`;
    expect(field('ru-dated-1250', 'scope_links')).toBe('final-is-16-17-june');
    expect(field('ru-dated-1250', 'compared_key')).toBe(finalKey);
    expect(field('ru-dated-1250', 'stated_precision')).toBe('approximate');
    expect(field(C.uaFinal1245, 'stated_precision')).toBe('');
    expect(field(C.uaFinal1245, 'compared_key')).toBe(finalKey);
    expect(field(C.umerovOver6000, 'scope_links')).toBe('');
    expect(field(C.uaFinal1245, 'discrepancies')).toContain(D.finalPhase);
  });
});
