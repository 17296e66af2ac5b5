import { eventTypes, post, startLedger, type TestLedger } from './support/ledger-server';
import { enter, STATED, sourcesAndAgreement } from './support/scenario';

const A = '/agreements/istanbul-2025';
const finalPhase = {
  termId: 'repatriation',
  direction: { from: 'russia', to: 'ukraine' },
  measure: 'bodies',
  scope: { kind: 'phase', phase: 'final' },
};
const report = (claimId: string, value: number, sourceId: string, extra: object = {}) => ({
  claimId,
  ...finalPhase,
  quantity: { value, precision: 'exact' },
  sourceId,
  statedAt: STATED,
  ...extra,
});

describe('claims about an agreement', () => {
  let ledger: TestLedger;
  const stream = async () => ledger.store.readStream('agreement-istanbul-2025');
  beforeAll(async () => {
    ledger = await startLedger();
    await enter(ledger, sourcesAndAgreement());
  });
  afterAll(() => ledger.close());

  describe('POST /agreements/:agreementId/transfers', () => {
    it('records a quantity claim with its source, quote and link', async () => {
      const res = await post(
        ledger,
        `${A}/transfers`,
        report('ua-1245', 1245, 'ua-coordination-hq', {
          occurredAt: { from: '2025-06-16', to: '2025-06-17' },
          quote: 'Another 1,245 bodies',
          link: 'https://example.org/statement',
        }),
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        agreementId: 'istanbul-2025',
        claimId: 'ua-1245',
        events: [{ id: expect.any(String), type: 'TransferReported' }],
        streamRevision: '1',
        position: '9', // after the claim id's reservation (id-claim-ua-1245)
      });
      const last = (await stream()).at(-1);
      expect(last?.data).toMatchObject({
        claimId: 'ua-1245',
        quantity: { value: 1245, precision: 'exact' },
        sourceId: 'ua-coordination-hq',
        statedAt: '2025-06-18T09:00:00.000Z',
        occurredAt: { from: '2025-06-16', to: '2025-06-17' },
        quote: 'Another 1,245 bodies',
        link: 'https://example.org/statement',
      });
    });

    it('appends the dispute the ledger detects together with the contradicting claim', async () => {
      const res = await post(ledger, `${A}/transfers`, report('ru-1248', 1248, 'ru-mod'));
      expect(res.status).toBe(201);
      expect(eventTypes(res)).toEqual(['TransferReported', 'FigureDisputed']);
      expect(res.body.streamRevision).toBe('3');
      const disputed = (await stream()).at(-1);
      expect(disputed?.data).toMatchObject({
        disputeId: 'dispute-ru-1248',
        delta: 3,
        detectedBy: 'rule',
      });
    });

    it('generates the claim id when absent', async () => {
      const res = await post(ledger, `${A}/transfers`, {
        ...report('x', 51, 'ru-mod'),
        claimId: undefined,
        direction: { from: 'ukraine', to: 'russia' },
      });
      expect(res.status).toBe(201);
      expect(res.body.claimId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers 404 for an unknown agreement, and stores nothing', async () => {
      const res = await post(ledger, '/agreements/nowhere/transfers', report('c-1', 1, 'ru-mod'));
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'agreement_not_found' });
      await expect(ledger.store.readStream('agreement-nowhere')).rejects.toThrow('not found');
    });

    it('answers 404 for an unregistered source', async () => {
      const res = await post(ledger, `${A}/transfers`, report('c-2', 1, 'tass'));
      expect(res).toMatchObject({ status: 404, body: { code: 'source_not_registered' } });
    });

    it('answers 409 when the claim id is taken', async () => {
      const res = await post(ledger, `${A}/transfers`, report('ua-1245', 1, 'ru-mod'));
      expect(res).toMatchObject({ status: 409, body: { code: 'claim_already_exists' } });
    });

    it('answers 422 naming the rule for a statement from the future', async () => {
      const res = await post(
        ledger,
        `${A}/transfers`,
        report('c-3', 1, 'ru-mod', { statedAt: '2999-01-01T00:00:00Z' }),
      );
      expect(res).toMatchObject({ status: 422, body: { code: 'statement_in_future' } });
    });

    it('answers 422 for a party outside the agreement, 400 for a scope whose fields do not fit its kind', async () => {
      const party = await post(
        ledger,
        `${A}/transfers`,
        report('c-4', 1, 'ru-mod', { direction: { from: 'russia', to: 'turkey' } }),
      );
      expect(party).toMatchObject({ status: 422, body: { code: 'party_not_in_agreement' } });
      const scope = await post(
        ledger,
        `${A}/transfers`,
        report('c-5', 1, 'ru-mod', { scope: { kind: 'cumulative', phase: 'final' } }),
      );
      expect(scope).toMatchObject({ status: 400, body: { errors: [{ field: 'scope.phase' }] } });
      const missingPhase = await post(
        ledger,
        `${A}/transfers`,
        report('c-5', 1, 'ru-mod', { scope: { kind: 'phase' } }),
      );
      expect(missingPhase).toMatchObject({
        status: 400,
        body: { errors: [{ field: 'scope.phase' }] },
      });
    });

    it('answers 400 listing every malformed field, nested ones included', async () => {
      const res = await post(ledger, `${A}/transfers`, {
        claimId: 'c-6',
        termId: 'repatriation',
        direction: { from: 'russia' },
        measure: 'bodies',
        quantity: { value: 1.5, precision: 'exact', upper: null },
        scope: { kind: 'final' },
        sourceId: 'ru-mod',
        statedAt: 'yesterday',
        link: 'ftp://x',
        colour: 'red',
      });
      expect(res.status).toBe(400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
      expect(fields).toEqual([
        'colour',
        'direction.to',
        'link',
        'quantity.upper',
        'quantity.value',
        'scope.kind',
        'statedAt',
      ]);
    });

    it('answers 400 naming a malformed path parameter', async () => {
      const res = await post(
        ledger,
        '/agreements/Not%20A%20Slug/transfers',
        report('c-7', 1, 'ru-mod'),
      );
      expect(res).toMatchObject({ status: 400, body: { errors: [{ field: 'agreementId' }] } });
    });
  });

  describe('POST /agreements/:agreementId/completion-claims', () => {
    it('records a completion claim on a term', async () => {
      const res = await post(ledger, `${A}/completion-claims`, {
        claimId: 'ua-completed',
        termId: 'repatriation',
        sourceId: 'ua-coordination-hq',
        statedAt: STATED,
        quote: 'has been completed',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        claimId: 'ua-completed',
        events: [{ type: 'AgreementTermCompletionClaimed' }],
      });
    });

    it('answers 404 for an unknown term', async () => {
      const res = await post(ledger, `${A}/completion-claims`, {
        termId: 'ceasefire',
        sourceId: 'ua-coordination-hq',
        statedAt: STATED,
      });
      expect(res).toMatchObject({ status: 404, body: { code: 'term_not_found' } });
    });
  });

  describe('POST /agreements/:agreementId/characterizations', () => {
    it('records rival framings, the second naming the first it contests', async () => {
      const first = await post(ledger, `${A}/characterizations`, {
        claimId: 'ua-mutual',
        termId: 'repatriation',
        property: 'reciprocity',
        value: 'mutual_exchange',
        sourceId: 'ua-coordination-hq',
        statedAt: STATED,
      });
      const second = await post(ledger, `${A}/characterizations`, {
        claimId: 'ru-unilateral',
        termId: 'repatriation',
        property: 'reciprocity',
        value: 'unilateral_humanitarian',
        sourceId: 'ru-mod',
        statedAt: STATED,
      });
      expect([first.status, second.status]).toEqual([201, 201]);
      expect((await stream()).at(-1)?.data).toMatchObject({
        claimId: 'ru-unilateral',
        contestedClaimIds: ['ua-mutual'],
      });
    });

    it('answers 400 when a required field is missing', async () => {
      const res = await post(ledger, `${A}/characterizations`, {
        property: 'reciprocity',
        sourceId: 'ru-mod',
        statedAt: STATED,
      });
      expect(res).toMatchObject({ status: 400, body: { errors: [{ field: 'value' }] } });
    });
  });

  describe('POST /agreements/:agreementId/claims/:claimId/revisions', () => {
    it('supersedes a claim with a new one, and the open dispute follows it', async () => {
      const res = await post(ledger, `${A}/claims/ru-1248/revisions`, {
        newClaimId: 'ru-1246',
        quantity: { value: 1246, precision: 'exact' },
        reason: 'recount',
        statedAt: STATED,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ claimId: 'ru-1248', newClaimId: 'ru-1246' });
      expect(eventTypes(res)).toEqual(['ClaimRevised', 'DisputeClaimsChanged']);
    });

    it('answers 409 when revising a superseded claim', async () => {
      const res = await post(ledger, `${A}/claims/ru-1248/revisions`, {
        quantity: { value: 1247, precision: 'exact' },
        reason: 'again',
        statedAt: STATED,
      });
      expect(res).toMatchObject({ status: 409, body: { code: 'claim_superseded' } });
    });

    it('answers 422 when the revision changes nothing', async () => {
      const res = await post(ledger, `${A}/claims/ru-1246/revisions`, {
        quantity: { value: 1246, precision: 'exact' },
        reason: 'same',
        statedAt: STATED,
      });
      expect(res).toMatchObject({ status: 422, body: { code: 'claim_unchanged' } });
    });

    it('answers 404 for an unknown claim', async () => {
      const res = await post(ledger, `${A}/claims/no-such-claim/revisions`, {
        quantity: { value: 1, precision: 'exact' },
        reason: 'x',
        statedAt: STATED,
      });
      expect(res).toMatchObject({ status: 404, body: { code: 'claim_not_found' } });
    });
  });

  describe('POST /agreements/:agreementId/claims/:claimId/corroborations', () => {
    it('records a relay as a relay', async () => {
      const res = await post(ledger, `${A}/claims/ua-1245/corroborations`, {
        sourceId: 'ajtechnicaldr',
        statedAt: STATED,
      });
      expect(res).toMatchObject({
        status: 201,
        body: { claimId: 'ua-1245', events: [{ type: 'ClaimCorroborated' }] },
      });
      expect((await stream()).at(-1)?.data).toMatchObject({
        sourceId: 'ajtechnicaldr',
        independence: 'relay',
      });
    });

    it('answers 422 naming the rule when a relay claims independence, or a source corroborates itself', async () => {
      const relay = await post(ledger, `${A}/claims/ua-1245/corroborations`, {
        sourceId: 'ewn',
        independence: 'independent',
        statedAt: STATED,
      });
      expect(relay.status).toBe(201); // EWN is a news agency, not registered as anyone's relay
      const self = await post(ledger, `${A}/claims/ua-1245/corroborations`, {
        sourceId: 'ua-coordination-hq',
        statedAt: STATED,
      });
      expect(self).toMatchObject({ status: 422, body: { code: 'self_corroboration' } });
      const website = await post(ledger, `${A}/claims/ru-1246/corroborations`, {
        sourceId: 'ajtechnicaldr',
        independence: 'independent',
        statedAt: STATED,
      });
      expect(website).toMatchObject({ status: 422, body: { code: 'relay_not_independent' } });
    });

    it('answers 409 when the source already corroborated the claim', async () => {
      const res = await post(ledger, `${A}/claims/ua-1245/corroborations`, {
        sourceId: 'ajtechnicaldr',
        statedAt: STATED,
      });
      expect(res).toMatchObject({ status: 409, body: { code: 'already_corroborated' } });
    });
  });

  describe('POST /agreements/:agreementId/claims/:claimId/retraction', () => {
    it('retracts a claim; the dispute it was in is resolved by the rule', async () => {
      const res = await post(ledger, `${A}/claims/ru-1246/retraction`, {
        reason: 'withdrawn',
        statedAt: STATED,
      });
      expect(res.status).toBe(201);
      expect(eventTypes(res)).toEqual([
        'ClaimRetracted',
        'DisputeClaimsChanged',
        'DisputeStatusChanged',
      ]);
    });

    it('answers 409 for a claim already retracted', async () => {
      const res = await post(ledger, `${A}/claims/ru-1246/retraction`, { reason: 'again' });
      expect(res).toMatchObject({ status: 409, body: { code: 'claim_retracted' } });
    });

    it('answers 400 without a reason', async () => {
      const res = await post(ledger, `${A}/claims/ua-1245/retraction`, {});
      expect(res).toMatchObject({ status: 400, body: { errors: [{ field: 'reason' }] } });
    });
  });
});
