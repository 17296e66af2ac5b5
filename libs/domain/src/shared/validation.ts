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

const MAX_NAME = 500;

/**
 * Characters no ledger text holds, because they move, erase or reorder what a reader sees (on an
 * auditor's terminal, in a report, in a spreadsheet): control characters (C0, DEL, C1; a free
 * text keeps line feed and tab), the line and paragraph separators, bidi embeddings, overrides
 * and isolates, and lone surrogates (broken UTF-16). Names are one line, so they keep neither.
 */
const NOT_IN_NAMES = /[\p{Cc}\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
const NOT_IN_TEXT = /[^\P{Cc}\n\t]|[\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
/** What shows nothing on its own: spaces, format characters (zero-width space…), blank fillers. */
const INVISIBLE = /[\p{White_Space}\p{Cf}\p{Cc}\u115F\u1160\u2800\u3164\uFFA0]/gu;

const codePoint = (char: string): string =>
  `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

function requireReadable(field: string, value: string, max: number, refused: RegExp): string {
  ensure(
    typeof value === 'string' && value.replace(INVISIBLE, '').length > 0,
    'invalid_text',
    `${field} must hold a visible character (it is empty, or only spaces or invisible characters)`,
  );
  ensure(value.length <= max, 'invalid_text', `${field} must be at most ${max} characters`);
  const found = refused.exec(value);
  ensure(
    found === null,
    'invalid_text',
    `${field} must not contain control, bidi-override or separator characters (${codePoint(found?.[0] ?? '')} at ${found?.index ?? 0})`,
  );
  return value;
}

/** Free text (a reason, a quote, a description): lines and tabs allowed. */
export function requireText(field: string, value: string, max = MAX_TEXT): string {
  return requireReadable(field, value, max, NOT_IN_TEXT);
}

/** A name or a title: one line of readable text. */
export function requireName(field: string, value: string, max = MAX_NAME): string {
  return requireReadable(field, value, max, NOT_IN_NAMES);
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
