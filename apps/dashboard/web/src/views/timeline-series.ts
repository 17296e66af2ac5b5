import type {
  ClaimantTotals,
  ClaimView,
  DiscrepancyView,
  Direction,
  TotalsGroup,
} from '../api/wire';
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

/**
 * claimed: the claimant's cumulative figure (its stated total, else its phases' sum); phases: the
 * sum of its phase figures, drawn too when it also states a total, so that the gap between the two
 * shows (Russia's 51 in phases against its own 78).
 */
export type SeriesKind = 'claimed' | 'phases';

export interface ClaimantSeries {
  readonly sourceId: string;
  readonly kind: SeriesKind;
  /** The claimant's place among the group's claimants: its colour and dash pattern. */
  readonly claimant: number;
  readonly points: readonly SeriesPoint[];
}

/** One claimant's figures as of the newest statement, side by side, with the gap between them. */
export interface ClaimantRow {
  readonly sourceId: string;
  readonly claimant: number;
  /**
   * Its cumulative figure, and how far above the lowest claimant's of the same kind it stands
   * (sums of phases with sums of phases, stated totals with stated totals; 0 for the lowest,
   * null when no other claimant's figure is of its kind).
   */
  readonly claimed: string;
  readonly aboveLowest: number | null;
  readonly phaseSum: string | null;
  readonly statedTotal: string | null;
  /** The ledger's own reconciliation of its phases against its total (e.g. short by 27). */
  readonly reconciliation: ClaimantTotals['reconciliation'];
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
  readonly rows: readonly ClaimantRow[];
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
      // The newest snapshot's group: the rows show the figures as they stand now.
      groups.set(key, { group, series: entry.series });
      for (const c of group.claimants) {
        const add = (kind: SeriesKind, point: SeriesPoint | undefined): void => {
          if (point === undefined) return;
          const id = JSON.stringify([c.sourceId, kind]);
          entry.series.set(id, [...(entry.series.get(id) ?? []), point]);
        };
        add('claimed', claimedDelivery(c, x));
        if (c.statedTotal !== null) add('phases', phasesPoint(c, x));
      }
    }
  }
  const byId = new Map(claims.map((c) => [c.claimId, c]));
  return [...groups.entries()].map(([key, { group, series }]) => {
    const order = claimantOrder(series.keys());
    return {
      key,
      termId: group.termId,
      direction: group.direction,
      measure: group.measure,
      series: [...series.entries()].map(([id, points]) => {
        const [sourceId, kind] = JSON.parse(id) as [string, SeriesKind];
        return { sourceId, kind, claimant: order.get(sourceId) ?? 0, points };
      }),
      rows: claimantRows(group, order),
      disputes: discrepancies.flatMap((d) => disputeMark(d, key, byId)),
    };
  });
}

/** Claimants numbered in the order they first stated a figure. */
function claimantOrder(ids: Iterable<string>): Map<string, number> {
  const order = new Map<string, number>();
  for (const id of ids) {
    const [sourceId] = JSON.parse(id) as [string];
    if (!order.has(sourceId)) order.set(sourceId, order.size);
  }
  return order;
}

function claimantRows(group: TotalsGroup, order: ReadonlyMap<string, number>): ClaimantRow[] {
  const claimed = group.claimants.flatMap((c) => {
    const point = claimedDelivery(c, 0);
    return point === undefined ? [] : [{ c, point }];
  });
  const basis = (c: ClaimantTotals): string => (c.statedTotal === null ? 'phases' : 'total');
  const alike = (c: ClaimantTotals): number[] =>
    claimed.filter((o) => basis(o.c) === basis(c)).map((o) => o.point.y);
  return claimed
    .map(({ c, point }) => ({
      sourceId: c.sourceId,
      claimant: order.get(c.sourceId) ?? 0,
      claimed: point.label,
      aboveLowest: alike(c).length < 2 ? null : point.y - Math.min(...alike(c)),
      phaseSum: c.phaseSum === null ? null : formatRange(c.phaseSum),
      statedTotal: c.statedTotal === null ? null : formatQuantity(c.statedTotal.quantity),
      reconciliation: c.reconciliation,
    }))
    .sort((a, b) => a.claimant - b.claimant);
}

function phasesPoint(c: ClaimantTotals, x: number): SeriesPoint | undefined {
  if (c.phaseSum === null) return undefined;
  const exact = c.phaseSum.upper === c.phaseSum.lower;
  return {
    x,
    y: plotValue(c.phaseSum),
    label: formatRange(c.phaseSum),
    precision: exact ? 'exact' : 'range',
  };
}

function claimedDelivery(c: ClaimantTotals, x: number): SeriesPoint | undefined {
  if (c.statedTotal !== null) {
    const q = c.statedTotal.quantity;
    return { x, y: plotValue(q), label: formatQuantity(q), precision: q.precision };
  }
  return phasesPoint(c, x);
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
