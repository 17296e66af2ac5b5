import { newApiKey } from '../../apps/ledger-api/src/auth';
import { UNREACHABLE_RATE_LIMIT } from '../../apps/ledger-api/src/auth/testing/test-keys';
import {
  enterSeedFixture,
  type RunningTestLedger,
  startTestLedger,
  type TestStoreKind,
} from '../support/test-ledger';
import { seedFixture, transferReport } from './support/scenario';

/**
 * Issue 19, defect 1: ids are unique across the ledger. A claim, dispute, offer or source id
 * already held by one agreement is refused for another with 409 problem+json naming the holder,
 * and nothing is written; the first agreement's answers do not change. On every adapter.
 */
const A = 'istanbul-2025';
const B = 'geneva-2026';
const TAKEN_CLAIM = 'claim-ua-hq-final-1245';
const TAKEN_DISPUTE = 'dispute-final-phase-russia-to-ukraine';

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read arbitrary fields
}

const transfer = (claimId: string, value: number, sourceId = 'ua-coordination-hq') =>
  transferReport(claimId, value, sourceId);

function agreementB(): unknown {
  const signed = seedFixture().find((r) => r.path === '/agreements');
  return { ...(signed?.body as object), agreementId: B, title: 'A second agreement' };
}

describe.each<TestStoreKind>(['memory', 'sqlite', 'esdb'])('ids across agreements (%s)', (kind) => {
  let ledger: RunningTestLedger;
  let token: string;

  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const response = await fetch(`${ledger.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
  };
  const head = () => ledger.store.headPosition();
  /** What an analyst sees of agreement A, once the read models hold position `at`. */
  const viewOfA = async (at: bigint) => {
    const wait = `minPosition=${at}`;
    return {
      claim: (await call('GET', `/claims/${TAKEN_CLAIM}?${wait}`)).body,
      claims: (await call('GET', `/claims?agreementId=${A}&limit=100&${wait}`)).body,
      totals: (await call('GET', `/agreements/${A}/totals?${wait}`)).body,
      disputes: (await call('GET', `/discrepancies?agreementId=${A}&limit=100&${wait}`)).body,
      trail: (await call('GET', `/claims/${TAKEN_CLAIM}/audit-trail?limit=100&${wait}`)).body,
    };
  };
  const refusedWithNothingWritten = async (
    path: string,
    body: unknown,
    code: string,
    holder: string,
  ): Promise<Answer> => {
    const before = await head();
    const answer = await call('POST', path, body);
    expect(answer.status).toBe(409);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 409, code, heldByAgreementId: holder });
    expect(await head()).toBe(before);
    return answer;
  };

  beforeAll(async () => {
    const key = newApiKey('identity-admin', ['admin']);
    token = key.token;
    ledger = await startTestLedger({
      store: kind,
      config: { LEDGER_CHECKPOINTER: 'off' },
      auth: { apiKeys: [key.record], rateLimit: UNREACHABLE_RATE_LIMIT },
    });
    await enterSeedFixture(ledger.url, { authorization: `Bearer ${token}` });
    expect((await call('POST', '/agreements', agreementB())).status).toBe(201);
  });
  afterAll(() => ledger.close());

  it("refuses a claim id another agreement holds, and leaves that agreement's answers as they were", async () => {
    const before = await viewOfA(await head());
    expect(before.claim.claim.agreementId).toBe(A);
    const answer = await refusedWithNothingWritten(
      `/agreements/${B}/transfers`,
      transfer(TAKEN_CLAIM, 900),
      'claim_id_taken',
      A,
    );
    expect(answer.body.detail).toContain(A);
    expect(await viewOfA(await head())).toEqual(before);
  });

  it('refuses a taken claim id for completions, characterisations and revisions too', async () => {
    await refusedWithNothingWritten(
      `/agreements/${B}/completion-claims`,
      {
        claimId: TAKEN_CLAIM,
        termId: 'repatriation',
        sourceId: 'ua-coordination-hq',
        statedAt: '2025-06-18T09:00:00Z',
      },
      'claim_id_taken',
      A,
    );
    await refusedWithNothingWritten(
      `/agreements/${B}/characterizations`,
      {
        claimId: 'claim-ua-mutual-exchange',
        termId: 'repatriation',
        property: 'reciprocity',
        value: 'mutual_exchange',
        sourceId: 'ua-coordination-hq',
        statedAt: '2025-06-18T09:00:00Z',
      },
      'claim_id_taken',
      A,
    );
    expect((await call('POST', `/agreements/${B}/transfers`, transfer('b-1', 700))).status).toBe(
      201,
    );
    await refusedWithNothingWritten(
      `/agreements/${B}/claims/b-1/revisions`,
      {
        newClaimId: 'claim-ru-mod-final-1248',
        quantity: { value: 701, precision: 'exact' },
        reason: 'corrected',
        statedAt: '2025-06-18T10:00:00Z',
      },
      'claim_id_taken',
      A,
    );
  });

  it('refuses a dispute id another agreement holds', async () => {
    expect(
      // The same figure, so no dispute opens by rule: the person's dispute below is the first.
      (await call('POST', `/agreements/${B}/transfers`, transfer('b-2', 700, 'ru-mod'))).status,
    ).toBe(201);
    await refusedWithNothingWritten(
      `/agreements/${B}/disputes`,
      { disputeId: TAKEN_DISPUTE, claimIds: ['b-1', 'b-2'], reason: 'they differ' },
      'dispute_id_taken',
      A,
    );
  });

  it('refuses a taken offer or source id, whichever agreement the request names', async () => {
    const offer = seedFixture().find((r) => r.path === '/offers')?.body as object;
    const before = await head();
    const offerAnswer = await call('POST', '/offers', { ...offer, agreementId: B });
    expect(offerAnswer.status).toBe(409);
    expect(offerAnswer.contentType).toContain('application/problem+json');
    const source = await call('POST', '/sources', {
      sourceId: 'ewn',
      name: 'Another EWN',
      kind: 'media',
    });
    expect(source.status).toBe(409);
    expect(await head()).toBe(before);
  });

  it('accepts the same command again after a crash left its reservation without its event', async () => {
    // What a crash between the reservation and the append leaves behind: the reservation alone.
    await ledger.store.appendToStream(
      'id-claim-b-crashed',
      [
        {
          id: '7d2f6a36-5d0c-4d36-8f3e-2a1c3b4d5e6f',
          type: 'IdReserved',
          data: { kind: 'claim', id: 'b-crashed', agreementId: B },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await refusedWithNothingWritten(
      `/agreements/${A}/transfers`,
      transfer('b-crashed', 10),
      'claim_id_taken',
      B,
    );
    const retried = await call('POST', `/agreements/${B}/transfers`, transfer('b-crashed', 10));
    expect(retried.status).toBe(201);
    const claim = await call('GET', `/claims/b-crashed?minPosition=${retried.body.position}`);
    expect(claim.body.claim).toMatchObject({ agreementId: B, claimId: 'b-crashed' });
  });

  it('keeps apart the agreements of a log that holds one claim id twice, written without the API', async () => {
    const before = await viewOfA(await head());
    // Another tool copies A's claim, id and all, into B's stream: no reservation guards it.
    const original = (await ledger.store.readStream(`agreement-${A}`)).find(
      (e) => e.type === 'TransferReported' && e.data['claimId'] === TAKEN_CLAIM,
    );
    const [last] = await ledger.store.readStream(`agreement-${B}`, {
      direction: 'backwards',
      maxCount: 1,
    });
    const data = original?.data as Record<string, unknown>;
    const written = await ledger.store.appendToStream(
      `agreement-${B}`,
      [
        {
          id: '1b0c8d3e-2f4a-4b5c-9d6e-7f8091a2b3c4',
          type: 'TransferReported',
          data: {
            ...data,
            agreementId: B,
            quantityKey: String(data['quantityKey']).replace(A, B),
            quantity: { value: 999, precision: 'exact' },
          },
          metadata: { ...original?.metadata, audit: null },
        },
      ],
      { expectedRevision: last?.revision ?? 0n },
    );
    const at = written.position;
    const ambiguous = await call('GET', `/claims/${TAKEN_CLAIM}?minPosition=${at}`);
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.contentType).toContain('application/problem+json');
    expect(ambiguous.body).toMatchObject({ code: 'ambiguous_id', agreementIds: [B, A] });
    const trail = await call('GET', `/claims/${TAKEN_CLAIM}/audit-trail?minPosition=${at}`);
    expect(trail.status).toBe(409);
    const scoped = async (path: string): Promise<Answer['body']> =>
      (
        await call(
          'GET',
          `${path}${path.includes('?') ? '&' : '?'}agreementId=${A}&minPosition=${at}`,
        )
      ).body;
    const after = {
      ...(await viewOfA(at)),
      claim: await scoped(`/claims/${TAKEN_CLAIM}`),
      trail: await scoped(`/claims/${TAKEN_CLAIM}/audit-trail?limit=100`),
    };
    const { asOfPosition: _c, ...claimNow } = after.claim;
    const { asOfPosition: _c0, ...claimThen } = before.claim;
    expect(claimNow).toEqual(claimThen);
    expect(after.trail.items).toEqual(before.trail.items);
    expect(after.claims.items).toEqual(before.claims.items);
    expect(after.totals.totals).toEqual(before.totals.totals);
    expect(after.disputes.items).toEqual(before.disputes.items);
    const inB = await call('GET', `/claims/${TAKEN_CLAIM}?agreementId=${B}&minPosition=${at}`);
    expect(inB.body.claim).toMatchObject({ agreementId: B, quantity: { value: 999 } });
  });
});
