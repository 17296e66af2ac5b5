import { basename } from 'node:path';
import type { ScenarioRequest } from '../scenario';
import type { ImportLine } from './ledger-access';

/** How each imported command is sent, whichever way it reaches the ledger. */
export interface ImportHeaders {
  readonly authorization: string;
  readonly correlationId: string;
}

/** One correlation id per import, from the file's name: every event it appends traces back to it. */
export function importCorrelationId(file: string): string {
  return `import:${basename(file).replace(/[^A-Za-z0-9._:@~-]/g, '-')}`.slice(0, 128);
}

export function requestHeaders(
  request: ScenarioRequest,
  headers: ImportHeaders,
): Record<string, string> {
  return {
    authorization: headers.authorization,
    'content-type': 'application/json',
    'x-correlation-id': headers.correlationId,
    ...(request.idempotencyKey === undefined ? {} : { 'idempotency-key': request.idempotencyKey }),
  };
}

/** Reads a command's answer: 201 with the events written, or a problem. */
export function importLineOf(
  index: number,
  request: ScenarioRequest,
  status: number,
  replayedHeader: string | undefined,
  text: string,
): ImportLine {
  const base = { index, path: request.path, status, replayed: replayedHeader === 'true' };
  if (status < 200 || status >= 300)
    return { ...base, eventTypes: [], position: undefined, refusal: text };
  let answer: { events?: { type?: unknown }[]; position?: unknown };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    return {
      ...base,
      eventTypes: [],
      position: undefined,
      refusal: `an answer that is not JSON: ${text.slice(0, 200)}`,
    };
  }
  const eventTypes = (answer.events ?? []).map((e) => String(e.type));
  return {
    ...base,
    eventTypes,
    position: typeof answer.position === 'string' ? answer.position : undefined,
  };
}
