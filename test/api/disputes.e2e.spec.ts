import { post, startLedger, type TestLedger } from './support/ledger-server';
import { enter, STATED, sourcesAndAgreement } from './support/scenario';

const A = '/agreements/istanbul-2025';
const transfer = (claimId: string, value: number, sourceId: string, phase = 'final') => ({
  claimId,
  termId: 'repatriation',
  direction: { from: 'russia', to: 'ukraine' },
  measure: 'bodies',
  scope: { kind: 'phase', phase },
  quantity: { value, precision: 'exact' },
  sourceId,
  statedAt: STATED,
});

describe('disputes raised and weighed by a person', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startLedger();
    await enter(ledger, sourcesAndAgreement());
    for (const body of [
      transfer('ua-first', 1000, 'ua-coordination-hq', 'first'),
      transfer('ua-final', 1245, 'ua-coordination-hq'),
      transfer('ru-final', 1248, 'ru-mod'),
    ]) {
      expect((await post(ledger, `${A}/transfers`, body)).status).toBe(201);
    }
  });
  afterAll(() => ledger.close());

  describe('POST /agreements/:agreementId/disputes', () => {
    it('records a dispute a person raises on a figure no rule contradicts', async () => {
      const res = await post(ledger, `${A}/disputes`, {
        disputeId: 'first-phase-implausible',
        claimIds: ['ua-first'],
        reason: 'no other report of this phase',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        agreementId: 'istanbul-2025',
        disputeId: 'first-phase-implausible',
        events: [{ id: expect.any(String), type: 'FigureDisputed' }],
        streamRevision: expect.any(String),
        position: expect.any(String),
      });
      const [last] = await ledger.store.readStream('agreement-istanbul-2025', {
        direction: 'backwards',
        maxCount: 1,
      });
      expect(last?.data).toMatchObject({
        disputeId: 'first-phase-implausible',
        detectedBy: 'person',
        reason: 'no other report of this phase',
        claims: [{ claimId: 'ua-first' }],
      });
    });

    it('answers 409 while a dispute is already open on the quantity', async () => {
      const res = await post(ledger, `${A}/disputes`, { claimIds: ['ua-final'], reason: 'again' });
      expect(res).toMatchObject({ status: 409, body: { code: 'dispute_already_open' } });
    });

    it('answers 422 naming the rule for claims on different quantities', async () => {
      const res = await post(ledger, `${A}/disputes`, {
        claimIds: ['ua-first', 'ua-final'],
        reason: 'mixed',
      });
      expect(res).toMatchObject({ status: 422, body: { code: 'claims_on_different_keys' } });
    });

    it('answers 404 for an unknown claim', async () => {
      const res = await post(ledger, `${A}/disputes`, {
        claimIds: ['nobody-said-this'],
        reason: 'x',
      });
      expect(res).toMatchObject({ status: 404, body: { code: 'claim_not_found' } });
    });

    it('answers 400 for an empty or malformed claim list', async () => {
      const empty = await post(ledger, `${A}/disputes`, { claimIds: [], reason: 'x' });
      expect(empty).toMatchObject({ status: 400, body: { errors: [{ field: 'claimIds' }] } });
      const malformed = await post(ledger, `${A}/disputes`, {
        claimIds: ['ok', 'Not OK'],
        reason: 'x',
      });
      expect(malformed).toMatchObject({ status: 400, body: { errors: [{ field: 'claimIds' }] } });
    });
  });

  describe('POST /agreements/:agreementId/disputes/:disputeId/status', () => {
    it('records a status a person sets on the dispute the rule opened', async () => {
      const res = await post(ledger, `${A}/disputes/dispute-ru-final/status`, {
        status: 'unaddressed',
        reason: 'neither side addressed the discrepancy of three',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        agreementId: 'istanbul-2025',
        disputeId: 'dispute-ru-final',
        events: [{ type: 'DisputeStatusChanged' }],
      });
      const [last] = await ledger.store.readStream('agreement-istanbul-2025', {
        direction: 'backwards',
        maxCount: 1,
      });
      expect(last?.data).toMatchObject({
        previousStatus: 'open',
        status: 'unaddressed',
        by: 'person',
      });
    });

    it('answers 409 when the status does not change', async () => {
      const res = await post(ledger, `${A}/disputes/dispute-ru-final/status`, {
        status: 'unaddressed',
        reason: 'still',
      });
      expect(res).toMatchObject({ status: 409, body: { code: 'dispute_status_unchanged' } });
    });

    it('answers 404 for an unknown dispute', async () => {
      const res = await post(ledger, `${A}/disputes/no-such-dispute/status`, {
        status: 'resolved',
        reason: 'x',
      });
      expect(res).toMatchObject({ status: 404, body: { code: 'dispute_not_found' } });
    });

    it("answers 400 for 'open', which only the rule sets", async () => {
      const res = await post(ledger, `${A}/disputes/dispute-ru-final/status`, {
        status: 'open',
        reason: 'x',
      });
      expect(res).toMatchObject({ status: 400, body: { errors: [{ field: 'status' }] } });
    });
  });
});
