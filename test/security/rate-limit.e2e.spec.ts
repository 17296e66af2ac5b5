import { send } from '../support/http';
import { bearer } from '../support/test-ledger';
import { startSecuredLedger, type SecuredLedger } from './support/secured-ledger';

const LIMIT = 5;

/** Each key has its own budget across all routes; over it: 429 problem+json with Retry-After. */
describe('per-key rate limit', () => {
  let ledger: SecuredLedger;
  beforeAll(async () => {
    ledger = await startSecuredLedger({ auth: { rateLimit: { limit: LIMIT, windowMs: 60_000 } } });
  });
  afterAll(() => ledger.close());

  it('answers 429 problem+json with Retry-After once a key spends its budget, across routes', async () => {
    const analyst = bearer(ledger.tokens.analyst);
    const paths = ['/sources', '/claims', '/agreements', '/offers', '/discrepancies'];
    const within = await Promise.all(
      paths.slice(0, LIMIT).map((p) => send(`${ledger.url}${p}`, { headers: analyst })),
    );
    expect(within.map((r) => r.status)).toEqual(Array(LIMIT).fill(200));
    expect(within.map((r) => r.headers.get('x-ratelimit-remaining')).sort()).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
    ]);
    const over = await send(`${ledger.url}/claims`, { headers: analyst });
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    expect(over.json).toMatchObject({
      status: 429,
      code: 'rate_limited',
      title: 'Too Many Requests',
    });
    const retryAfter = Number(over.headers.get('retry-after'));
    // Until the oldest hit leaves the 60 s window, counted in 1 s slots: at most one slot more.
    expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 61).toBe(true);
  });

  it('leaves other keys their own budget', async () => {
    const auditor = await send(`${ledger.url}/claims`, {
      headers: bearer(ledger.tokens.auditor),
    });
    expect(auditor.status).toBe(200);
    const recorder = await send(`${ledger.url}/sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(ledger.tokens.recorder) },
      body: JSON.stringify({ sourceId: 'ewn', name: 'EWN', kind: 'news_agency' }),
    });
    expect(recorder.status).toBe(201);
  });

  it('limits requests without a key per address, public routes and refused ones alike', async () => {
    // One budget per address for every request that brings no valid key, spent before any body
    // is read (test/security/before-body.e2e checks the bodies): 401s, then 429.
    const unauthenticated = await Promise.all(
      Array.from({ length: LIMIT * 2 }, () => send(`${ledger.url}/claims`)),
    );
    expect(unauthenticated.map((r) => r.status).sort()).toEqual([
      ...Array<number>(LIMIT).fill(401),
      ...Array<number>(LIMIT).fill(429),
    ]);
    expect((await send(`${ledger.url}/health`)).status).toBe(429);
  });
});
