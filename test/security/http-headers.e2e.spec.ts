import { send } from '../support/http';
import { bearer } from '../support/test-ledger';
import { startSecuredLedger, type SecuredLedger } from './support/secured-ledger';

describe('security headers and CORS (off by default)', () => {
  let ledger: SecuredLedger;
  beforeAll(async () => {
    ledger = await startSecuredLedger();
  });
  afterAll(() => ledger.close());

  it("sends helmet's headers on answers and refusals alike", async () => {
    for (const reply of [
      await send(`${ledger.url}/health`),
      await send(`${ledger.url}/claims`),
      await send(`${ledger.url}/nowhere`),
    ]) {
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
      expect(reply.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(reply.headers.get('strict-transport-security')).toContain('max-age=');
      expect(reply.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
      expect(reply.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('allows no other origin by default: no CORS headers, preflight not answered', async () => {
    const origin = { origin: 'https://elsewhere.example' };
    const read = await send(`${ledger.url}/claims`, {
      headers: { ...origin, ...bearer(ledger.tokens.analyst) },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await send(`${ledger.url}/sources`, {
      method: 'OPTIONS',
      headers: {
        ...origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(404);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS for configured origins', () => {
  let ledger: SecuredLedger;
  beforeAll(async () => {
    ledger = await startSecuredLedger({ auth: { corsOrigins: ['https://desk.example.org'] } });
  });
  afterAll(() => ledger.close());

  it("answers the configured origin's preflight and requests, and no other origin", async () => {
    const preflight = await send(`${ledger.url}/sources`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://desk.example.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://desk.example.org');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const read = await send(`${ledger.url}/claims`, {
      headers: { origin: 'https://desk.example.org', ...bearer(ledger.tokens.analyst) },
    });
    expect(read.headers.get('access-control-allow-origin')).toBe('https://desk.example.org');
    const stranger = await send(`${ledger.url}/claims`, {
      headers: { origin: 'https://elsewhere.example', ...bearer(ledger.tokens.analyst) },
    });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('still needs a key: CORS lets a page ask, the key decides', async () => {
    const anonymous = await send(`${ledger.url}/claims`, {
      headers: { origin: 'https://desk.example.org' },
    });
    expect(anonymous.status).toBe(401);
  });
});
