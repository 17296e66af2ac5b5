import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_IDS } from '@ledger/domain';
import { parseCsv } from '../../apps/ledger-cli/src/export/csv';
import { ledger } from '../audit/support/cli';
import { importAfterSeed } from './support/answers-setup';

const { agreement, claims: C, sources: S } = SEED_IDS;
const OFFER = 'offer-ru-2239-beyond-istanbul';

/**
 * Issue 19, defect 9: the CLI shows what the API shows. The seed scenario plus a revision of
 * Russia's figure, a revision of its offer and Kyiv's answer, imported with `ledger import`.
 */
describe('ledger replay, export and audit-trail show framings, offers and revisions', () => {
  let dir: string;
  let dataDir: string;
  const cli = (...args: string[]) => ledger(['--data-dir', dataDir, ...args], { cwd: dir });

  beforeAll(async () => {
    const more = [
      {
        method: 'POST',
        path: `/agreements/${agreement}/claims/${C.ruFinal1248}/revisions`,
        body: {
          newClaimId: 'claim-ru-mod-final-1247',
          quantity: { value: 1247, precision: 'exact' },
          reason: 'one body counted twice',
          statedAt: '2025-06-18T09:00:00Z',
        },
      },
      {
        method: 'POST',
        path: `/offers/${OFFER}/revisions`,
        body: {
          sourceId: S.ruMod,
          quantity: { value: 2300, precision: 'exact' },
          reason: 'more remains identified',
          statedAt: '2025-06-19T09:00:00Z',
        },
      },
      {
        method: 'POST',
        path: `/offers/${OFFER}/answers`,
        body: { sourceId: S.uaHq, answer: 'accepted', statedAt: '2025-06-20T09:00:00Z' },
      },
    ];
    ({ dir, dataDir } = await importAfterSeed('ledger-answers-', more));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replay lists the framings with their rivals and the offers with revisions and answer', async () => {
    const result = await cli('replay');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Framings: 2');
    expect(result.stdout).toMatch(
      /reciprocity = mutual_exchange \(ua-coordination-hq, claim-ua-mutual-exchange.*contested with claim-ru-unilateral-humanitarian/,
    );
    expect(result.stdout).toContain('Offers: 1');
    expect(result.stdout).toMatch(
      /\[accepted\] offer-ru-2239-beyond-istanbul: russia -> ukraine, 2,300 bodies/,
    );
    expect(result.stdout).toContain(
      'revised 2,239 -> 2,300 (ru-mod, stated 2025-06-19T09:00:00.000Z): more remains identified',
    );
    expect(result.stdout).toMatch(/answered accepted \(ua-coordination-hq/);
    expect(result.stdout).toContain('fulfilment: no agreed quantity for this direction');
    expect(result.stdout).not.toContain('claimed delivery');
  });

  it('exports the contested framings and the revision reasons in CSV', async () => {
    const result = await cli('export', '--format', 'csv', '--out', 'claims.csv');
    expect(result.code).toBe(0);
    const [header, ...rows] = parseCsv(readFileSync(join(dir, 'claims.csv'), 'utf8'));
    const field = (claimId: string, name: string): string | undefined =>
      rows.find((r) => r[0] === claimId)?.[header!.indexOf(name)];
    expect(field('claim-ua-mutual-exchange', 'contested_by')).toBe(
      'claim-ru-unilateral-humanitarian',
    );
    expect(field('claim-ru-unilateral-humanitarian', 'contests')).toBe('claim-ua-mutual-exchange');
    expect(field('claim-ru-mod-final-1247', 'revision_reason')).toBe('one body counted twice');
    expect(field(C.ruFinal1248, 'ended_reason')).toBe('one body counted twice');
  });

  it("shows a revision's previous value and its cause on the audit-trail line", async () => {
    const result = await cli('audit-trail', 'claim-ru-mod-final-1247');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('? #?');
    expect(result.stdout).toMatch(
      /revision: supersedes claim-ru-mod-final-1248, previous 1,248, quantity 1,247, reason one body counted twice/,
    );
    expect(result.stdout).toContain(
      'caused supersession of claim-ru-mod-final-1248 by claim-ru-mod-final-1247',
    );
  });

  it('types official sources as prov:Person and the others as prov:Organization', async () => {
    const result = await cli('export', '--format', 'prov-json', '--out', 'prov.json');
    expect(result.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'prov.json'), 'utf8')) as {
      agent: Record<string, { 'prov:type': { $: string } }>;
    };
    expect(doc.agent[`source:${S.umerov}`]?.['prov:type'].$).toBe('prov:Person');
    expect(doc.agent[`source:${S.ruMod}`]?.['prov:type'].$).toBe('prov:Organization');
  });
});
