import { DomainError, ensure } from '../shared/errors';

/**
 * A reported figure keeps its precision: "1,245" (exact), "over 6,000" (at least), "about 3,000"
 * (about) and "up to 6,000" (up to) are different claims. Optional bounds narrow it when known.
 */
export const PRECISIONS = ['exact', 'at_least', 'about', 'up_to'] as const;
export type Precision = (typeof PRECISIONS)[number];

export interface Quantity {
  readonly value: number;
  readonly precision: Precision;
  readonly lower?: number;
  readonly upper?: number;
}

/**
 * "About N" without stated bounds means N ± 5 %, rounded outward to whole counts, so "about 20"
 * is [19, 21] and "about 3" is [2, 4]. Five per cent is how news reports use "about"/"some" for
 * rounded figures; a recorder who knows better gives explicit bounds.
 */
export const ABOUT_TOLERANCE_PERCENT = 5;

/** A closed interval of counts; `upper` is Infinity for open-ended claims ("at least 6,000"). */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** An interval as JSON can carry it: `upper` is null when unbounded. */
export interface QuantityRange {
  readonly lower: number;
  readonly upper: number | null;
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function requireCount(field: string, n: unknown): number {
  ensure(
    isCount(n),
    'invalid_quantity',
    `${field} must be a non-negative safe integer, got ${JSON.stringify(n)}`,
  );
  return n;
}

/** Which bounds each precision admits: the value itself is the bound "at least" and "up to" name. */
const ALLOWED_BOUNDS: Record<Precision, { lower: boolean; upper: boolean }> = {
  exact: { lower: false, upper: false },
  at_least: { lower: false, upper: true },
  up_to: { lower: true, upper: false },
  about: { lower: true, upper: true },
};

/** Validates a quantity's meaning and returns a clean copy (absent bounds omitted, never undefined). */
export function validateQuantity(field: string, q: Quantity): Quantity {
  ensure(typeof q === 'object' && q !== null, 'invalid_quantity', `${field} is required`);
  ensure(
    PRECISIONS.includes(q.precision),
    'invalid_quantity',
    `${field}.precision must be one of ${PRECISIONS.join(', ')}`,
  );
  const value = requireCount(`${field}.value`, q.value);
  const allowed = ALLOWED_BOUNDS[q.precision];
  let result: Quantity = { value, precision: q.precision };
  if (q.lower !== undefined) {
    ensure(
      allowed.lower,
      'invalid_quantity',
      `${field}: a lower bound does not apply to precision ${q.precision}`,
    );
    const lower = requireCount(`${field}.lower`, q.lower);
    ensure(
      lower <= value,
      'invalid_quantity',
      `${field}.lower (${lower}) must not exceed the value (${value})`,
    );
    result = { ...result, lower };
  }
  if (q.upper !== undefined) {
    ensure(
      allowed.upper,
      'invalid_quantity',
      `${field}: an upper bound does not apply to precision ${q.precision}`,
    );
    const upper = requireCount(`${field}.upper`, q.upper);
    ensure(
      upper >= value,
      'invalid_quantity',
      `${field}.upper (${upper}) must not be below the value (${value})`,
    );
    result = { ...result, upper };
  }
  if (result.precision === 'about' && result.upper === undefined) {
    const upper = result.value + aboutTolerance(result.value);
    ensure(
      Number.isSafeInteger(upper),
      'invalid_quantity',
      `${field}: "about ${value}" admits up to ${(BigInt(value) + BigInt(aboutTolerance(value))).toString()}, past 2^53 − 1; give an upper bound`,
    );
  }
  return result;
}

/** ⌈value × 5 / 100⌉, computed exactly: in floating point value × 5 passes 2^53 and rounds. */
function aboutTolerance(value: number): number {
  const percent = BigInt(ABOUT_TOLERANCE_PERCENT);
  return Number((BigInt(value) * percent + 99n) / 100n);
}

/** The counts a quantity admits. */
export function toInterval(q: Quantity): Interval {
  switch (q.precision) {
    case 'exact':
      return { lower: q.value, upper: q.value };
    case 'at_least':
      return { lower: q.value, upper: q.upper ?? Infinity };
    case 'up_to':
      return { lower: q.lower ?? 0, upper: q.value };
    case 'about':
      return {
        lower: q.lower ?? Math.max(0, q.value - aboutTolerance(q.value)),
        upper: q.upper ?? q.value + aboutTolerance(q.value),
      };
    default:
      throw new DomainError(
        'invalid_quantity',
        `unknown precision ${JSON.stringify((q as { precision: unknown }).precision)}`,
      );
  }
}

/**
 * How far apart a set of intervals is: the largest gap between any two of them, 0 when they all
 * share at least one count. On a line, intervals with no common point always include a disjoint
 * pair, and max(lower) − min(upper) is exactly the widest such gap.
 */
export function spreadOf(intervals: readonly Interval[]): number {
  if (intervals.length < 2) return 0;
  const highestLower = Math.max(...intervals.map((i) => i.lower));
  const lowestUpper = Math.min(...intervals.map((i) => i.upper));
  return Math.max(0, highestLower - lowestUpper);
}

/** True when the quantities admit no common count: the claims contradict each other. */
export function quantitiesDisagree(quantities: readonly Quantity[]): boolean {
  return spreadOf(quantities.map(toInterval)) > 0;
}

/** The largest count any sum of counts may reach: beyond it a JavaScript number rounds. */
export const MAX_COUNT_SUM = Number.MAX_SAFE_INTEGER;

/** a + b for counts, exact: a sum past 2^53 − 1 would be rounded, so it is refused instead. */
export function addCounts(a: number, b: number): number {
  if (a === Infinity || b === Infinity) return Infinity;
  const sum = a + b;
  ensure(
    sum <= MAX_COUNT_SUM,
    'count_sum_too_large',
    `the counts ${a} and ${b} add up to ${(BigInt(a) + BigInt(b)).toString()}, past 2^53 − 1, where sums would be rounded`,
  );
  return sum;
}

/**
 * The interval of counts a set of figures adds up to, summed exactly (addCounts): a sum that
 * would pass 2^53 − 1 throws 'count_sum_too_large' rather than being rounded.
 */
export function sumIntervals(intervals: readonly Interval[]): Interval {
  return intervals.reduce(
    (sum, i) => ({ lower: addCounts(sum.lower, i.lower), upper: addCounts(sum.upper, i.upper) }),
    { lower: 0, upper: 0 },
  );
}

export function toRange(interval: Interval): QuantityRange {
  return { lower: interval.lower, upper: Number.isFinite(interval.upper) ? interval.upper : null };
}

export function sameQuantity(a: Quantity, b: Quantity): boolean {
  return (
    a.value === b.value && a.precision === b.precision && a.lower === b.lower && a.upper === b.upper
  );
}
