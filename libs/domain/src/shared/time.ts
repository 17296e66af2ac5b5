import { DomainError, ensure } from './errors';

/**
 * Time without the `Date` global: the domain only needs to validate ISO-8601 strings, compare
 * them and write them back in one canonical form, so a small pure parser does it.
 *
 * Instants are stored normalised to UTC with milliseconds ('2025-06-17T09:30:00.000Z'), so that
 * string order is time order for every consumer (as-of queries compare strings). Dates are
 * calendar days ('2025-06-17') with no time zone.
 */

/** How far a statement may lie in the recorder's future: clocks of two machines never agree exactly. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * A calendar date exists somewhere on Earth from 00:00 at UTC+14 onwards, so its earliest
 * instant is midnight UTC minus 14 hours. Comparing that instant with a statement's time never
 * rejects a date that was already "today" for the speaker.
 */
const EARLIEST_ZONE_OFFSET_MS = 14 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse of daysFromCivil. */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isValidDay(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function parseOffsetMinutes(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 14 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/** Milliseconds since the epoch, or undefined when `text` is not a real ISO-8601 instant with a zone. */
export function parseInstant(text: string): number | undefined {
  const m = INSTANT.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = Number(m[6] ?? '0');
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const offset = parseOffsetMinutes(m[8] ?? 'Z');
  if (
    !isValidDay(year, month, day) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offset === undefined
  )
    return undefined;
  const local =
    daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  return local - offset * 60 * 1000;
}

/** Milliseconds since the epoch of the date's UTC midnight, or undefined when not a real 'YYYY-MM-DD'. */
export function parseDate(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
  return isValidDay(year, month, day) ? daysFromCivil(year, month, day) * DAY_MS : undefined;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The canonical form of an instant: UTC, milliseconds, 'Z'. */
export function formatInstant(epochMs: number): string {
  const days = Math.floor(epochMs / DAY_MS);
  const { year, month, day } = civilFromDays(days);
  const msOfDay = epochMs - days * DAY_MS;
  const h = Math.floor(msOfDay / 3_600_000);
  const min = Math.floor((msOfDay % 3_600_000) / 60_000);
  const s = Math.floor((msOfDay % 60_000) / 1000);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(h)}:${pad(min)}:${pad(s)}.${pad(msOfDay % 1000, 3)}Z`;
}

/** Validates an ISO-8601 instant (with a zone) and returns it in canonical UTC form. */
export function normalizeInstant(field: string, text: string): string {
  const ms = typeof text === 'string' ? parseInstant(text) : undefined;
  if (ms === undefined) {
    throw new DomainError(
      'invalid_timestamp',
      `${field} must be an ISO-8601 instant with a time zone, got ${JSON.stringify(text)}`,
    );
  }
  return formatInstant(ms);
}

/** Validates a calendar date 'YYYY-MM-DD' and returns it unchanged. */
export function validateDate(field: string, text: string): string {
  ensure(
    typeof text === 'string' && parseDate(text) !== undefined,
    'invalid_date',
    `${field} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(text)}`,
  );
  return text;
}

/** A date or an instant: dates for "on 16 June", instants when the time is known. */
export function normalizeDateOrInstant(field: string, text: string): string {
  if (typeof text === 'string' && DATE.test(text)) return validateDate(field, text);
  return normalizeInstant(field, text);
}

/** The earliest instant a date or instant string can denote (see EARLIEST_ZONE_OFFSET_MS). */
export function earliestInstantMs(dateOrInstant: string): number {
  const date = parseDate(dateOrInstant);
  if (date !== undefined) return date - EARLIEST_ZONE_OFFSET_MS;
  const instant = parseInstant(dateOrInstant);
  if (instant === undefined)
    throw new DomainError('invalid_timestamp', `not a date or instant: ${dateOrInstant}`);
  return instant;
}

/** True when `dateOrInstant` lies after `reference` by more than the allowed clock skew. */
export function isAfterWithSkew(dateOrInstant: string, referenceInstant: string): boolean {
  return earliestInstantMs(dateOrInstant) > earliestInstantMs(referenceInstant) + CLOCK_SKEW_MS;
}

/**
 * How precisely a statement's time is known: an instant (no marker), a calendar day ('day', the
 * time given as 'YYYY-MM-DD'), or around a day or an instant ('approximate', "around the 20th").
 */
export const STATEMENT_PRECISIONS = ['day', 'approximate'] as const;
export type StatementPrecision = (typeof STATEMENT_PRECISIONS)[number];

/** When a statement was made, with its precision (absent for an instant). */
export interface StatementTime {
  readonly statedAt: string;
  readonly statedAtPrecision?: StatementPrecision;
}

/** "Around" a day or an instant: this many days either side. */
export const APPROXIMATE_DAYS = 3;

/** The latest zone (UTC−12): a calendar day ends there 12 hours after it ends at UTC. */
const LATEST_ZONE_OFFSET_MS = 12 * 60 * 60 * 1000;

/** Validates a statement time: an instant (canonical UTC), or a day; 'approximate' widens either. */
export function normalizeStatementTime(
  field: string,
  statedAt: string,
  precision?: StatementPrecision,
): StatementTime {
  ensure(
    precision === undefined || (STATEMENT_PRECISIONS as readonly string[]).includes(precision),
    'invalid_timestamp',
    `${field}Precision must be 'day' or 'approximate', got ${JSON.stringify(precision)}`,
  );
  if (typeof statedAt === 'string' && DATE.test(statedAt))
    return { statedAt: validateDate(field, statedAt), statedAtPrecision: precision ?? 'day' };
  ensure(
    precision !== 'day',
    'invalid_timestamp',
    `${field}Precision 'day' needs ${field} as a day YYYY-MM-DD`,
  );
  const instant = normalizeInstant(field, statedAt);
  return precision === undefined
    ? { statedAt: instant }
    : { statedAt: instant, statedAtPrecision: precision };
}

/**
 * The instants a statement time may denote, in ms: an instant is itself; a day lasts from its
 * first moment anywhere on Earth (UTC+14) to its last (UTC−12); 'approximate' adds
 * APPROXIMATE_DAYS either side.
 */
export function statementSpan(time: StatementTime): { earliest: number; latest: number } {
  const day = parseDate(time.statedAt);
  const instant = day === undefined ? parseInstant(time.statedAt) : undefined;
  if (day === undefined && instant === undefined)
    throw new DomainError('invalid_timestamp', `not a date or instant: ${time.statedAt}`);
  const span =
    day === undefined
      ? { earliest: instant as number, latest: instant as number }
      : {
          earliest: day - EARLIEST_ZONE_OFFSET_MS,
          latest: day + DAY_MS + LATEST_ZONE_OFFSET_MS - 1,
        };
  if (time.statedAtPrecision !== 'approximate') return span;
  const widen = APPROXIMATE_DAYS * DAY_MS;
  return { earliest: span.earliest - widen, latest: span.latest + widen };
}

/** True only when `a` was certainly stated before `b`: the whole of a's span precedes b's. */
export function statedCertainlyBefore(a: StatementTime, b: StatementTime): boolean {
  return statementSpan(a).latest < statementSpan(b).earliest;
}

/** The last instant a statement time may denote, canonical: a cut-off includes it only after this. */
export function statementLatest(time: StatementTime): string {
  return formatInstant(statementSpan(time).latest);
}

/** The last calendar day a statement time may denote (its day, moved on when approximate). */
export function statementLastDay(time: StatementTime): string | undefined {
  const day = parseDate(time.statedAt);
  if (day === undefined) return undefined;
  const shift = time.statedAtPrecision === 'approximate' ? APPROXIMATE_DAYS * DAY_MS : 0;
  return formatInstant(day + shift).slice(0, 10);
}
