import { ensure } from './errors';

/**
 * Guards for the meaning of plain values. The API validates shapes first; the domain checks
 * again because it is the last line before history, which is never edited.
 */

/** Ids name streams ('agreement-<id>') and appear in keys, so they stay short and unambiguous. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@~-]{0,199}$/;
const LINK = /^https?:\/\/[^\s]+$/;
const MAX_TEXT = 10_000;
const MAX_LINK = 2_048;

export function requireId(field: string, value: string): string {
  ensure(
    typeof value === 'string' && ID.test(value),
    'invalid_id',
    `${field} must be 1-200 letters, digits or . _ : @ ~ - (starting with a letter or digit), got ${JSON.stringify(value)}`,
  );
  return value;
}

export function requireText(field: string, value: string, max = MAX_TEXT): string {
  ensure(
    typeof value === 'string' && value.trim().length > 0,
    'invalid_text',
    `${field} must not be empty`,
  );
  ensure(value.length <= max, 'invalid_text', `${field} must be at most ${max} characters`);
  return value;
}

export function requireLink(field: string, value: string): string {
  ensure(
    typeof value === 'string' && value.length <= MAX_LINK && LINK.test(value),
    'invalid_link',
    `${field} must be an http(s) URL, got ${JSON.stringify(value)}`,
  );
  return value;
}

/** Copies `source[key]` into `target` only when present: event data never holds `undefined`. */
export function withOptional<T extends object, K extends string, V>(
  target: T,
  key: K,
  value: V | undefined,
): T & { [P in K]?: V } {
  return value === undefined ? target : { ...target, [key]: value };
}

/** quote and link travel together on every statement: validated once, omitted when absent. */
export function sourcing(input: { readonly quote?: string; readonly link?: string }): {
  quote?: string;
  link?: string;
} {
  return withOptional(
    withOptional(
      {},
      'quote',
      input.quote === undefined ? undefined : requireText('quote', input.quote),
    ),
    'link',
    input.link === undefined ? undefined : requireLink('link', input.link),
  );
}

/** Array.isArray without narrowing the declared element type to any. */
export function isList(value: unknown): boolean {
  return Array.isArray(value);
}

/**
 * The envelope every command shares: an object with a data object and metadata carrying `now`.
 * Checked before anything reads from it, so malformed input is a DomainError, never a TypeError.
 */
export function requireCommand<
  C extends { readonly data: object; readonly metadata: { readonly now: string } },
>(command: C): C {
  const candidate = command as unknown as { data?: unknown; metadata?: { now?: unknown } } | null;
  const wellFormed =
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.data === 'object' &&
    candidate.data !== null &&
    !Array.isArray(candidate.data) &&
    typeof candidate.metadata === 'object' &&
    candidate.metadata !== null &&
    typeof candidate.metadata.now === 'string';
  ensure(
    wellFormed,
    'invalid_command',
    'a command needs a data object and metadata with now (an ISO-8601 instant)',
  );
  return command;
}
