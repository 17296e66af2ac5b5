import { applyDecorators, SetMetadata } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExtension } from '@nestjs/swagger';
import type { Role } from './roles';

/**
 * Declared on each route (a method), never on a controller class: Fastify's route config is read
 * from the handler, and a route added later must say who may call it.
 *
 * What a route admits: keys holding one of `roles`, or anyone (public). A route without either
 * declaration admits nobody: deny by default.
 */
export type Access =
  { readonly kind: 'roles'; readonly roles: readonly Role[] } | { readonly kind: 'public' };

export const ACCESS_METADATA = 'ledger:access';
/** The same declaration in the Fastify route's config, so the route table itself says who may call. */
export const ROUTE_ACCESS_CONFIG = 'ledgerAccess';

function declare(access: Access): MethodDecorator {
  return applyDecorators(
    SetMetadata(ACCESS_METADATA, access),
    RouteConfig({ [ROUTE_ACCESS_CONFIG]: access }),
    // The OpenAPI document states the same declaration (its security: see openapi-document.ts).
    access.kind === 'roles'
      ? ApiExtension('x-roles', [...access.roles])
      : ApiExtension('x-public', true),
  );
}

/** The route admits keys holding at least one of these roles (admin admits itself everywhere). */
export function Roles(...roles: [Role, ...Role[]]): MethodDecorator {
  return declare({ kind: 'roles', roles });
}

/**
 * The route needs no key. Only for what holds no ledger data: the liveness probe, the dashboard's
 * page and bundles (the page then asks for a key), the published schemas.
 */
export function Public(): MethodDecorator {
  return declare({ kind: 'public' });
}

export function isAccess(value: unknown): value is Access {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return (
    kind === 'public' || (kind === 'roles' && Array.isArray((value as { roles?: unknown }).roles))
  );
}
