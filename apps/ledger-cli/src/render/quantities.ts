/** Quantities and ranges in words: precision is part of the figure ("at least 6,000" is not "6,000"). */

const number = (n: number): string => n.toLocaleString('en-US');

const PRECISION: Record<string, (value: string) => string> = {
  exact: (v) => v,
  at_least: (v) => `at least ${v}`,
  about: (v) => `about ${v}`,
  up_to: (v) => `up to ${v}`,
};

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** { value, precision, lower?, upper? } as "1,245", "at least 6,000", "about 3,000 (2,800-3,200)". */
export function formatQuantity(quantity: unknown): string {
  const q = record(quantity);
  if (q === undefined || typeof q.value !== 'number') return '-';
  const words = (
    PRECISION[String(q.precision)] ?? ((v: string) => `${v} (${String(q.precision)})`)
  )(number(q.value));
  const bounds =
    typeof q.lower === 'number' || typeof q.upper === 'number'
      ? ` (${typeof q.lower === 'number' ? number(q.lower) : ''}-${typeof q.upper === 'number' ? number(q.upper) : ''})`
      : '';
  return `${words}${bounds}`;
}

/** { lower, upper | null } as "1,245-1,248", "1,245", "6,000 or more". */
export function formatRange(range: unknown): string {
  const r = record(range);
  if (r === undefined || typeof r.lower !== 'number') return '-';
  if (r.upper === null || r.upper === undefined) return `${number(r.lower)} or more`;
  return r.upper === r.lower ? number(r.lower) : `${number(r.lower)}-${number(r.upper as number)}`;
}

/** A JSON scalar as text ('?' for anything else): read-model JSON is not trusted to have the shape expected. */
export function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '?';
}

export { record };

/** When a statement was made, as precisely as known: an instant, "on <day>", or "around <day or instant>". */
export function formatStatedAt(statedAt: string, precision: string | null | undefined): string {
  if (precision === 'approximate') return `around ${statedAt}`;
  if (precision === 'day') return `on ${statedAt}`;
  return statedAt;
}
