import { post, startLedger, type TestLedger } from './support/ledger-server';

/** Errors raised before any handler runs: they answer as problems too. */
describe('HTTP-level errors', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(() => ledger.close());

  it('answers invalid JSON with a 400 problem', async () => {
    const res = await post(ledger, '/sources', '{"name": "EWN",');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, title: 'Bad Request', instance: '/sources' });
  });

  it.each(['[]', 'null', '"EWN"', '42'])(
    'answers a JSON body that is not an object (%s) with a 400 naming the body',
    async (body) => {
      const res = await post(ledger, '/sources', body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'validation_failed',
        errors: [{ field: 'body', messages: ['the body must be a JSON object'] }],
      });
    },
  );

  it('answers an empty JSON body and a prototype-polluting body with a 400 problem', async () => {
    const empty = await post(ledger, '/sources', '');
    expect(empty).toMatchObject({ status: 400, body: { status: 400 } });
    const polluting = await post(
      ledger,
      '/sources',
      '{"__proto__":{"admin":true},"name":"a","kind":"media"}',
    );
    expect(polluting).toMatchObject({ status: 400, body: { status: 400 } });
    await expect(ledger.store.headPosition()).resolves.toBe(0n);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await post(ledger, '/treaties', { name: 'x' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, detail: 'Cannot POST /treaties' });
  });

  it('answers a body over 256 KiB with a 413 problem and stores nothing', async () => {
    const res = await post(ledger, '/sources', {
      sourceId: 'big',
      name: 'x'.repeat(300 * 1024),
      kind: 'media',
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 413, title: 'Payload Too Large' });
    await expect(ledger.store.headPosition()).resolves.toBe(0n);
  });

  it('answers a body that is not JSON with a 415 problem', async () => {
    const res = await post(ledger, '/sources', 'name=EWN', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ status: 415 });
    const plain = await post(ledger, '/sources', '{"name":"EWN"}', {
      'content-type': 'text/plain',
    });
    expect(plain.status).toBe(415);
  });
});
