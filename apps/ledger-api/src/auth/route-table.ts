import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { problem } from '../http/problem';
import { sendProblem } from '../http/problem-details.filter';
import { type Access, isAccess, ROUTE_ACCESS_CONFIG } from './access.decorator';

/**
 * Routes the framework adds itself, without a Nest controller to declare a role on: the OpenAPI
 * document and Swagger UI (a description of the API, no ledger data, opened in a browser that
 * cannot send a key), and the CORS preflight (browsers send it without credentials).
 */
const FRAMEWORK_PUBLIC: readonly {
  readonly method: RegExp;
  readonly url: RegExp;
  readonly why: string;
}[] = [
  { method: /^(GET|HEAD)$/, url: /^\/docs(-json|-yaml)?(\/.*)?$/, why: 'API documentation' },
  { method: /^OPTIONS$/, url: /^\*$|^\/\*$/, why: 'CORS preflight' },
];

export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  /** The route's declaration; `framework` for the public framework routes above; undefined: none. */
  readonly access: Access | { readonly kind: 'framework'; readonly why: string } | undefined;
}

/**
 * Every route as Fastify registered it, with what it admits. Watching Fastify's route table (not
 * only Nest's controllers) also covers routes that plugins add: a route that declares no access
 * and is not a known framework route refuses every request with 403 before its body is read.
 */
export class RouteTable {
  private readonly entries: RouteEntry[] = [];
  private readonly byRoute = new Map<string, RouteEntry['access']>();

  get routes(): readonly RouteEntry[] {
    return this.entries;
  }

  /** What the route registered as `method url` admits; undefined for an unknown or undeclared one. */
  accessOf(method: string, url: string | undefined): RouteEntry['access'] {
    return url === undefined ? undefined : this.byRoute.get(`${method} ${url}`);
  }

  /** Must run before routes are registered: Nest adds its routes at init, Swagger when set up. */
  static watch(fastify: FastifyInstance, onUndeclared: (route: RouteEntry) => void): RouteTable {
    const table = new RouteTable();
    fastify.addHook('onRoute', (options: RouteOptions) => {
      for (const method of [options.method].flat()) {
        const entry = { method, url: options.url, access: accessOf(method, options) };
        table.entries.push(entry);
        table.byRoute.set(`${method} ${options.url}`, entry.access);
        if (entry.access === undefined) {
          onUndeclared(entry);
          options.onRequest = [refuseUndeclared, ...[options.onRequest ?? []].flat()];
        }
      }
    });
    return table;
  }
}

function accessOf(method: string, options: RouteOptions): RouteEntry['access'] {
  const declared: unknown = (options.config as Record<string, unknown> | undefined)?.[
    ROUTE_ACCESS_CONFIG
  ];
  if (isAccess(declared)) return declared;
  const known = FRAMEWORK_PUBLIC.find((r) => r.method.test(method) && r.url.test(options.url));
  return known ? { kind: 'framework', why: known.why } : undefined;
}

async function refuseUndeclared(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  sendProblem(
    reply,
    request,
    problem(403, {
      code: 'forbidden',
      detail: 'This route declares no role, so no key may use it.',
    }),
  );
  return reply;
}
