import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS_METADATA, type Access, isAccess } from './access.decorator';
import { AccessProblem, forbidden, unauthenticated } from './auth-errors';
import { KeyRing } from './key-ring';
import { type Requester, setRequester } from './requester';
import { grants } from './roles';

/**
 * The global guard: every route must declare who may call it (@Roles or @Public), else nobody
 * may. No key or an unknown one: 401; a key without the route's role: 403. The key that passed is
 * remembered on the request: its name becomes the actor of the events the request records.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: KeyRing,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const declared = this.reflector.get<unknown>(ACCESS_METADATA, context.getHandler());
    const access: Access | undefined = isAccess(declared) ? declared : undefined;
    if (access?.kind === 'public') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const admission = admit(this.keys, request.headers.authorization, access);
    if (admission instanceof AccessProblem) {
      if (admission.getStatus() === 401)
        void http.getResponse<FastifyReply>().header('www-authenticate', WWW_AUTHENTICATE);
      if (access === undefined)
        this.logger.error(
          `${request.method} ${request.routeOptions.url ?? request.url} declares no role: refused to everyone`,
        );
      throw admission;
    }
    setRequester(request, admission);
    return true;
  }
}

export const WWW_AUTHENTICATE = 'Bearer realm="ledger"';

/**
 * Whether this Authorization header opens a route that admits `access` (undefined: a route that
 * declares nothing): the requester, or the refusal (401 no valid key, 403 the role is missing).
 * The guard and the check before the body (refuseBeforeBody) decide alike through it.
 */
export function admit(
  keys: KeyRing,
  authorization: string | string[] | undefined,
  access: Extract<Access, { kind: 'roles' }> | undefined,
): Requester | AccessProblem {
  const authentication = keys.authenticate(authorization);
  if (!authentication.ok) return unauthenticated(authentication.reason);
  const { requester } = authentication;
  if (access === undefined) return forbidden('This route declares no role, so no key may use it.');
  if (!grants(requester.roles, access.roles))
    return forbidden(
      `The key "${requester.name}" lacks the role this route needs (${access.roles.join(' or ')}).`,
    );
  return requester;
}
