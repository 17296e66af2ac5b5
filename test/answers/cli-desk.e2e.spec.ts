import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_IDS } from '@ledger/domain';
import { parseCsv } from '../../apps/ledger-cli/src/export/csv';
import { ledger } from '../audit/support/cli';
import { importAfterSeed } from './support/answers-setup';

const { agreement, claims: C, sources: S } = SEED_IDS;

/**
 * Issue 19, expressiveness: the CLI shows a revision's reporter, framings matched by key and the
 * desk's own inferences as the API does. The seed plus a revision reported by EWN, a framing in
 * other words and an inference, imported with `ledger import --actor desk-editor`.
 */
describe('ledger replay, export and audit-trail show reporters, framing keys and inferences', () => {
  let dir: string;
  let dataDir: string;
  const cli = (...args: string[]) => ledger(['--data-dir', dataDir, ...args], { cwd: dir });

  beforeAll(async () => {
    const more = [
      {
        method: 'POST',
        path: `/agreements/${agreement}/claims/${C.uaFinal1245}/revisions`,
        body: {
          newClaimId: 'claim-ua-hq-final-1246',
          quantity: { value: 1246, precision: 'exact' },
          reason: 'one more identified',
          statedAt: '2025-06-18T09:00:00Z',
          reportedBy: S.ewn,
        },
      },
      {
        method: 'POST',
        path: `/agreements/${agreement}/characterizations`,
        body: {
          claimId: 'claim-umerov-mutual',
          termId: 'repatriation',
          property: 'Reciprocity',
          value: 'A mutual exchange.',
          sourceId: S.umerov,
          statedAt: '2025-06-18T09:00:00Z',
        },
      },
      {
        method: 'POST',
        path: `/agreements/${agreement}/inferences`,
        body: {
          inferenceId: 'inference-final-range',
          termId: 'repatriation',
          direction: { from: 'russia', to: 'ukraine' },
          measure: 'bodies',
          scope: { kind: 'phase', phase: 'final' },
          quantity: { value: 1247, precision: 'about', lower: 1246, upper: 1248 },
          reason: 'between the two sides’ figures',
          derivedFrom: ['claim-ua-hq-final-1246', C.ruFinal1248],
        },
      },
    ];
    ({ dir, dataDir } = await importAfterSeed('ledger-desk-', more));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replay lists the inference apart and shows the key that matches framings in other words', async () => {
    const result = await cli('replay');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('desk inferences (not claims of any source): 1');
    expect(result.stdout).toContain(
      'inference-final-range: about 1,247 (1,246-1,248) bodies, repatriation russia -> ukraine, phase final; inferred by desk-editor',
    );
    expect(result.stdout).toMatch(
      /reciprocity = mutual_exchange \(matched as "mutual exchange"\) \(ua-coordination-hq/,
    );
    expect(result.stdout).toMatch(
      /Reciprocity = A mutual exchange\. \(matched as "mutual exchange"\) \(rustem-umerov.*contested with claim-ru-unilateral-humanitarian/,
    );
  });

  it('exports the reporter, the framing keys and the inference (counted as no claim) in CSV', async () => {
    const result = await cli('export', '--format', 'csv', '--out', 'claims.csv');
    expect(result.code).toBe(0);
    const [header, ...rows] = parseCsv(readFileSync(join(dir, 'claims.csv'), 'utf8'));
    const field = (claimId: string, name: string): string | undefined =>
      rows.find((r) => r[0] === claimId)?.[header!.indexOf(name)];
    expect(field('claim-ua-hq-final-1246', 'revision_reported_by')).toBe(S.ewn);
    expect(field('claim-umerov-mutual', 'characterization')).toBe('A mutual exchange.');
    expect(field('claim-umerov-mutual', 'characterization_key')).toBe('mutual exchange');
    expect(field('claim-umerov-mutual', 'property_key')).toBe('reciprocity');
    expect(field('inference-final-range', 'claim_kind')).toBe('inference');
    expect(field('inference-final-range', 'source_id')).toBe('');
    expect(field('inference-final-range', 'inferred_by')).toBe('desk-editor');
    expect(field('inference-final-range', 'derived_from')).toBe(
      `claim-ua-hq-final-1246; ${C.ruFinal1248}`,
    );
    expect(field('inference-final-range', 'claims')).toBe('0');
  });

  it("shows the revision's reporter and the inference on the claims' audit-trail lines", async () => {
    const result = await cli('audit-trail', 'claim-ua-hq-final-1246');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /revision: supersedes claim-ua-hq-final-1245, previous 1,245, quantity 1,246, reason one more identified, reportedBy ewn/,
    );
    expect(result.stdout).toMatch(
      /used_in_inference: inferenceId inference-final-range, quantity about 1,247/,
    );
  });

  it('attributes the inference to its actor as prov:Person, derived from its claims, and the revision to its reporter', async () => {
    const result = await cli('export', '--format', 'prov-json', '--out', 'prov.json');
    expect(result.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'prov.json'), 'utf8')) as {
      entity: Record<string, Record<string, { $: string } | string>>;
      agent: Record<string, { 'prov:type': { $: string } }>;
      wasAttributedTo: Record<string, Record<string, string | { $: string }>>;
      wasDerivedFrom: Record<string, Record<string, string | { $: string }>>;
    };
    expect(doc.entity['inference:inference-final-range']?.['prov:type']).toMatchObject({
      $: 'ledger:Inference',
    });
    expect(doc.agent['actor:desk-editor']?.['prov:type'].$).toBe('prov:Person');
    const attributions = Object.values(doc.wasAttributedTo);
    expect(attributions).toContainEqual(
      expect.objectContaining({
        'prov:entity': 'inference:inference-final-range',
        'prov:agent': 'actor:desk-editor',
      }),
    );
    expect(attributions).toContainEqual(
      expect.objectContaining({
        'prov:entity': 'claim:claim-ua-hq-final-1246',
        'prov:agent': `source:${S.ewn}`,
        'prov:type': { $: 'ledger:RevisionReportedBy', type: 'xsd:QName' },
      }),
    );
    const used = Object.values(doc.wasDerivedFrom)
      .filter((d) => d['prov:generatedEntity'] === 'inference:inference-final-range')
      .map((d) => d['prov:usedEntity']);
    expect(used).toEqual(['claim:claim-ua-hq-final-1246', `claim:${C.ruFinal1248}`]);
  });
});
