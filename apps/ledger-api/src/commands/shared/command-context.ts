import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type Requester, requesterOf } from '../../auth/requester';
import type { FieldError } from '../../http/problem';
import { ValidationProblem } from '../../http/validation';
import { requestHash } from './idempotency';

/** What a command takes from its HTTP request besides the body: who asks and how to trace it. */
export interface CommandContext {
  /** The API key that authenticated the request (set by the access guard): the actor comes from it. */
  readonly requester?: Requester;
  /** From the X-Correlation-Id header; generated when absent. */
  readonly correlationId?: string;
  /** From the Idempotency-Key header, with the hash of the request it was first used for. */
  readonly idempotency?: { readonly key: string; readonly requestHash: string };
}

export const CORRELATION_ID = /^[A-Za-z0-9._:@~-]{1,128}$/;
/** Visible ASCII only: keys end up in event metadata and in logs. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

function header(
  request: FastifyRequest,
  name: string,
  pattern: RegExp,
  rule: string,
  errors: FieldError[],
): string | undefined {
  const value = request.headers[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && pattern.test(value)) return value;
  errors.push({ field: `headers.${name}`, messages: [`${name} must be ${rule}`] });
  return undefined;
}

function contextOf(request: FastifyRequest): CommandContext {
  const errors: FieldError[] = [];
  const correlationId = header(
    request,
    'x-correlation-id',
    CORRELATION_ID,
    '1-128 letters, digits or . _ : @ ~ -',
    errors,
  );
  const key = header(
    request,
    'idempotency-key',
    IDEMPOTENCY_KEY,
    '1-200 visible ASCII characters',
    errors,
  );
  if (errors.length > 0) throw new ValidationProblem(errors);
  const path = request.url.split('?')[0] ?? request.url;
  const requester = requesterOf(request);
  return {
    ...(requester === undefined ? {} : { requester }),
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(key === undefined
      ? {}
      : { idempotency: { key, requestHash: requestHash(request.method, path, request.body) } }),
  };
}

/** Route parameter decorator: `@CommandContext() context: CommandContext`. */
export const CommandContext = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): CommandContext =>
    contextOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
