import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type DashboardLedger, startDashboardLedger } from './support/ledger';

/**
 * How the ledger serves the built dashboard: exact routes with the right types and cache
 * headers, beside the API and never over it. A small stand-in build keeps this fast; the browser
 * suite serves a real one.
 */

const INDEX =
  '<!doctype html><title>Ledger</title><script type="module" src="/assets/index-3f2a9c.js"></script>';
const BUNDLE = `console.log(${JSON.stringify('x'.repeat(4096))});`;

function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-build-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, 'assets', 'index-3f2a9c.js'), BUNDLE);
  writeFileSync(join(dir, 'assets', 'index-77b1d0.css'), 'body{margin:0}');
  writeFileSync(join(dir, 'assets', 'notes.xyz'), 'not a type the ledger serves');
  return dir;
}

describe('the dashboard, served by the ledger', () => {
  let build: string;
  let ledger: DashboardLedger;

  beforeAll(async () => {
    build = fakeBuild();
    ledger = await startDashboardLedger(build);
  });

  afterAll(async () => {
    await ledger.close();
    rmSync(build, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${ledger.url}${path}`, { headers });

  it('answers / with index.html, revalidated by ETag, under a strict content security policy', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await page.text()).toBe(INDEX);

    const again = await get('/', { 'if-none-match': page.headers.get('etag') ?? '' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('serves hashed bundles as immutable, gzipped when the client takes it', async () => {
    const zipped = await fetch(`${ledger.url}/assets/index-3f2a9c.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(zipped.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(zipped.headers.get('vary')).toBe('accept-encoding');
    // fetch decodes gzip itself; the header says it travelled compressed.
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(await zipped.text()).toBe(BUNDLE);

    const css = await get('/assets/index-77b1d0.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await get('/favicon.svg');
    expect([
      icon.status,
      icon.headers.get('content-type'),
      icon.headers.get('cache-control'),
    ]).toEqual([200, 'image/svg+xml', 'no-cache']);
  });

  it('sends the plain bytes when gzip is refused (q=0)', async () => {
    const { request } = await import('node:http');
    const body = await new Promise<{ encoding: string | undefined; bytes: Buffer }>(
      (resolve, reject) => {
        const req = request(
          `${ledger.url}/assets/index-3f2a9c.js`,
          { headers: { 'accept-encoding': 'gzip;q=0, identity' } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({ encoding: res.headers['content-encoding'], bytes: Buffer.concat(chunks) }),
            );
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
    expect(body.encoding).toBeUndefined();
    expect(body.bytes.toString()).toBe(BUNDLE);
    expect(() => gunzipSync(body.bytes)).toThrow();
  });

  it.each([
    ['a missing bundle', '/assets/index-000000.js'],
    ['a file of a type it does not serve', '/assets/notes.xyz'],
    ['a path that climbs out of the build', '/assets/..%2F..%2Fpackage.json'],
    ['an unknown page', '/no-such-page'],
  ])('answers %s with the API’s 404 problem', async (_what, path) => {
    const answer = await get(path);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await answer.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('leaves the API’s routes to the API, keys and all', async () => {
    const health = await get('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const withoutKey = await get('/agreements');
    expect(withoutKey.status).toBe(401);
    expect(withoutKey.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const agreements = await get('/agreements', {
      authorization: `Bearer ${ledger.tokens.analyst}`,
    });
    expect(agreements.status).toBe(200);
    expect(await agreements.json()).toMatchObject({ items: [] });
  });

  it('says how to build the dashboard when it was not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'dashboard-none-'));
    const bare = await startDashboardLedger(empty);
    try {
      const answer = await fetch(`${bare.url}/`);
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await answer.json()) as { code: string; detail: string };
      expect(problem.code).toBe('dashboard_not_built');
      expect(problem.detail).toContain('npm run build');
      expect((await fetch(`${bare.url}/health`)).status).toBe(200);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
