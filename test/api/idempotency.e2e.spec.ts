import { eventIds, post, startLedger, type TestLedger } from './support/ledger-server';
import { enter, STATED, sourcesAndAgreement } from './support/scenario';

const A = '/agreements/istanbul-2025';
const transfer = (value: number, claimId?: string) => ({
  ...(claimId ? { claimId } : {}),
  termId: 'repatriation',
  direction: { from: 'russia', to: 'ukraine' },
  measure: 'bodies',
  scope: { kind: 'phase', phase: 'final' },
  quantity: { value, precision: 'exact' },
  sourceId: 'ua-coordination-hq',
  statedAt: STATED,
});
const key = (k: string) => ({ 'idempotency-key': k });

describe('Idempotency-Key', () => {
  let ledger: TestLedger;
  const head = () => ledger.store.headPosition();
  beforeAll(async () => {
    ledger = await startLedger();
    await enter(ledger, sourcesAndAgreement());
  });
  afterAll(() => ledger.close());

  it('answers a retry with the first answer and appends nothing', async () => {
    const first = await post(ledger, `${A}/transfers`, transfer(1245, 'ua-1245'), key('retry-1'));
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const before = await head();
    const retry = await post(ledger, `${A}/transfers`, transfer(1245, 'ua-1245'), key('retry-1'));
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    await expect(head()).resolves.toBe(before);
  });

  it('stores the key and the request hash with the events, atomically', async () => {
    const [event] = await ledger.store.readStream('agreement-istanbul-2025', {
      direction: 'backwards',
      maxCount: 1,
    });
    expect(event?.metadata).toMatchObject({
      idempotencyKey: 'retry-1',
      requestHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('replays the first answer even when the body lists its fields in another order', async () => {
    const body = transfer(1245, 'ua-1245');
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const retry = await post(ledger, `${A}/transfers`, reordered, key('retry-1'));
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('derives the ids the server generates from the key, so a retry targets the same stream', async () => {
    const first = await post(
      ledger,
      '/sources',
      { name: 'Interfax', kind: 'news_agency' },
      key('new-source'),
    );
    const before = await head();
    const retry = await post(
      ledger,
      '/sources',
      { name: 'Interfax', kind: 'news_agency' },
      key('new-source'),
    );
    expect(first.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.body.sourceId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    await expect(head()).resolves.toBe(before);
    // Without a key, the same body registers another source.
    const unkeyed = await post(ledger, '/sources', { name: 'Interfax', kind: 'news_agency' });
    expect(unkeyed.body.sourceId).not.toBe(first.body.sourceId);
  });

  it('answers 422 idempotency_key_reused for the same key with another request on the same stream', async () => {
    const before = await head();
    const res = await post(ledger, `${A}/transfers`, transfer(1246, 'ua-1246'), key('retry-1'));
    expect(res).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
    await expect(head()).resolves.toBe(before);
  });

  it('answers 422 idempotency_key_reused for the same key on another stream', async () => {
    const before = await head();
    const res = await post(
      ledger,
      '/sources',
      { sourceId: 'tass', name: 'TASS', kind: 'news_agency' },
      key('retry-1'),
    );
    expect(res).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
    await expect(head()).resolves.toBe(before);
    await expect(ledger.store.readStream('source-tass')).rejects.toThrow('not found');
  });

  it('remembers only answers that appended: a refused command may be retried with the same key once fixed', async () => {
    const body = { ...transfer(7), sourceId: 'late-source', claimId: 'late-claim' };
    const refused = await post(ledger, `${A}/transfers`, body, key('after-fix'));
    expect(refused).toMatchObject({ status: 404, body: { code: 'source_not_registered' } });
    await enter(ledger, [
      {
        method: 'POST',
        path: '/sources',
        body: { sourceId: 'late-source', name: 'Late', kind: 'media' },
      },
    ]);
    const accepted = await post(ledger, `${A}/transfers`, body, key('after-fix'));
    expect(accepted.status).toBe(201);
  });

  it('stores once when the same keyed request arrives many times at once', async () => {
    const before = await head();
    const body = transfer(1300);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => post(ledger, `${A}/transfers`, body, key('burst'))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    const events = await ledger.store.readAll({ fromPosition: before + 1n });
    expect(events.filter((e) => e.metadata.idempotencyKey === 'burst').map((e) => e.id)).toEqual(
      eventIds(answers[0]!),
    );
  });

  it('keeps keys apart from unkeyed commands: the same body without a key is a new command', async () => {
    const res = await post(ledger, `${A}/transfers`, transfer(1245, 'ua-1245'));
    expect(res).toMatchObject({ status: 409, body: { code: 'claim_already_exists' } });
  });

  it('treats a retry with a percent-encoded path as the same request', async () => {
    const first = await post(ledger, `${A}/transfers`, transfer(1246, 'ua-1246'), key('encoded'));
    expect(first.status).toBe(201);
    const before = await head();
    // %2D is '-': the same route, spelled otherwise by a client or a proxy.
    const retry = await post(
      ledger,
      '/agreements/istanbul%2D2025/transfers',
      transfer(1246, 'ua-1246'),
      key('encoded'),
    );
    expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: first.body });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    await expect(head()).resolves.toBe(before);
  });
});
