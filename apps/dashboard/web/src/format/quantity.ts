/**
 * Figures as people say them, keeping their precision: "1,245", "over 6,000", "about 3,000",
 * "up to 6,000". A precision is never dropped, so two claims that read differently never look
 * alike on screen.
 */

export type Precision = 'exact' | 'at_least' | 'about' | 'up_to';

export interface Quantity {
  readonly value: number;
  readonly precision: Precision;
  readonly lower?: number;
  readonly upper?: number;
}

/** An interval of counts; `upper` null when open-ended. */
export interface QuantityRange {
  readonly lower: number;
  readonly upper: number | null;
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return COUNT.format(n);
}

const WORD: Record<Precision, string> = {
  exact: '',
  at_least: 'over ',
  about: 'about ',
  up_to: 'up to ',
};

/** "over 6,000", "about 3,000 (2,900–3,100)", "1,245". */
export function formatQuantity(q: Quantity): string {
  const head = `${WORD[q.precision] ?? ''}${formatCount(q.value)}`;
  const bounds = boundsOf(q);
  return bounds === undefined ? head : `${head} (${bounds})`;
}

function boundsOf(q: Quantity): string | undefined {
  if (q.lower !== undefined && q.upper !== undefined)
    return `${formatCount(q.lower)}–${formatCount(q.upper)}`;
  if (q.upper !== undefined) return `at most ${formatCount(q.upper)}`;
  if (q.lower !== undefined) return `at least ${formatCount(q.lower)}`;
  return undefined;
}

/** What the precision means, for a tooltip: "at least 6,000 (a lower bound)". */
export function describePrecision(q: Quantity): string {
  switch (q.precision) {
    case 'exact':
      return `exactly ${formatCount(q.value)}`;
    case 'at_least':
      return `at least ${formatCount(q.value)} (a lower bound)`;
    case 'about':
      return `about ${formatCount(q.value)} (an approximation)`;
    case 'up_to':
      return `up to ${formatCount(q.value)} (an upper bound)`;
  }
}

/** "1,245–1,248", "1,245", "6,000 or more". */
export function formatRange(r: QuantityRange | null | undefined): string {
  if (r === null || r === undefined) return '—';
  if (r.upper === null) return `${formatCount(r.lower)} or more`;
  if (r.upper === r.lower) return formatCount(r.lower);
  return `${formatCount(r.lower)}–${formatCount(r.upper)}`;
}

/** Where a figure sits on a chart's scale: its value, or for a range its lower end. */
export function plotValue(figure: Quantity | QuantityRange): number {
  return 'value' in figure ? figure.value : figure.lower;
}

export function isQuantity(value: unknown): value is Quantity {
  if (typeof value !== 'object' || value === null) return false;
  const q = value as Record<string, unknown>;
  return typeof q.value === 'number' && typeof q.precision === 'string';
}
