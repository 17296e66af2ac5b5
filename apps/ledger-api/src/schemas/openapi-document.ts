import type { OpenAPIObject } from '@nestjs/swagger';
import { DOMAIN_ERROR_KINDS, type DomainErrorKind } from '@ledger/domain';
import { API_ANSWER_SCHEMAS } from '@ledger/schemas';
import { PROBLEM_CONTENT_TYPE } from '../http/problem';
import type { AnswerName } from './api-answers';

/** `$ref` to an answer's schema (generated from its TypeScript type, see api-answers.ts). */
export const answerSchema = (name: AnswerName): { $ref: string } => ({
  $ref: `#/components/schemas/${name}`,
});

/** Marks set by @Roles/@Public (x-roles / x-public) and by CommandDocs (x-command). */
export const X_ROLES = 'x-roles';
export const X_PUBLIC = 'x-public';
export const X_COMMAND = 'x-command';

type Operation = {
  description?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  security?: Record<string, string[]>[];
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
  [extension: `x-${string}`]: unknown;
};

const codesOf = (kind: DomainErrorKind): string[] =>
  Object.entries(DOMAIN_ERROR_KINDS)
    .filter(([, k]) => k === kind)
    .map(([code]) => code);

const list = (codes: readonly string[]): string => codes.map((c) => `\`${c}\``).join(', ');

/** The problem answers every command may give beyond its route's own, with their codes. */
const COMMAND_PROBLEMS: Record<string, string> = {
  '400': `The body, a path parameter or a header is not valid: \`validation_failed\` (field errors in \`errors\`), invalid JSON, or a domain code: ${list(codesOf('invalid'))}.`,
  '404': `Something the command refers to does not exist: ${list(codesOf('not_found'))}.`,
  '409': `The stream's state forbids it: ${list(codesOf('conflict'))}; or \`concurrency_conflict\` after the retries (retry later).`,
  '413': 'The body is larger than 256 KiB.',
  '415': 'The body is not application/json.',
  '422': `Well-formed, but a rule of the ledger refuses it: ${list(codesOf('rule'))}; or \`idempotency_key_reused\` (the Idempotency-Key was used for another request).`,
  '503': 'The event store is unavailable (`store_unavailable`); retry after Retry-After seconds.',
};

const KEYED_PROBLEMS: Record<string, string> = {
  '401': 'No valid API key (`unauthenticated`): send `Authorization: Bearer <token>`.',
  '403': 'The key lacks every role this route admits (`forbidden`).',
  '429': 'Over the rate limit of this key (`rate_limited`); retry after Retry-After seconds.',
};

const PUBLIC_PROBLEMS: Record<string, string> = {
  '429': 'Over the rate limit of this address (`rate_limited`); retry after Retry-After seconds.',
};

const PROBLEM_CONTENT = { [PROBLEM_CONTENT_TYPE]: { schema: answerSchema('Problem') } };

/**
 * What @nestjs/swagger cannot say from the decorators alone, added to the document it builds:
 * OpenAPI 3.1 (the answers' schemas are JSON Schema, with `const` and type lists), the answers'
 * schemas, the bearer scheme, each route's security from its @Roles/@Public declaration (the
 * same one the access guard enforces), the problem answers every route shares, and `servers`.
 */
export function completeDocument(document: OpenAPIObject, publicBaseUrl?: string): OpenAPIObject {
  const components = document.components ?? {};
  const completed = {
    ...document,
    openapi: '3.1.0',
    info: { ...document.info, license: { name: 'MIT', identifier: 'MIT' } },
    servers: [
      {
        url: publicBaseUrl ?? '/',
        description: publicBaseUrl ? 'This ledger' : 'The ledger serving this document',
      },
    ],
    components: {
      ...components,
      schemas: { ...components.schemas, ...API_ANSWER_SCHEMAS.schemas },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API key: `Authorization: Bearer ldg_<id>_<secret>`. Each route names the roles it admits (x-roles); admin is admitted everywhere.',
        },
      },
    },
  } as OpenAPIObject;
  for (const item of Object.values(completed.paths))
    for (const operation of Object.values(item as Record<string, Operation>))
      if (typeof operation === 'object' && operation !== null && 'responses' in operation)
        completeOperation(operation);
  return completed;
}

function completeOperation(operation: Operation): void {
  const roles = operation[X_ROLES];
  if (Array.isArray(roles)) {
    operation.security = [{ bearer: [] }];
    const note = `Roles: ${roles.join(', ')} (or admin).`;
    operation.description = operation.description ? `${operation.description}\n\n${note}` : note;
    addProblems(operation, KEYED_PROBLEMS);
  } else if (operation[X_PUBLIC] === true) {
    operation.security = [];
    addProblems(operation, PUBLIC_PROBLEMS);
  }
  delete operation[X_PUBLIC];
  if (operation[X_COMMAND] === true) addProblems(operation, COMMAND_PROBLEMS);
  delete operation[X_COMMAND];
  for (const [status, response] of Object.entries(operation.responses))
    if (Number(status) >= 400 && response.content === undefined) response.content = PROBLEM_CONTENT;
}

function addProblems(operation: Operation, problems: Record<string, string>): void {
  for (const [status, description] of Object.entries(problems))
    operation.responses[status] ??= { description, content: PROBLEM_CONTENT };
}
