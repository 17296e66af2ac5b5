import type { ClaimView, DiscrepancyView, Direction, TotalsGroup } from '../api/wire';
import { formatQuantity, formatRange, plotValue, type Precision } from '../format/quantity';
import { toMillis } from '../format/time';

/**
 * The timeline's data, by statement time: for each term, direction and measure, each claimant's
 * cumulative figure as it stood after each statement (its own stated total, else the sum of its
 * phase figures — what the ledger's totals call claimed delivery), and where disputes arose.
 * Pure: the totals come from the API (as of each instant), this only arranges them.
 */

/** The totals of one agreement as they stood just after `at` (a statement time). */
export interface Snapshot {
  readonly at: string;
  readonly groups: readonly TotalsGroup[];
}

export interface SeriesPoint {
  readonly x: number;
  readonly y: number;
  /** The figure as said: "over 6,000", "1,245–1,248". */
  readonly label: string;
  /** How precise the figure is: a stated total keeps its precision; a sum of phases is a range. */
  readonly precision: Precision | 'range';
}

export interface ClaimantSeries {
  readonly sourceId: string;
  readonly points: readonly SeriesPoint[];
}

export interface DisputeMark {
  readonly discrepancyId: string;
  readonly x: number;
  /** The highest of the figures that part (where the mark sits)… */
  readonly y: number;
  /** …and the lowest: zooming to the dispute shows both. */
  readonly low: number;
  readonly open: boolean;
  readonly kind: DiscrepancyView['kind'];
  readonly delta: number;
}

export interface GroupTimeline {
  readonly key: string;
  readonly termId: string;
  readonly direction: Direction;
  readonly measure: string;
  readonly series: readonly ClaimantSeries[];
  readonly disputes: readonly DisputeMark[];
}

export const groupKey = (g: {
  termId: string | null;
  direction: Direction | null;
  measure: string | null;
}): string =>
  JSON.stringify([g.termId, g.direction?.from ?? null, g.direction?.to ?? null, g.measure]);

/**
 * The statement times at which a figure appeared or ended, in order; at most `max` (keeping the
 * last, so the chart always reaches the newest statement).
 */
export function statementInstants(claims: readonly ClaimView[], max: number): string[] {
  const times = new Set<number>();
  for (const c of claims) {
    if (c.kind !== 'transfer') continue;
    times.add(toMillis(c.statedAt));
    if (c.ended?.statedAt) times.add(toMillis(c.ended.statedAt));
  }
  const sorted = [...times].filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
  const kept =
    sorted.length <= max
      ? sorted
      : [
          ...sorted.filter((_, i) => i % Math.ceil(sorted.length / (max - 1)) === 0),
          sorted.at(-1) as number,
        ];
  return [...new Set(kept)].map((t) => new Date(t).toISOString());
}

/** The instant just after `at`: `claimedBefore` is exclusive, and a statement made at `at` counts. */
export const justAfter = (at: string): string => new Date(toMillis(at) + 1).toISOString();

export function buildTimelines(
  snapshots: readonly Snapshot[],
  discrepancies: readonly DiscrepancyView[],
  claims: readonly ClaimView[],
): GroupTimeline[] {
  const groups = new Map<string, { group: TotalsGroup; series: Map<string, SeriesPoint[]> }>();
  for (const snapshot of snapshots) {
    const x = toMillis(snapshot.at);
    for (const group of snapshot.groups) {
      const key = groupKey(group);
      const entry = groups.get(key) ?? { group, series: new Map<string, SeriesPoint[]>() };
      groups.set(key, entry);
      for (const c of group.claimants) {
        const point = claimedDelivery(c, x);
        if (point === undefined) continue;
        const points = entry.series.get(c.sourceId) ?? [];
        entry.series.set(c.sourceId, [...points, point]);
      }
    }
  }
  const byId = new Map(claims.map((c) => [c.claimId, c]));
  return [...groups.entries()].map(([key, { group, series }]) => ({
    key,
    termId: group.termId,
    direction: group.direction,
    measure: group.measure,
    series: [...series.entries()].map(([sourceId, points]) => ({ sourceId, points })),
    disputes: discrepancies.flatMap((d) => disputeMark(d, key, byId)),
  }));
}

function claimedDelivery(c: TotalsGroup['claimants'][number], x: number): SeriesPoint | undefined {
  if (c.statedTotal !== null) {
    const q = c.statedTotal.quantity;
    return { x, y: plotValue(q), label: formatQuantity(q), precision: q.precision };
  }
  if (c.phaseSum !== null) {
    const exact = c.phaseSum.upper === c.phaseSum.lower;
    return {
      x,
      y: plotValue(c.phaseSum),
      label: formatRange(c.phaseSum),
      precision: exact ? 'exact' : 'range',
    };
  }
  return undefined;
}

/** A dispute sits where its figures parted: at the latest statement among its claims, at the highest figure. */
function disputeMark(
  d: DiscrepancyView,
  key: string,
  claims: ReadonlyMap<string, ClaimView>,
): DisputeMark[] {
  const involved = d.claimIds
    .map((id) => claims.get(id))
    .filter((c): c is ClaimView => c !== undefined);
  const first = involved[0];
  if (first === undefined || groupKey(first) !== key) return [];
  const x = Math.max(...involved.map((c) => toMillis(c.statedAt)));
  const values = involved.map((c) => (c.quantity ? plotValue(c.quantity) : 0));
  return [
    {
      discrepancyId: d.discrepancyId,
      x,
      y: Math.max(...values),
      low: Math.min(...values),
      open: d.open,
      kind: d.kind,
      delta: d.delta,
    },
  ];
}

/** A y range around the disputes, with room to see the figures apart; undefined without disputes. */
export function disputeRange(
  disputes: readonly DisputeMark[],
): { min: number; max: number } | undefined {
  if (disputes.length === 0) return undefined;
  const low = Math.min(...disputes.map((d) => d.low));
  const high = Math.max(...disputes.map((d) => d.y));
  const pad = Math.max(3, Math.ceil((high - low) * 0.6));
  return { min: Math.max(0, low - pad), max: high + pad };
}
