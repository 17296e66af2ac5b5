import { gunzipSync } from 'node:zlib';
import { send } from '../support/http';
import { bearer } from '../support/test-ledger';
import { startSecuredLedger, type SecuredLedger } from './support/secured-ledger';

/**
 * A route that needs a key refuses a request without a valid one before its body is read: the
 * answer is 401 whatever the body (malformed, oversized, not JSON), and nothing is stored. Requests
 * without a key spend their address's budget (429 beyond), the API docs included.
 */
const LIMIT = 8;

describe('authentication before the body', () => {
  let ledger: SecuredLedger;

  beforeEach(async () => {
    ledger = await startSecuredLedger({ auth: { rateLimit: { limit: LIMIT, windowMs: 60_000 } } });
  });
  afterEach(() => ledger.close());

  const bodies: [string, Record<string, string>, string][] = [
    ['malformed JSON', { 'content-type': 'application/json' }, '{"sourceId":'],
    [
      'a body over 256 KiB',
      { 'content-type': 'application/json' },
      JSON.stringify({ sourceId: 'big', name: 'x'.repeat(300 * 1024), kind: 'media' }),
    ],
    ['a body that is not JSON', { 'content-type': 'text/plain' }, '{"name":"EWN"}'],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, 'name=EWN'],
    ['a key naming a prototype', { 'content-type': 'application/json' }, '{"__proto__":{}}'],
  ];

  it.each(bodies)(
    'no key + %s → 401 problem+json, nothing stored',
    async (_what, headers, body) => {
      for (const auth of [{}, { authorization: 'Bearer ldg_nope' }] as Record<string, string>[]) {
        const res = await send(`${ledger.url}/sources`, {
          method: 'POST',
          headers: { ...headers, ...auth },
          body,
        });
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.headers.get('www-authenticate')).toBe('Bearer realm="ledger"');
        expect(res.json).toMatchObject({ status: 401, code: 'unauthenticated' });
      }
      await expect(ledger.store.headPosition()).resolves.toBe(0n);
    },
  );

  it('a key is still checked for its role, and a valid one still gets the body checks', async () => {
    const analyst = await send(`${ledger.url}/sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(ledger.tokens.analyst) },
      body: '{"sourceId":',
    });
    expect(analyst.status).toBe(403);
    const recorder = await send(`${ledger.url}/sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(ledger.tokens.recorder) },
      body: '{"sourceId":',
    });
    expect(recorder.status).toBe(400);
    expect(recorder.json).toMatchObject({ status: 400 });
  });

  it('requests without a key spend their address budget: 401s, then 429 with Retry-After; keys keep theirs', async () => {
    const answers = [];
    for (let i = 0; i < LIMIT + 2; i++)
      answers.push(
        await send(`${ledger.url}/sources`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '[' + '0,'.repeat(1000) + '0]',
        }),
      );
    expect(answers.map((a) => a.status)).toEqual([...Array<number>(LIMIT).fill(401), 429, 429]);
    const over = answers.at(-1)!;
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    expect(over.json).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // Public routes share the same address budget; a key has its own.
    expect((await send(`${ledger.url}/health`)).status).toBe(429);
    const analyst = await send(`${ledger.url}/claims`, {
      headers: bearer(ledger.tokens.analyst),
    });
    expect(analyst.status).toBe(200);
  });

  it.each(['/docs', '/docs-json', '/docs/swagger-ui-bundle.js'])(
    '%s is rate-limited per address (429 problem+json past the budget)',
    async (path) => {
      const statuses: number[] = [];
      for (let i = 0; i <= LIMIT; i++) statuses.push((await send(`${ledger.url}${path}`)).status);
      expect(statuses).toEqual([...Array<number>(LIMIT).fill(200), 429]);
      const over = await send(`${ledger.url}${path}`);
      expect(over.headers.get('content-type')).toContain('application/problem+json');
    },
  );

  it('the Swagger UI bundle is served gzip-compressed to clients that accept it', async () => {
    const plain = await fetch(`${ledger.url}/docs/swagger-ui-bundle.js`, {
      headers: { 'accept-encoding': 'identity' },
    });
    const original = Buffer.from(await plain.arrayBuffer());
    expect(plain.headers.get('content-encoding')).toBeNull();
    // fetch would decompress on its own: node:http shows the bytes as sent.
    const { request } = await import('node:http');
    const compressed = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      request(
        `${ledger.url}/docs/swagger-ui-bundle.js`,
        { headers: { 'accept-encoding': 'gzip, deflate' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
          );
        },
      )
        .on('error', reject)
        .end();
    });
    expect(compressed.encoding).toBe('gzip');
    expect(compressed.body.length).toBeLessThan(original.length / 3);
    expect(gunzipSync(compressed.body).equals(original)).toBe(true);
  });
});
