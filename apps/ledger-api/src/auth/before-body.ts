import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { toProblem, sendProblem } from '../http/problem-details.filter';
import { admit, WWW_AUTHENTICATE } from './access.guard';
import { AccessProblem, rateLimited } from './auth-errors';
import type { AuthSettings } from './auth-settings';
import type { KeyRing } from './key-ring';
import type { RouteTable } from './route-table';

/** The throttler name our storage keys carry (the module's single, unnamed throttler). */
const THROTTLER = 'default';

/** The budget key of requests without a valid key from one address. */
export function addressTracker(ip: string): string {
  return `${THROTTLER}:ip:${ip}`;
}

export interface BeforeBodyDeps {
  readonly keys: KeyRing;
  readonly routes: RouteTable;
  /** The rate limit's storage, shared with the per-key guard. */
  readonly storage: ThrottlerStorage;
  readonly rateLimit: AuthSettings['rateLimit'];
}

/**
 * Runs at `onRequest`, before Fastify reads or parses a body: a route that needs a key refuses a
 * request without a valid one here (401), or with a key lacking the role (403), so an anonymous sender costs a header check, not a JSON
 * parse (no key + a malformed, oversized or non-JSON body is a 401, never a 400/413/415).
 * Every request without a valid key (refused, or to a public route, the API docs, an unknown URL)
 * spends its address's budget here, once; over it, 429. Keyed requests are counted per key by
 * RateLimitGuard, after the role check. The guard still checks the key and the role: this hook
 * only refuses earlier.
 */
export function refuseBeforeBody(deps: BeforeBodyDeps): FastifyPluginAsync {
  const plugin: FastifyPluginAsync = async (fastify) => addHook(fastify, deps);
  // Not encapsulated (what fastify-plugin marks): the hook applies to every route. Registered as
  // a plugin after helmet's, it runs after helmet's hook, so refusals carry its headers too.
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}

function addHook(fastify: FastifyInstance, deps: BeforeBodyDeps): void {
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const access = deps.routes.accessOf(request.method, request.routeOptions.url);
    if (access?.kind === 'roles') {
      const admission = admit(deps.keys, request.headers.authorization, access);
      if (!(admission instanceof AccessProblem)) return undefined;
      closeIfBody(request, reply);
      if (admission.getStatus() === 401) {
        if (await overBudget(request, reply, deps)) return reply;
        void reply.header('www-authenticate', WWW_AUTHENTICATE);
      }
      sendProblem(reply, request, toProblem(admission));
      return reply;
    }
    if (await overBudget(request, reply, deps)) return reply;
    return undefined;
  });
}

/** Spends one request of the address's budget; true (and a 429 sent) when there was none left. */
async function overBudget(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: BeforeBodyDeps,
): Promise<boolean> {
  const { limit, windowMs } = deps.rateLimit;
  const record = await deps.storage.increment(
    addressTracker(request.ip),
    windowMs,
    limit,
    0,
    THROTTLER,
  );
  if (!record.isBlocked) return false;
  closeIfBody(request, reply);
  void reply.header('retry-after', String(record.timeToBlockExpire));
  sendProblem(reply, request, toProblem(rateLimited(record.timeToBlockExpire)));
  return true;
}

/** A refused request's body is never read: its connection closes after the answer instead. */
function closeIfBody(request: FastifyRequest, reply: FastifyReply): void {
  const { headers } = request;
  const length = headers['content-length'];
  if (headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0'))
    void reply.header('connection', 'close');
}
