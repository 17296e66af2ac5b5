import type { TotalsGroup } from '@ledger/projections';
import { post, startLedger, TEST_ACTOR, type TestLedger } from './support/ledger-server';
import { enter, sourcesAndAgreement, STATED } from './support/scenario';

/**
 * Issue 19, expressiveness: a revision reported on the claimant's behalf, and framings in the
 * source's own words matched by their framing key — through the HTTP API, on a SQLite file and
 * on the EventStoreDB double. docs/DOMAIN-RULES.md states the rules.
 */

const A = '/agreements/istanbul-2025';
const LATER = '2025-06-18T10:00:00Z';

const figure = (claimId: string, phase: string, value: number, sourceId: string) => ({
  claimId,
  termId: 'repatriation',
  direction: { from: 'russia', to: 'ukraine' },
  measure: 'bodies',
  scope: { kind: 'phase', phase },
  quantity: { value, precision: 'exact' },
  sourceId,
  statedAt: STATED,
});

describe.each(['sqlite', 'esdb'] as const)('desk expressiveness over HTTP (%s)', (store) => {
  let ledger: TestLedger;
  const logLength = async () => (await ledger.store.readStream('agreement-istanbul-2025')).length;
  const get = async (path: string) => {
    const res = await fetch(`${ledger.url}${path}`, {
      headers: { authorization: `Bearer ${ledger.tokens.admin}` },
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read arbitrary fields
  };
  const accepted = async (path: string, body: object) => {
    const res = await post(ledger, path, body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { position: string };
  };
  /** The answer is `status` problem+json with `code`, and the agreement's stream gained nothing. */
  const refused = async (path: string, body: object, status: number, code: string) => {
    const before = await logLength();
    const res = await post(ledger, path, body);
    expect(res).toMatchObject({ status, body: { code } });
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await logLength()).toBe(before);
  };

  beforeAll(async () => {
    ledger = await startLedger({ store });
    await enter(ledger, sourcesAndAgreement());
  });
  afterAll(() => ledger.close());

  describe('a revision reported on the claimant’s behalf (reportedBy)', () => {
    const revise = (claimId: string, body: object) =>
      [`${A}/claims/${claimId}/revisions`, body] as const;
    const revision = (newClaimId: string, reportedBy: string) => ({
      newClaimId,
      quantity: { value: 1250, precision: 'exact' },
      reason: 'the HQ recounted',
      statedAt: LATER,
      reportedBy,
    });

    beforeAll(async () => {
      await accepted(
        `${A}/transfers`,
        figure('d-ua-r', 'desk-revision', 1245, 'ua-coordination-hq'),
      );
    });

    it('refuses a reporter that speaks for another party, or an unknown one, writing nothing', async () => {
      await refused(
        ...revise('d-ua-r', revision('d-ua-r2', 'ru-mod')),
        422,
        'reporter_speaks_for_other_party',
      );
      await refused(
        ...revise('d-ua-r', revision('d-ua-r2', 'nobody')),
        404,
        'source_not_registered',
      );
      await refused(
        ...revise('d-ua-r', revision('d-ua-r2', 'ua-coordination-hq')),
        400,
        'invalid_source',
      );
    });

    it('records a news agency as the reporter, on the claim and its audit trail', async () => {
      const { position } = await accepted(...revise('d-ua-r', revision('d-ua-r2', 'ewn')));
      const claim = await get(`/claims/d-ua-r2?minPosition=${position}`);
      expect(claim.body.claim).toMatchObject({
        sourceId: 'ua-coordination-hq',
        supersedes: 'd-ua-r',
        revisionReason: 'the HQ recounted',
        revisionReportedBy: 'ewn',
      });
      const older = await get(`/claims/d-ua-r?minPosition=${position}`);
      expect(older.body.claim).toMatchObject({ status: 'superseded', revisionReportedBy: null });
      const trail = await get(`/claims/d-ua-r2/audit-trail?minPosition=${position}`);
      const entries = trail.body.items as { change: Record<string, unknown> }[];
      expect(entries.at(-1)?.change).toMatchObject({
        what: 'revision',
        supersedes: 'd-ua-r',
        previousQuantity: { value: 1245, precision: 'exact' },
        quantity: { value: 1250, precision: 'exact' },
        reportedBy: 'ewn',
      });
    });
  });

  describe("exact sums: a claimant's figures add up to at most 2^53 − 1", () => {
    const MAX = Number.MAX_SAFE_INTEGER;
    const big = (claimId: string, phase: string, value: number) => ({
      ...figure(claimId, phase, value, 'rustem-umerov'),
      termId: 'prisoner-exchange',
    });

    it('sums to exactly 2^53 − 1, and refuses a figure or revision past it, writing nothing', async () => {
      await accepted(`${A}/transfers`, big('d-max-a', 'max-a', MAX - 10));
      const { position } = await accepted(`${A}/transfers`, big('d-max-b', 'max-b', 10));
      await refused(`${A}/transfers`, big('d-max-c', 'max-c', 1), 422, 'count_sum_too_large');
      await refused(
        `${A}/claims/d-max-b/revisions`,
        { quantity: { value: 11, precision: 'exact' }, reason: 'recount', statedAt: LATER },
        422,
        'count_sum_too_large',
      );
      await refused(
        `${A}/transfers`,
        { ...big('d-max-d', 'max-d', MAX - 5), quantity: { value: MAX - 5, precision: 'about' } },
        400,
        'invalid_quantity',
      );
      const totals = await get(`${A}/totals?minPosition=${position}`);
      const groups = totals.body.totals as TotalsGroup[];
      const group = groups.find(
        (g) => g.termId === 'prisoner-exchange' && g.direction.from === 'russia',
      );
      const umerov = group?.claimants.find((c) => c.sourceId === 'rustem-umerov');
      expect(umerov?.phaseSum).toEqual({ lower: MAX, upper: MAX });
    });
  });

  describe('a figure the desk inferred itself', () => {
    const inference = (extra: object = {}) => ({
      inferenceId: 'd-inf',
      termId: 'repatriation',
      direction: { from: 'russia', to: 'ukraine' },
      measure: 'bodies',
      scope: { kind: 'phase', phase: 'desk-inference' },
      quantity: { value: 1246, precision: 'about', lower: 1245, upper: 1248 },
      reason: 'between the two sides’ figures',
      derivedFrom: ['d-inf-ua', 'd-inf-ru'],
      ...extra,
    });
    let position: string;

    beforeAll(async () => {
      await accepted(
        `${A}/transfers`,
        figure('d-inf-ua', 'desk-inference', 1245, 'ua-coordination-hq'),
      );
      await accepted(`${A}/transfers`, figure('d-inf-ru', 'desk-inference', 1248, 'ru-mod'));
    });

    it('refuses an unknown claim, no reason, or a body naming who inferred it, writing nothing', async () => {
      await refused(
        `${A}/inferences`,
        inference({ derivedFrom: ['nope'] }),
        404,
        'claim_not_found',
      );
      const before = await logLength();
      const named = await post(ledger, `${A}/inferences`, inference({ inferredBy: 'someone' }));
      expect(named.status).toBe(400);
      const empty = await post(ledger, `${A}/inferences`, inference({ reason: '' }));
      expect(empty.status).toBe(400);
      expect(await logLength()).toBe(before);
    });

    it('records it as the actor’s inference, apart from the sources’ figures and never counted', async () => {
      const res = await post(ledger, `${A}/inferences`, inference());
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        inferenceId: 'd-inf',
        events: [{ type: 'FigureInferred' }],
      });
      position = res.body.position as string;
      const totals = await get(`${A}/totals?minPosition=${position}`);
      expect(totals.body.inferences).toEqual([
        expect.objectContaining({
          inferenceId: 'd-inf',
          quantity: { value: 1246, precision: 'about', lower: 1245, upper: 1248 },
          reason: 'between the two sides’ figures',
          derivedFrom: ['d-inf-ua', 'd-inf-ru'],
          inferredBy: TEST_ACTOR,
        }),
      ]);
      const groups = totals.body.totals as TotalsGroup[];
      const phase = groups.flatMap((g) => g.phases).find((p) => p.phase === 'desk-inference');
      expect(phase?.figures.map((f) => f.claimId).sort()).toEqual(['d-inf-ru', 'd-inf-ua']);
      expect((await get(`/claims/d-inf?minPosition=${position}`)).status).toBe(404);
      const disputes = await get(`/discrepancies?claimId=d-inf&minPosition=${position}`);
      expect(disputes.body.items).toEqual([]);
      const trail = await get(`/claims/d-inf-ua/audit-trail?minPosition=${position}`);
      expect((trail.body.items as { change: object }[]).at(-1)?.change).toMatchObject({
        what: 'used_in_inference',
        inferenceId: 'd-inf',
        inferredBy: TEST_ACTOR,
      });
    });

    it('applies the totals’ time filters to inferences too', async () => {
      const before = await get(
        `${A}/totals?claimedBefore=2025-06-19T00:00:00Z&minPosition=${position}`,
      );
      expect(before.body.inferences).toEqual([]);
    });

    it('keeps its id from every claim of the agreement', async () => {
      await refused(
        `${A}/transfers`,
        figure('d-inf', 'desk-inference-2', 1, 'ewn'),
        409,
        'claim_already_exists',
      );
    });
  });

  describe('framings in the source’s own words, matched by their framing key', () => {
    const framing = (claimId: string, sourceId: string, property: string, value: string) => ({
      claimId,
      termId: 'prisoner-exchange',
      property,
      value,
      sourceId,
      statedAt: STATED,
    });

    it('treats other words for one framing as agreement and a different framing as a rival', async () => {
      await accepted(
        `${A}/characterizations`,
        framing('d-f-ua', 'ua-coordination-hq', 'Reciprocity', 'A mutual exchange.'),
      );
      await accepted(
        `${A}/characterizations`,
        framing('d-f-umerov', 'rustem-umerov', 'reciprocity', 'mutual-exchange'),
      );
      const { position } = await accepted(
        `${A}/characterizations`,
        framing('d-f-ru', 'ru-mod', 'RECIPROCITY', '“Unilateral, humanitarian”'),
      );
      const at = `minPosition=${position}`;
      expect((await get(`/claims/d-f-umerov?${at}`)).body.claim).toMatchObject({
        property: 'reciprocity',
        value: 'mutual-exchange',
        propertyKey: 'reciprocity',
        valueKey: 'mutual exchange',
        contests: [],
        contestedBy: ['d-f-ru'],
      });
      expect((await get(`/claims/d-f-ua?${at}`)).body.claim).toMatchObject({
        property: 'Reciprocity',
        value: 'A mutual exchange.',
        valueKey: 'mutual exchange',
        contests: [],
        contestedBy: ['d-f-ru'],
      });
      expect((await get(`/claims/d-f-ru?${at}`)).body.claim).toMatchObject({
        value: '“Unilateral, humanitarian”',
        valueKey: 'unilateral humanitarian',
        contests: ['d-f-ua', 'd-f-umerov'],
      });
    });

    it('refuses words with no letter or digit to match by, writing nothing', async () => {
      await refused(
        `${A}/characterizations`,
        framing('d-f-bad', 'ewn', 'reciprocity', '?!'),
        400,
        'invalid_text',
      );
    });
  });
});
