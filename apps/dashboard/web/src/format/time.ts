/**
 * The ledger's three times, each named, always in UTC so two readers in different zones see the
 * same words: when it happened (a date or a span of dates), when it was claimed (the statement),
 * when it was recorded (the append).
 */

const INSTANT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const SHORT_INSTANT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

function parse(iso: string): Date | undefined {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** "17 Jun 2025, 09:30:00 UTC"; the raw text when it is not a date. */
export function formatInstant(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const d = parse(iso);
  return d === undefined ? iso : `${INSTANT.format(d)} UTC`;
}

/** "17 Jun, 09:30" for axes and compact lists. */
export function formatShortInstant(ms: number): string {
  return SHORT_INSTANT.format(new Date(ms));
}

/** A date or a span of dates: "16 Jun 2025 – 17 Jun 2025", "from 16 Jun 2025". */
export function formatSpan(
  span: { readonly from: string | null; readonly to: string | null } | null | undefined,
): string {
  if (span === null || span === undefined) return 'not stated';
  const from = span.from === null ? undefined : parse(span.from);
  const to = span.to === null ? undefined : parse(span.to);
  if (from && to)
    return from.getTime() === to.getTime()
      ? DAY.format(from)
      : `${DAY.format(from)} – ${DAY.format(to)}`;
  if (from) return `from ${DAY.format(from)}`;
  if (to) return `until ${DAY.format(to)}`;
  return 'not stated';
}

export function toMillis(iso: string): number {
  return parse(iso)?.getTime() ?? Number.NaN;
}
