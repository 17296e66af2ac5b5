import { RouteTable, type RouteEntry } from '../../apps/ledger-api/src/auth';
import { ROLES, type Role } from '../../apps/ledger-api/src/auth/roles';
import { send } from '../support/http';
import { bearer } from '../support/test-ledger';
import { startSecuredLedger, type SecuredLedger } from './support/secured-ledger';

/**
 * Deny by default, proven on the routes the running app actually has: the route table is read
 * from Fastify (every route Nest or a plugin registered), so a route added later is checked
 * without touching this file, and one that declares no role fails the first test.
 */

/** A well-formed token no ledger issued: right shape, unknown id. */
const UNKNOWN_TOKEN = `ldg_0123456789abcdef_${'A'.repeat(43)}`;

function concretePath(template: string): string {
  return template.replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, 'probe').replace(/\*/g, 'probe');
}

function requestOf(route: RouteEntry, headers: Record<string, string> = {}): RequestInit {
  const body =
    route.method === 'POST'
      ? { body: '{}', headers: { 'content-type': 'application/json', ...headers } }
      : { headers };
  return { method: route.method, ...body };
}

function describeAccess(route: RouteEntry): string {
  if (route.access === undefined) return 'NONE DECLARED';
  if (route.access.kind === 'roles') return route.access.roles.join(' | ');
  return route.access.kind === 'framework' ? `public (${route.access.why})` : 'public';
}

describe('every route declares who may call it, and refuses everyone else', () => {
  let ledger: SecuredLedger;
  let routes: readonly RouteEntry[];
  beforeAll(async () => {
    ledger = await startSecuredLedger();
    routes = ledger.app.get(RouteTable).routes;
    console.log(
      `Route table (${routes.length} routes):\n` +
        routes
          .map((r) => `  ${r.method.padEnd(7)} ${r.url.padEnd(58)} ${describeAccess(r)}`)
          .join('\n'),
    );
  });
  afterAll(() => ledger.close());

  const guarded = (): (RouteEntry & { access: { kind: 'roles'; roles: readonly Role[] } })[] =>
    routes.filter(
      (r): r is RouteEntry & { access: { kind: 'roles'; roles: readonly Role[] } } =>
        r.access?.kind === 'roles',
    );

  it('finds the routes, and none without a declaration', () => {
    expect(routes.filter((r) => r.method === 'POST').length).toBeGreaterThanOrEqual(13);
    expect(routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`)).toEqual(
      [],
    );
  });

  it('answers 401 problem+json with a Bearer challenge to a request without a key, on every guarded route', async () => {
    for (const route of guarded()) {
      const reply = await send(`${ledger.url}${concretePath(route.url)}`, requestOf(route));
      expect({ route: `${route.method} ${route.url}`, status: reply.status }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
      });
      expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="ledger"');
      if (route.method !== 'HEAD') {
        expect(reply.headers.get('content-type')).toContain('application/problem+json');
        expect(reply.json).toMatchObject({ status: 401, code: 'unauthenticated' });
      }
    }
  });

  it('answers 401 to an unknown key and to a malformed Authorization header, on every guarded route', async () => {
    const wrong = [
      'Bearer ' + UNKNOWN_TOKEN,
      `Bearer ${ledger.tokens.admin}x`,
      'Basic YWRtaW46YWRtaW4=',
      ledger.tokens.admin,
    ];
    for (const route of guarded()) {
      for (const authorization of wrong) {
        const reply = await send(
          `${ledger.url}${concretePath(route.url)}`,
          requestOf(route, { authorization }),
        );
        expect({
          route: `${route.method} ${route.url}`,
          authorization,
          status: reply.status,
        }).toMatchObject({ status: 401 });
      }
    }
  });

  it("answers 403 problem+json to a key that lacks the route's role, for every such role", async () => {
    let checked = 0;
    for (const route of guarded()) {
      const refused = ROLES.filter(
        (role) => role !== 'admin' && !route.access.roles.includes(role),
      );
      for (const role of refused) {
        const reply = await send(
          `${ledger.url}${concretePath(route.url)}`,
          requestOf(route, bearer(ledger.tokens[role])),
        );
        expect({ route: `${route.method} ${route.url}`, role, status: reply.status }).toEqual({
          route: `${route.method} ${route.url}`,
          role,
          status: 403,
        });
        if (route.method !== 'HEAD')
          expect(reply.json).toMatchObject({ status: 403, code: 'forbidden' });
        checked += 1;
      }
    }
    console.log(`403 checks: ${checked} (route, role) pairs refused`);
    expect(checked).toBeGreaterThan(0);
  });

  it('lets each admitted role, and admin, past the guard (whatever the route then answers)', async () => {
    // A HEAD route is Fastify's copy of its GET twin (same handler, same declaration), refused
    // above like any route; past the guard it would only repeat the GET (an event stream's HEAD
    // never completes), so the GET stands for both here.
    const twins = new Set(
      guarded()
        .filter((r) => r.method === 'GET')
        .map((r) => r.url),
    );
    for (const route of guarded().filter((r) => !(r.method === 'HEAD' && twins.has(r.url)))) {
      for (const role of [...route.access.roles, 'admin' as const]) {
        const reply = await send(
          `${ledger.url}${concretePath(route.url)}`,
          requestOf(route, bearer(ledger.tokens[role])),
          5_000,
        );
        expect({
          route: `${route.method} ${route.url}`,
          role,
          refused: [401, 403].includes(reply.status),
        }).toEqual({
          route: `${route.method} ${route.url}`,
          role,
          refused: false,
        });
        expect(reply.status).toBeLessThan(500);
      }
    }
  }, 90_000);

  it('answers public routes without a key', async () => {
    const open = routes
      .filter((r) => r.access?.kind === 'public' || r.access?.kind === 'framework')
      .filter((r) => r.method !== 'OPTIONS');
    expect(open.map((r) => r.url)).toEqual(expect.arrayContaining(['/health']));
    for (const route of open) {
      const reply = await send(`${ledger.url}${concretePath(route.url)}`, { method: route.method });
      expect({ route: `${route.method} ${route.url}`, status: reply.status }).toEqual({
        route: `${route.method} ${route.url}`,
        status: reply.status,
      });
      expect([401, 403]).not.toContain(reply.status);
    }
  });
});
