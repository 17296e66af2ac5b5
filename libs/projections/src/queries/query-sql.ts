/** Small SQL helpers for the read-model queries: the as-of predicate, filters, and page cursors. */

/** A question the read models cannot answer as asked (a malformed cursor, contradictory parameters). */
export class InvalidQueryError extends Error {
  readonly code = 'invalid_query';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidQueryError';
  }
}

/**
 * An id found in more than one agreement: impossible for what the API wrote (ids are reserved
 * across the ledger), possible in a log written otherwise. The caller names the agreement.
 */
export class AmbiguousIdError extends Error {
  readonly code = 'ambiguous_id';
  constructor(
    readonly kind: 'claim' | 'discrepancy',
    readonly id: string,
    readonly agreementIds: readonly string[],
  ) {
    super(
      `${kind} ${id} is held by several agreements (${agreementIds.join(', ')}); name one with agreementId`,
    );
    this.name = 'AmbiguousIdError';
  }
}

/** The largest position the read models hold: SQLite's INTEGER is a signed 64-bit number. */
export const MAX_READ_MODEL_POSITION = 2n ** 63n - 1n;

/**
 * A global position as a query string or cursor carries it: plain decimal digits, at most
 * MAX_READ_MODEL_POSITION; undefined for anything else (which would fail in SQLite, not here).
 */
export function positionFromText(text: string): bigint | undefined {
  if (!/^\d{1,19}$/.test(text)) return undefined;
  const position = BigInt(text);
  return position <= MAX_READ_MODEL_POSITION ? position : undefined;
}

const FORGED_CURSOR = 'cursor is not one this API issued; use nextCursor from a previous page';

/** A page's sort key from a cursor, for a listing ordered by position or by text. */
export function sortKeyFromCursor(after: string, byPosition: boolean): bigint | string {
  if (!byPosition) return after;
  const position = positionFromText(after);
  if (position === undefined) throw new InvalidQueryError('cursor', FORGED_CURSOR);
  return position;
}

/**
 * The point a query answers for: a global position. `current` marks the read models' own
 * checkpoint, where the as-of predicate reduces to "the current version" (same rows, cheaper).
 */
export interface AsOf {
  readonly position: bigint;
  readonly current: boolean;
}

/** The row versions that held at the position: valid_from <= P < valid_to. */
export function asOfPredicate(at: AsOf, alias = ''): string {
  const a = alias === '' ? '' : `${alias}.`;
  return at.current
    ? `${a}valid_to IS NULL`
    : `${a}valid_from <= @at AND (${a}valid_to IS NULL OR ${a}valid_to > @at)`;
}

/** A conjunction of optional filters with named parameters. */
export class Conditions {
  readonly parts: string[] = [];
  readonly params: Record<string, string | number | bigint> = {};

  constructor(at: AsOf, alias = '') {
    this.parts.push(asOfPredicate(at, alias));
    if (!at.current) this.params.at = at.position;
  }

  /** Adds `sql` when `value` is given; `sql` names it as @name. */
  when(name: string, value: string | number | bigint | undefined, sql: string): this {
    if (value === undefined) return this;
    this.parts.push(sql);
    this.params[name] = value;
    return this;
  }

  get sql(): string {
    return this.parts.join(' AND ');
  }
}

export interface PageRequest {
  /** How many items at most (the HTTP layer bounds it). */
  readonly limit: number;
  /** The sort key of the last item of the previous page. */
  readonly after?: string;
}

export interface Page<T> {
  readonly items: T[];
  /** The sort key of the last item when more follow, else null. */
  readonly nextAfter: string | null;
}

/**
 * A cursor pins the position the first page answered for, so the following pages answer for the
 * same point even while events keep arriving.
 */
export function encodeCursor(at: bigint, after: string): string {
  return Buffer.from(JSON.stringify([at.toString(), after]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { at: bigint; after: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      const at = typeof parsed[0] === 'string' ? positionFromText(parsed[0]) : undefined;
      if (at !== undefined) return { at, after: parsed[1] };
    }
  } catch {
    // fall through to the typed error
  }
  throw new InvalidQueryError('cursor', FORGED_CURSOR);
}
