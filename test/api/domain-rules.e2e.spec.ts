import { eventTypes, post, startLedger, type TestLedger } from './support/ledger-server';
import { enter, seedFixture, STATED, sourcesAndAgreement } from './support/scenario';

/**
 * Issue 19's domain rules through the HTTP API on a real SQLite file: each rule's refusal is a
 * 4xx problem+json with its own code and writes nothing; each accepted case records what the
 * rule says. docs/DOMAIN-RULES.md lists the rules.
 */

const A = '/agreements/istanbul-2025';
const LATER = '2025-06-18T10:00:00Z';

/** A figure on the Russia → Ukraine repatriation of one phase (each test uses its own phase). */
const figure = (
  claimId: string,
  phase: string,
  quantity: object,
  sourceId: string,
  extra: object = {},
) => ({
  claimId,
  termId: 'repatriation',
  direction: { from: 'russia', to: 'ukraine' },
  measure: 'bodies',
  scope: { kind: 'phase', phase },
  quantity,
  sourceId,
  statedAt: STATED,
  ...extra,
});
const exact = (value: number) => ({ value, precision: 'exact' });

describe('domain rules (issue 19) over HTTP', () => {
  let ledger: TestLedger;
  const logLength = async (stream: string) => (await ledger.store.readStream(stream)).length;
  /** The answer is the rule's problem+json and the stream gained nothing. */
  const refused = async (
    path: string,
    body: object,
    code: string,
    stream = 'agreement-istanbul-2025',
  ) => {
    const before = await logLength(stream);
    const res = await post(ledger, path, body);
    expect(res).toMatchObject({ status: 422, body: { code } });
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await logLength(stream)).toBe(before);
  };
  /** The agreement stream's last `count` events, newest first. */
  const latest = (count: number) =>
    ledger.store.readStream('agreement-istanbul-2025', { direction: 'backwards', maxCount: count });
  const get = async (path: string) => {
    const res = await fetch(`${ledger.url}${path}`, {
      headers: { authorization: `Bearer ${ledger.tokens.admin}` },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  /** Posts each [path, body] in order, failing on the first answer that is not 201. */
  const accept = async (...requests: [string, object][]) => {
    for (const [path, body] of requests) {
      const res = await post(ledger, path, body);
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  };
  beforeAll(async () => {
    ledger = await startLedger({ store: 'sqlite' });
    await enter(ledger, sourcesAndAgreement());
    await accept(
      ['/sources', { sourceId: 'icrc', name: 'ICRC', kind: 'neutral_intermediary' }],
      [
        '/sources',
        { sourceId: 'ewn-site', name: 'A site relaying EWN', kind: 'media', relayOf: 'ewn' },
      ],
    );
  });
  afterAll(() => ledger.close());

  describe('corroboration (defect 6)', () => {
    beforeAll(async () => {
      await accept(
        [`${A}/transfers`, figure('c6-ua', 'c6', exact(500), 'ua-coordination-hq')],
        [`${A}/transfers`, figure('c6-icrc', 'c6', exact(520), 'icrc')],
        [`${A}/transfers`, figure('c6-ewn', 'c6', exact(500), 'ewn')],
      );
    });

    it('refuses a source holding a live contradicting figure on the key (422)', async () => {
      await refused(
        `${A}/claims/c6-ua/corroborations`,
        { sourceId: 'icrc', statedAt: LATER },
        'corroborator_contradicts_claim',
      );
    });

    it('refuses a corroboration stated before the claim, even an independent one (422)', async () => {
      await refused(
        `${A}/claims/c6-ua/corroborations`,
        { sourceId: 'turkey-mfa', statedAt: '2025-06-17T08:00:00Z' },
        'corroboration_before_claim',
      );
    });

    it('refuses a relay of the claimant as a corroborator (422)', async () => {
      await refused(
        `${A}/claims/c6-ewn/corroborations`,
        { sourceId: 'ewn-site', statedAt: LATER },
        'relay_of_claimant',
      );
    });

    it('records a later independent corroboration by a source with no contradicting figure', async () => {
      const res = await post(ledger, `${A}/claims/c6-ua/corroborations`, {
        sourceId: 'turkey-mfa',
        statedAt: LATER,
      });
      expect(res.status).toBe(201);
    });
  });
  describe('dates (defect 7)', () => {
    it('refuses a transfer that happened before the signing (422), and records it with priorPeriod', async () => {
      const early = figure('c7-early', 'c7', exact(40), 'ru-mod', {
        occurredAt: { from: '2025-05-10', to: '2025-05-11' },
      });
      await refused(`${A}/transfers`, early, 'before_agreement_signed');
      const named = await post(ledger, `${A}/transfers`, {
        ...early,
        priorPeriod: 'the May 2025 exchange',
      });
      expect(named.status).toBe(201);
      const [last] = await latest(1);
      expect(last?.data).toMatchObject({
        claimId: 'c7-early',
        priorPeriod: 'the May 2025 exchange',
      });
    });

    it('refuses a claim stated before the signing (422)', async () => {
      await refused(
        `${A}/transfers`,
        figure('c7-stated-early', 'c7b', exact(40), 'ru-mod', { statedAt: '2025-06-01T08:00:00Z' }),
        'before_agreement_signed',
      );
    });

    it('takes a newer figure from one source on one key as its revision: no self-dispute', async () => {
      await accept([`${A}/transfers`, figure('c7-ua-a', 'c7c', exact(300), 'ua-coordination-hq')]);
      const newer = await post(
        ledger,
        `${A}/transfers`,
        figure('c7-ua-b', 'c7c', exact(310), 'ua-coordination-hq', { statedAt: LATER }),
      );
      expect(newer.status).toBe(201);
      expect(eventTypes(newer)).toEqual(['TransferReported']);
      const older = await get(`/claims/c7-ua-a?minPosition=${newer.body.position}`);
      expect(older.body.claim).toMatchObject({ status: 'superseded', supersededBy: 'c7-ua-b' });
      await refused(
        `${A}/transfers`,
        figure('c7-ua-c', 'c7c', exact(305), 'ua-coordination-hq'),
        'figure_older_than_live',
      );
    });
  });
  describe('offers (defect 8)', () => {
    const offerPath = '/offers/o8';
    beforeAll(async () => {
      // The seed's offer (Russia's 2,239 more, stated 2025-06-17T10:40Z) under its own id.
      const seedOffer = seedFixture().find((r) => r.path === '/offers')?.body as object;
      await accept(['/offers', { ...seedOffer, offerId: 'o8' }]);
    });
    it('refuses a revision by a source not of the offering party (422)', async () => {
      await refused(
        `${offerPath}/revisions`,
        { sourceId: 'ua-coordination-hq', quantity: exact(2500), reason: 'x', statedAt: STATED },
        'not_offering_party',
        'offer-o8',
      );
    });

    it('keeps the first-made date while each revision keeps its own', async () => {
      const res = await post(ledger, `${offerPath}/revisions`, {
        sourceId: 'ru-mod',
        quantity: exact(2500),
        reason: 'more remains identified',
        statedAt: STATED,
      });
      expect(res.status).toBe(201);
      const offer = await get(`${offerPath}?minPosition=${res.body.position}`);
      expect(offer.body.offer).toMatchObject({
        statedAt: '2025-06-17T10:40:00.000Z',
        revisions: [expect.objectContaining({ statedAt: '2025-06-18T09:00:00.000Z' })],
      });
    });

    it('refuses an answer by a source not of the addressed party (422)', async () => {
      await refused(
        `${offerPath}/answers`,
        { answer: 'declined', sourceId: 'ewn', statedAt: LATER },
        'not_addressed_party',
        'offer-o8',
      );
    });

    it('records an answer a relay reports on the party’s behalf, naming both', async () => {
      const res = await post(ledger, `${offerPath}/answers`, {
        answer: 'declined',
        sourceId: 'ua-coordination-hq',
        reportedBy: 'ewn',
        statedAt: LATER,
      });
      expect(res.status).toBe(201);
      const offer = await get(`${offerPath}?minPosition=${res.body.position}`);
      expect(offer.body.offer).toMatchObject({
        status: 'declined',
        answer: { sourceId: 'ua-coordination-hq', reportedBy: 'ewn' },
      });
    });
  });
  describe('bounds (defect 2)', () => {
    it('keeps a bound consistent with both disputed figures out of the dispute', async () => {
      await accept(
        [`${A}/transfers`, figure('b2-ua', 'b2', exact(1245), 'ua-coordination-hq')],
        [`${A}/transfers`, figure('b2-ru', 'b2', exact(1248), 'ru-mod')],
      );
      const about = await post(
        ledger,
        `${A}/transfers`,
        figure('b2-icrc', 'b2', { value: 1246, precision: 'about' }, 'icrc'),
      );
      expect(eventTypes(about)).toEqual(['TransferReported']);
      const over = await post(
        ledger,
        `${A}/transfers`,
        figure('b2-turkey', 'b2', { value: 1200, precision: 'at_least' }, 'turkey-mfa'),
      );
      expect(eventTypes(over)).toEqual(['TransferReported']);
      const dispute = await get(`/discrepancies/dispute-b2-ru?minPosition=${over.body.position}`);
      expect(dispute.status).toBe(200);
      expect(JSON.stringify(dispute.body)).not.toMatch(/b2-icrc|b2-turkey/);
      expect(JSON.stringify(dispute.body)).toMatch(/b2-ua/);
    });

    it('opens no dispute for a lone bound consistent with the other figure', async () => {
      await accept([`${A}/transfers`, figure('b2b-ua', 'b2b', exact(1245), 'ua-coordination-hq')]);
      const up = await post(
        ledger,
        `${A}/transfers`,
        figure('b2b-ru', 'b2b', { value: 1300, precision: 'up_to' }, 'ru-mod'),
      );
      expect(eventTypes(up)).toEqual(['TransferReported']);
    });
  });
  describe('one gap, one finding (defect 5)', () => {
    it('links the stated-total dispute to the phase dispute from the same difference', async () => {
      const total = (claimId: string, value: number, sourceId: string) => ({
        ...figure(claimId, 'unused', exact(value), sourceId),
        scope: { kind: 'cumulative', period: 'g5 so far' },
      });
      await accept(
        [`${A}/transfers`, figure('g5-ua', 'g5', exact(100), 'ua-coordination-hq')],
        [`${A}/transfers`, figure('g5-ru', 'g5', exact(105), 'ru-mod')],
        [`${A}/transfers`, total('g5-ua-total', 300, 'ua-coordination-hq')],
      );
      const res = await post(ledger, `${A}/transfers`, total('g5-ru-total', 305, 'ru-mod'));
      expect(eventTypes(res)).toContain('FigureDisputed');
      const opened = (await latest(3)).find((e) => e.type === 'FigureDisputed');
      expect(opened?.data).toMatchObject({
        disputeId: 'dispute-g5-ru-total',
        delta: 5,
        linkedDisputeIds: ['dispute-g5-ru'],
      });
    });
  });
});
