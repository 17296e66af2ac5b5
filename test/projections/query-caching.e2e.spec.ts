import { SEED_IDS } from '@ledger/domain';
import type { TotalsGroup } from '@ledger/projections';
import { enterSeed, get, post, type QueryLedger, startQueryLedger } from './support/query-ledger';

const { agreement, sources: S } = SEED_IDS;

/** A final-phase figure from Ukraine's HQ that differs from what the seed says. */
const revisedFigure = (value: number): object => ({
  termId: 'repatriation',
  direction: { from: 'russia', to: 'ukraine' },
  measure: 'bodies',
  quantity: { value, precision: 'exact' },
  scope: { kind: 'phase', phase: 'second' },
  occurredAt: { from: '2025-06-20', to: '2025-06-20' },
  statedAt: '2025-06-20T09:30:00Z',
  sourceId: S.uaHq,
});

const phasesOf = (totals: unknown): string[] =>
  (totals as TotalsGroup[]).flatMap((g) => g.phases.map((p) => p.phase));

/** Entity tags, 304s and the totals cache, over real HTTP on a SQLite store. */
describe('query answers: ETag, 304 and the totals cache', () => {
  let ledger: QueryLedger;
  let head: bigint;

  beforeAll(async () => {
    ledger = await startQueryLedger({ sqlite: true });
    head = (await enterSeed(ledger)).at(-1) as bigint;
  });
  afterAll(() => ledger.close());

  const withTag = async (path: string, tag: string) =>
    fetch(`${ledger.url}${path}`, {
      headers: { authorization: `Bearer ${ledger.tokens.auditor}`, 'if-none-match': tag },
    });

  it.each([
    `/agreements/${agreement}/totals`,
    `/discrepancies?agreementId=${agreement}`,
    `/claims?agreementId=${agreement}&limit=50`,
    `/claims/${SEED_IDS.claims.uaFinal1245}/audit-trail`,
  ])('%s: a strong ETag, and 304 with no body when If-None-Match holds it', async (route) => {
    const path = `${route}${route.includes('?') ? '&' : '?'}asOfPosition=${head}`;
    const first = await get(ledger, path, 'auditor');
    expect(first.status).toBe(200);
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');

    const again = await withTag(path, `"other", ${tag}`);
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(tag);
    expect(await again.text()).toBe('');

    const stale = await withTag(path, '"not-this-one"');
    expect(stale.status).toBe(200);
    expect(await stale.json()).toEqual(first.body);
  });

  it('answers totals afresh after a new event on the agreement, and as of a past position unchanged', async () => {
    const path = `/agreements/${agreement}/totals`;
    const before = await get(ledger, `${path}?minPosition=${head}`);
    const asOfBefore = await get(ledger, `${path}?asOfPosition=${head}`);
    expect(phasesOf(before.body.totals)).not.toContain('second');

    const reported = await post(ledger, `/agreements/${agreement}/transfers`, revisedFigure(310));
    expect(reported.status).toBe(201);
    const position = BigInt(reported.body.position as string);

    const after = await get(ledger, `${path}?minPosition=${position}`);
    expect(BigInt(after.body.asOfPosition as string)).toBeGreaterThanOrEqual(position);
    expect(phasesOf(after.body.totals)).toContain('second');
    const stale = await withTag(
      `${path}?minPosition=${position}`,
      before.headers.get('etag') ?? '',
    );
    expect(stale.status).toBe(200);

    const asOfAfter = await get(ledger, `${path}?asOfPosition=${head}`);
    expect(asOfAfter.body).toEqual(asOfBefore.body);
    expect(asOfAfter.headers.get('etag')).toBe(asOfBefore.headers.get('etag'));
  });

  it('keeps totals of other filters apart in the cache', async () => {
    const path = `/agreements/${agreement}/totals`;
    const all = await get(ledger, path);
    const early = await get(ledger, `${path}?claimedBefore=2025-06-18T00:00:00Z`);
    expect(phasesOf(all.body.totals)).toContain('second');
    expect(phasesOf(early.body.totals)).not.toContain('second');
    expect((await get(ledger, path)).body).toEqual(all.body);
  });

  it('answers a listing again byte for byte, afresh after a new event, and as of a past position unchanged', async () => {
    const path = `/claims?agreementId=${agreement}&limit=50`;
    const text = async (p: string) => {
      const response = await fetch(`${ledger.url}${p}`, {
        headers: { authorization: `Bearer ${ledger.tokens.analyst}` },
      });
      return { etag: response.headers.get('etag'), body: await response.text() };
    };
    const first = await text(path);
    expect(await text(path)).toEqual(first);
    const asOf = await text(`${path}&asOfPosition=${head}`);

    const reported = await post(ledger, `/agreements/${agreement}/transfers`, revisedFigure(311));
    expect(reported.status).toBe(201);
    const position = BigInt(reported.body.position as string);
    const claimId = reported.body.claimId as string;

    const after = await get(ledger, `${path}&minPosition=${position}`);
    expect(BigInt(after.body.asOfPosition as string)).toBeGreaterThanOrEqual(position);
    const ids = (after.body.items as { claimId: string }[]).map((c) => c.claimId);
    expect(ids).toContain(claimId);
    expect((await text(path)).etag).not.toBe(first.etag);
    expect(await text(`${path}&asOfPosition=${head}`)).toEqual(asOf);
  });

  it('keeps listings of other pages and filters apart in the cache', async () => {
    const path = `/claims?agreementId=${agreement}`;
    const one = await get(ledger, `${path}&limit=1&asOfPosition=${head}`);
    const two = await get(ledger, `${path}&limit=2&asOfPosition=${head}`);
    expect(one.body.items).toHaveLength(1);
    expect(two.body.items).toHaveLength(2);
    const next = await get(ledger, `${path}&limit=1&cursor=${one.body.nextCursor as string}`);
    expect(next.body.items).toEqual([(two.body.items as unknown[])[1]]);
    const ofRu = await get(ledger, `/sources/${S.ruMod}/claims?asOfPosition=${head}&limit=1`);
    const claimsOf = (answer: typeof ofRu) =>
      (answer.body.items as { sourceId: string }[]).map((c) => c.sourceId);
    expect(claimsOf(ofRu)).toEqual([S.ruMod]);
    const ofUa = await get(ledger, `/sources/${S.uaHq}/claims?asOfPosition=${head}&limit=1`);
    expect(claimsOf(ofUa)).toEqual([S.uaHq]);
  });
});
