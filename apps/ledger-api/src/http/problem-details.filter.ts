import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditTrailError, LedgerIntegrityError, ProofUnavailableError } from '@ledger/audit';
import { type DomainErrorKind, isDomainError } from '@ledger/domain';
import { EventStoreError } from '@ledger/event-store';
import {
  AmbiguousIdError,
  InvalidQueryError,
  ReadModelUnavailableError,
} from '@ledger/projections';
import { CommandError } from '../commands/shared/command-errors';
import { type FieldError, problem, PROBLEM_CONTENT_TYPE, type Problem } from './problem';
import { problemTypeUri } from './public-base-url';
import { ValidationProblem } from './validation';

const STORE_STATUS: Record<string, number> = {
  store_unavailable: 503,
  wrong_expected_version: 409,
  stream_not_found: 404,
  invalid_append: 400,
  canonical_json: 400,
  duplicate_event_id: 409,
};

/** How each kind of domain refusal reads over HTTP; the problem's `code` is the domain's own code. */
const DOMAIN_STATUS: Record<DomainErrorKind, number> = {
  not_found: 404,
  conflict: 409,
  rule: 422,
  invalid: 400,
};

/** Maps any error to an RFC 9457 problem; the one place where errors become HTTP answers. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ValidationProblem) return validationProblem(error.errors);
  const fromLibrary = libraryProblem(error);
  if (fromLibrary) return fromLibrary;
  if (error instanceof HttpException) return httpExceptionProblem(error);
  if (isHttpError(error)) {
    // Errors raised by Fastify itself (bad JSON, body too large, unsupported media type).
    return problem(error.statusCode, { code: error.code?.toLowerCase(), detail: error.message });
  }
  return problem(500, { detail: 'An unexpected error occurred; it has been logged.' });
}

/** The typed errors of our libraries (domain, store, audit, read models), each by its meaning. */
function libraryProblem(error: unknown): Problem | undefined {
  if (isDomainError(error)) {
    return problem(DOMAIN_STATUS[error.kind], { code: error.code, detail: error.message });
  }
  if (error instanceof CommandError) {
    return {
      ...problem(error.status, { code: error.code, detail: error.message }),
      ...error.extensions,
    };
  }
  if (error instanceof EventStoreError) {
    const status = STORE_STATUS[error.code] ?? 500;
    return problem(status, { code: error.code, detail: error.message });
  }
  if (error instanceof AuditTrailError) {
    // The stored chain cannot be extended (an event without a valid hash): no request can fix it,
    // an operator must (see docs/AUDIT.md); nothing was written.
    return problem(409, { code: error.code, detail: error.message });
  }
  if (error instanceof ProofUnavailableError) {
    return problem(404, { code: error.code, detail: error.message });
  }
  // The log fails verification: it is neither extended nor signed until an operator restores it.
  if (error instanceof LedgerIntegrityError) {
    return problem(503, { code: error.code, detail: error.message });
  }
  // Only a log not written through the API can hold one id in two agreements: name them.
  if (error instanceof AmbiguousIdError) {
    return {
      ...problem(409, { code: error.code, detail: error.message }),
      agreementIds: error.agreementIds,
    };
  }
  if (error instanceof InvalidQueryError) {
    return validationProblem([{ field: error.field, messages: [error.message] }]);
  }
  // The read-model file is busy or being swapped: a retry will find it.
  if (error instanceof ReadModelUnavailableError) return problem(503, { detail: error.message });
  return undefined;
}

function validationProblem(errors: readonly FieldError[]): Problem {
  return problem(400, { code: 'validation_failed', detail: 'The request is not valid.', errors });
}

/** Nest's HTTP exceptions, and the access layer's (401/403/429), whose body carries a `code`. */
function httpExceptionProblem(error: HttpException): Problem {
  const body = error.getResponse();
  const detail = typeof body === 'string' ? body : (messageOf(body) ?? error.message);
  const code = typeof body === 'object' ? (body as { code?: unknown }).code : undefined;
  return problem(error.getStatus(), { detail, ...(typeof code === 'string' ? { code } : {}) });
}

function messageOf(body: object): string | undefined {
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return undefined;
}

function isHttpError(
  error: unknown,
): error is { statusCode: number; message: string; code?: string } {
  if (typeof error !== 'object' || error === null) return false;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, p: Problem): void {
  const body: Problem = { ...p, type: problemTypeUri(request, p.type), instance: request.url };
  if (p.status === 503 && !reply.getHeader('retry-after')) reply.header('retry-after', '1');
  void reply
    .status(p.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(body));
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const p = toProblem(error);
    if (p.status >= 500 && p.status !== 503)
      this.logger.error(error instanceof Error ? error.stack : String(error));
    // Why a request was refused, for whoever follows its correlation id (LEDGER_LOG_LEVEL=debug).
    else
      this.logger.debug(
        `Refused: ${p.status} ${p.code ?? p.title}${p.detail ? `: ${p.detail}` : ''}`,
      );
    // Not the client's fault, nor one it can mend: the operator must hear of a broken chain.
    if (error instanceof AuditTrailError) this.logger.error(error.message);
    sendProblem(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), p);
  }
}
