import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SEED_IDS } from '@ledger/domain';
import { CLAIM_COLUMNS } from '../../apps/ledger-cli/src/export/claims-table';
import { parseCsv } from '../../apps/ledger-cli/src/export/csv';
import { ledger } from './support/cli';
import { seededDataDir } from './support/seeded-data-dir';

const { claims: C, sources: S } = SEED_IDS;
/** The HXL hashtag grammar (HXL standard 1.1, "Hashtags and attributes"). */
const HXL_TAG = /^#[a-z][a-z0-9_]*(\s*\+[a-z][a-z0-9_]*)*$/i;
const CLAIM_EVENTS =
  "('TransferReported', 'AgreementTermCompletionClaimed', 'CharacterizationClaimed')";

type Attributes = Record<string, unknown>;
/** PROV-JSON's typed literal for a qualified name (a bare string would be an xsd:string). */
const qname = (name: string) => ({ $: name, type: 'xsd:QName' });

describe('ledger export of the seed scenario', () => {
  let dir: string;
  let dataDir: string;
  let claims: { claimId: string; quote: string | null }[];
  let sources: string[];
  const cli = (...args: string[]) => ledger(['--data-dir', dataDir, ...args], { cwd: dir });

  beforeAll(async () => {
    ({ dir, dataDir } = await seededDataDir('ledger-export-'));
    const db = new Database(join(dataDir, 'ledger.db'), { readonly: true });
    claims = db
      .prepare(
        `SELECT json_extract(data, '$.claimId') AS claimId, json_extract(data, '$.quote') AS quote FROM events WHERE type IN ${CLAIM_EVENTS} ORDER BY position`,
      )
      .all() as typeof claims;
    sources = (
      db
        .prepare(
          "SELECT json_extract(data, '$.sourceId') AS id FROM events WHERE type = 'SourceRegistered'",
        )
        .all() as { id: string }[]
    ).map((r) => r.id);
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes HXL: a header row, a hashtag row, one row per claim, that parses back field for field', async () => {
    const result = await cli('export', '--format', 'hxl', '--out', 'claims.csv');
    expect(result.code).toBe(0);
    const [header, tags, ...rows] = parseCsv(readFileSync(join(dir, 'claims.csv'), 'utf8'));
    expect(header).toEqual(CLAIM_COLUMNS.map((c) => c.header));
    expect(tags!.every((tag) => HXL_TAG.test(tag))).toBe(true);
    expect(tags).toEqual(
      expect.arrayContaining(['#org+source+name', '#affected+num+claimed', '#date+reported']),
    );
    expect(rows.map((r) => r[0])).toEqual(claims.map((c) => c.claimId));
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
    const field = (claimId: string, name: string): string | undefined =>
      rows.find((r) => r[0] === claimId)?.[header!.indexOf(name)];
    expect(field(C.uaFinal1245, 'value')).toBe('1245');
    expect(field(C.uaFinal1245, 'source_name')).toBe(
      "Ukraine's Coordination Headquarters for the Treatment of Prisoners of War",
    );
    // A quote with commas and a dash survives the quoting.
    expect(field(C.uaFinal1245, 'quote')).toBe(
      claims.find((c) => c.claimId === C.uaFinal1245)?.quote,
    );
    expect(field(C.uaFinal1245, 'discrepancies')).toBe(
      'dispute-final-phase-russia-to-ukraine (open, delta 3)',
    );
    expect(field(C.ruFinal1248, 'value')).toBe('1248');
    const umerov = rows.find((r) => r[header!.indexOf('source_id')] === S.umerov)!;
    expect([
      umerov[header!.indexOf('precision')],
      umerov[header!.indexOf('lower_bound')],
      umerov[header!.indexOf('upper_bound')],
    ]).toEqual(['at_least', '6000', '']);
  });

  it('writes plain CSV without the hashtag row, and as of a position only what had been claimed then', async () => {
    const all = parseCsv((await cli('export', '--format', 'csv')).stdout);
    expect(all[1]?.[0]).toBe(claims[0]?.claimId);
    const db = new Database(join(dataDir, 'ledger.db'), { readonly: true });
    const { position } = db
      .prepare("SELECT min(position) AS position FROM events WHERE type = 'TransferReported'")
      .get() as { position: number };
    db.close();
    const early = parseCsv(
      (await cli('export', '--format', 'csv', '--as-of', String(position))).stdout,
    );
    expect(early.slice(1).map((r) => r[0])).toEqual([claims[0]?.claimId]);
  });

  it('names the PROV namespace after LEDGER_PUBLIC_BASE_URL, else a URN (never an example host)', async () => {
    const prefixOf = async (env: Record<string, string>) =>
      (
        JSON.parse(
          (
            await ledger(['--data-dir', dataDir, 'export', '--format', 'prov-json'], {
              cwd: dir,
              env,
            })
          ).stdout,
        ) as { prefix: Record<string, string> }
      ).prefix;
    expect((await prefixOf({})).claim).toBe('urn:ledger:claims/');
    const configured = await prefixOf({ LEDGER_PUBLIC_BASE_URL: 'https://ledger.test/' });
    expect(configured).toMatchObject({
      ledger: 'https://ledger.test/ns#',
      claim: 'https://ledger.test/claims/',
    });
    const refused = await ledger(['--data-dir', dataDir, 'export', '--format', 'prov-json'], {
      cwd: dir,
      env: { LEDGER_PUBLIC_BASE_URL: 'not a url' },
    });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('LEDGER_PUBLIC_BASE_URL');
  });

  it('writes W3C PROV-JSON: claims as entities attributed to sources, recorded by actors, disputes and totals derived from claims', async () => {
    const result = await cli('export', '--format', 'prov-json');
    expect(result.code).toBe(0);
    const prov = JSON.parse(result.stdout) as Record<string, Record<string, Attributes>>;
    expect(Object.keys(prov)).toEqual([
      'prefix',
      'entity',
      'agent',
      'activity',
      'wasGeneratedBy',
      'used',
      'wasAttributedTo',
      'wasAssociatedWith',
      'wasDerivedFrom',
    ]);
    const entity = prov.entity!;
    const agent = prov.agent!;
    const activity = prov.activity!;
    for (const { claimId } of claims) expect(entity[`claim:${claimId}`]).toBeDefined();
    for (const source of sources)
      expect(agent[`source:${source}`]).toMatchObject({
        'prov:type': {
          $: source === S.umerov ? 'prov:Person' : 'prov:Organization',
          type: 'xsd:QName',
        },
      });
    expect(agent['actor:desk-editor']).toMatchObject({ 'prov:type': qname('ledger:Recorder') });
    // Every relation names something the document declares.
    const declared = (id: unknown) =>
      typeof id === 'string' && (id in entity || id in agent || id in activity);
    for (const kind of [
      'wasGeneratedBy',
      'used',
      'wasAttributedTo',
      'wasAssociatedWith',
      'wasDerivedFrom',
    ]) {
      for (const relation of Object.values(prov[kind]!)) {
        for (const role of [
          'prov:entity',
          'prov:agent',
          'prov:activity',
          'prov:generatedEntity',
          'prov:usedEntity',
        ]) {
          if (role in relation)
            expect([kind, role, relation[role], declared(relation[role])]).toEqual([
              kind,
              role,
              relation[role],
              true,
            ]);
        }
      }
    }
    const relations = (kind: string) => Object.values(prov[kind]!);
    expect(relations('wasAttributedTo')).toContainEqual({
      'prov:entity': `claim:${C.ruFinal1248}`,
      'prov:agent': `source:${S.ruMod}`,
      'prov:type': qname('ledger:ClaimedBy'),
    });
    for (const { claimId } of claims)
      expect(relations('wasGeneratedBy').some((r) => r['prov:entity'] === `claim:${claimId}`)).toBe(
        true,
      );
    const dispute = `discrepancy:${encodeURIComponent(SEED_IDS.disputes.finalPhase)}`;
    expect(entity[dispute]).toMatchObject({
      'prov:type': qname('ledger:Discrepancy'),
      'ledger:delta': 3,
    });
    const disputeInputs = relations('wasDerivedFrom')
      .filter((r) => r['prov:generatedEntity'] === dispute)
      .map((r) => r['prov:usedEntity']);
    expect(disputeInputs).toEqual([`claim:${C.uaFinal1245}`, `claim:${C.ruFinal1248}`]);
    const totals = Object.keys(entity).filter(
      (id) => (entity[id]!['prov:type'] as { $?: string } | undefined)?.$ === 'ledger:Totals',
    );
    expect(totals.length).toBeGreaterThan(0);
    expect(
      relations('wasDerivedFrom').some(
        (r) =>
          totals.includes(r['prov:generatedEntity'] as string) &&
          r['prov:usedEntity'] === `claim:${C.uaFinal1245}`,
      ),
    ).toBe(true);
  });
});
