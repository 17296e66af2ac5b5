import { post, startLedger, type TestLedger } from './support/ledger-server';
import { enter, STATED, sourcesAndAgreement } from './support/scenario';

const offer = {
  offerId: 'ru-2239',
  agreementId: 'istanbul-2025',
  by: 'russia',
  to: 'ukraine',
  sourceId: 'ru-mod',
  measure: 'bodies',
  quantity: { value: 2239, precision: 'exact' },
  beyondAgreement: true,
  statedAt: STATED,
};

describe('offers', () => {
  let ledger: TestLedger;
  const offerEvents = async (offerId: string) => ledger.store.readStream(`offer-${offerId}`);
  beforeAll(async () => {
    ledger = await startLedger();
    await enter(ledger, sourcesAndAgreement());
  });
  afterAll(() => ledger.close());

  describe('POST /offers', () => {
    it('records an offer beyond the agreement', async () => {
      const res = await post(ledger, '/offers', offer);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        offerId: 'ru-2239',
        events: [{ id: expect.any(String), type: 'OfferMade' }],
        streamRevision: '0',
        position: expect.any(String),
      });
      expect((await offerEvents('ru-2239'))[0]?.data).toMatchObject({
        by: 'russia',
        to: 'ukraine',
        quantity: { value: 2239, precision: 'exact' },
        beyondAgreement: true,
      });
    });

    it('generates the offer id when absent', async () => {
      const { offerId: _offerId, ...rest } = offer;
      const res = await post(ledger, '/offers', rest);
      expect(res.status).toBe(201);
      await expect(offerEvents(res.body.offerId)).resolves.toHaveLength(1);
    });

    it('answers 409 when the offer id is taken', async () => {
      const res = await post(ledger, '/offers', offer);
      expect(res).toMatchObject({ status: 409, body: { code: 'offer_already_made' } });
    });

    it('answers 404 for an unknown agreement', async () => {
      const res = await post(ledger, '/offers', {
        ...offer,
        offerId: 'o-2',
        agreementId: 'nowhere',
      });
      expect(res).toMatchObject({ status: 404, body: { code: 'agreement_not_found' } });
    });

    it('answers 422 naming the rule for a party outside the agreement', async () => {
      const res = await post(ledger, '/offers', { ...offer, offerId: 'o-3', to: 'turkey' });
      expect(res).toMatchObject({ status: 422, body: { code: 'party_not_in_agreement' } });
    });

    it('answers 400 for a quantity that is not a count, or a missing flag', async () => {
      const { beyondAgreement: _flag, ...rest } = offer;
      const res = await post(ledger, '/offers', {
        ...rest,
        offerId: 'o-4',
        quantity: { value: '2239', precision: 'exact' },
      });
      expect(res.status).toBe(400);
      expect((res.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
        'beyondAgreement',
        'quantity.value',
      ]);
    });
  });

  describe('POST /offers/:offerId/revisions', () => {
    it('records a revised quantity', async () => {
      const res = await post(ledger, '/offers/ru-2239/revisions', {
        sourceId: 'ru-mod',
        quantity: { value: 2300, precision: 'about' },
        reason: 'more found',
        statedAt: STATED,
      });
      expect(res).toMatchObject({
        status: 201,
        body: { offerId: 'ru-2239', events: [{ type: 'OfferRevised' }], streamRevision: '1' },
      });
      expect((await offerEvents('ru-2239'))[1]?.data).toMatchObject({
        previousQuantity: { value: 2239, precision: 'exact' },
        quantity: { value: 2300, precision: 'about' },
      });
    });

    it('answers 422 when the quantity does not change', async () => {
      const res = await post(ledger, '/offers/ru-2239/revisions', {
        sourceId: 'ru-mod',
        quantity: { value: 2300, precision: 'about' },
        reason: 'same',
        statedAt: STATED,
      });
      expect(res).toMatchObject({ status: 422, body: { code: 'offer_unchanged' } });
    });

    it('answers 404 for an unknown offer', async () => {
      const res = await post(ledger, '/offers/no-such-offer/revisions', {
        sourceId: 'ru-mod',
        quantity: { value: 1, precision: 'exact' },
        reason: 'x',
        statedAt: STATED,
      });
      expect(res).toMatchObject({ status: 404, body: { code: 'offer_not_found' } });
    });
  });

  describe('POST /offers/:offerId/answers', () => {
    it('records the answer', async () => {
      const res = await post(ledger, '/offers/ru-2239/answers', {
        answer: 'accepted',
        sourceId: 'ua-coordination-hq',
        statedAt: STATED,
      });
      expect(res).toMatchObject({
        status: 201,
        body: { offerId: 'ru-2239', events: [{ type: 'OfferAnswered' }], streamRevision: '2' },
      });
    });

    it('answers 409 when the offer was already answered', async () => {
      const res = await post(ledger, '/offers/ru-2239/answers', {
        answer: 'declined',
        sourceId: 'ua-coordination-hq',
        statedAt: STATED,
      });
      expect(res).toMatchObject({ status: 409, body: { code: 'offer_already_answered' } });
    });

    it('answers 400 for an answer that is not one of the allowed', async () => {
      const res = await post(ledger, '/offers/ru-2239/answers', {
        answer: 'maybe',
        sourceId: 'ua-coordination-hq',
        statedAt: STATED,
      });
      expect(res).toMatchObject({ status: 400, body: { errors: [{ field: 'answer' }] } });
    });
  });
});
