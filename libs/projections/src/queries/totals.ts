import {
  type AgreedQuantity,
  type AgreementTerm,
  type Interval,
  type Quantity,
  type QuantityRange,
  spreadOf,
  sumIntervals,
  toInterval,
  toRange,
} from '@ledger/domain';
import { type ClaimRow, type ReconciliationRow } from '../read-model/tables';

/**
 * The totals of an agreement, per term, direction and what is counted: each claimant's figures
 * side by side, never a winner. Computed at query time from the claims read model as of the asked
 * position, so statement-time and occurrence-time filters apply to the figures themselves.
 *
 * Per claimant, as the ledger's reconciliation rule reads them: its latest figure for each phase,
 * their sum (an interval), and its latest stated cumulative total.
 */

/** Statement and occurrence cut-offs, canonical instants; a figure counts only if it stood then. */
export interface ClaimTimeFilter {
  readonly claimedBefore?: string;
  readonly occurredBefore?: string;
}

export interface FigureView {
  readonly claimId: string;
  readonly sourceId: string;
  readonly quantity: Quantity;
  readonly statedAt: string;
}

export interface ClaimantTotals {
  readonly sourceId: string;
  readonly phases: readonly (FigureView & { readonly phase: string })[];
  readonly phaseSum: QuantityRange | null;
  readonly statedTotals: readonly (FigureView & { readonly period: string | null })[];
  readonly statedTotal: (FigureView & { readonly period: string | null }) | null;
  /** The ledger's last reconciliation of this claimant's phases against its total, if any. */
  readonly reconciliation: {
    readonly outcome: string;
    readonly kind: string | null;
    readonly gap: number | null;
    readonly since: { readonly position: string; readonly recordedAt: string };
  } | null;
}

export interface PhaseAcrossClaimants {
  readonly phase: string;
  readonly figures: readonly FigureView[];
  /** From the lowest to the highest count any claimant admits (upper null when open-ended). */
  readonly range: QuantityRange;
  /** The gap between the claimants' figures, 0 when they overlap. */
  readonly spread: number;
}

export interface TotalsGroup {
  readonly termId: string;
  readonly direction: { readonly from: string; readonly to: string };
  readonly measure: string;
  readonly claimants: readonly ClaimantTotals[];
  readonly phases: readonly PhaseAcrossClaimants[];
  /** Across claimants: the range of their phase sums and of their stated totals. */
  readonly range: {
    readonly phaseSum: QuantityRange | null;
    readonly statedTotal: QuantityRange | null;
  };
  /** What the term required beside what the claimants say was delivered (each claimant's total, else its phase sum). */
  readonly againstAgreed: {
    readonly agreed: AgreedQuantity | null;
    readonly claimedDelivery: QuantityRange | null;
  };
}

/** Whether a claim stood under the filter: live now, or (with claimedBefore) stated before it and not yet ended then. */
export function figureStands(claim: ClaimRow, filter: ClaimTimeFilter): boolean {
  if (
    filter.occurredBefore !== undefined &&
    !(claim.occurred_start !== null && claim.occurred_start < filter.occurredBefore)
  )
    return false;
  if (filter.claimedBefore === undefined) return claim.status === 'live';
  if (!(claim.stated_at < filter.claimedBefore)) return false;
  return (
    claim.status === 'live' ||
    (claim.ended_stated_at !== null && claim.ended_stated_at >= filter.claimedBefore)
  );
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

const figure = (c: ClaimRow): FigureView => ({
  claimId: c.claim_id,
  sourceId: c.source_id,
  quantity: c.quantity as unknown as Quantity,
  statedAt: c.stated_at,
});

function hull(intervals: readonly Interval[]): QuantityRange | null {
  if (intervals.length === 0) return null;
  return toRange({
    lower: Math.min(...intervals.map((i) => i.lower)),
    upper: Math.max(...intervals.map((i) => i.upper)),
  });
}

const fromRange = (r: QuantityRange): Interval => ({ lower: r.lower, upper: r.upper ?? Infinity });

function claimantTotals(
  sourceId: string,
  claims: readonly ClaimRow[],
  reconciliation: ReconciliationRow | undefined,
): ClaimantTotals {
  const latestPerPhase = new Map<string, ClaimRow>();
  const totals: ClaimRow[] = [];
  for (const c of claims) {
    if (c.scope_kind === 'phase') latestPerPhase.set(c.phase ?? '', c);
    else totals.push(c);
  }
  const phases = [...latestPerPhase.entries()].map(([phase, c]) => ({ ...figure(c), phase }));
  const statedTotals = totals.map((c) => ({ ...figure(c), period: c.period }));
  return {
    sourceId,
    phases,
    phaseSum:
      phases.length === 0 ? null : toRange(sumIntervals(phases.map((p) => toInterval(p.quantity)))),
    statedTotals,
    statedTotal: statedTotals.at(-1) ?? null,
    reconciliation:
      reconciliation === undefined
        ? null
        : {
            outcome: reconciliation.outcome,
            kind: reconciliation.discrepancy_kind,
            gap: reconciliation.gap,
            since: {
              position: reconciliation.since_position.toString(),
              recordedAt: reconciliation.since_at,
            },
          },
  };
}

function phasesAcross(claimants: readonly ClaimantTotals[]): PhaseAcrossClaimants[] {
  const byPhase = new Map<string, FigureView[]>();
  for (const claimant of claimants) {
    for (const { phase, ...f } of claimant.phases) pushTo(byPhase, phase, f);
  }
  return [...byPhase.entries()].map(([phase, figures]) => {
    const intervals = figures.map((f) => toInterval(f.quantity));
    return { phase, figures, range: hull(intervals) as QuantityRange, spread: spreadOf(intervals) };
  });
}

function delivery(c: ClaimantTotals): Interval | undefined {
  if (c.statedTotal !== null) return toInterval(c.statedTotal.quantity);
  return c.phaseSum === null ? undefined : fromRange(c.phaseSum);
}

function groupTotals(
  first: ClaimRow,
  claims: readonly ClaimRow[],
  terms: readonly AgreementTerm[],
  reconciliations: readonly ReconciliationRow[],
): TotalsGroup {
  const bySource = new Map<string, ClaimRow[]>();
  for (const c of claims) pushTo(bySource, c.source_id, c);
  const claimants = [...bySource.entries()].map(([sourceId, own]) =>
    claimantTotals(
      sourceId,
      own,
      reconciliations.find((r) => r.claimant_source_id === sourceId && sameGroup(r, first)),
    ),
  );
  const defined = <T>(xs: readonly (T | undefined)[]): T[] =>
    xs.filter((x): x is T => x !== undefined);
  return {
    termId: first.term_id ?? '',
    direction: { from: first.dir_from ?? '', to: first.dir_to ?? '' },
    measure: first.measure ?? '',
    claimants,
    phases: phasesAcross(claimants),
    range: {
      phaseSum: hull(
        defined(claimants.map((c) => (c.phaseSum === null ? undefined : fromRange(c.phaseSum)))),
      ),
      statedTotal: hull(
        defined(
          claimants.map((c) =>
            c.statedTotal === null ? undefined : toInterval(c.statedTotal.quantity),
          ),
        ),
      ),
    },
    againstAgreed: {
      agreed: terms.find((t) => t.termId === first.term_id)?.agreedQuantity ?? null,
      claimedDelivery: hull(defined(claimants.map(delivery))),
    },
  };
}

const groupKey = (r: {
  term_id: string | null;
  dir_from: string | null;
  dir_to: string | null;
  measure: string | null;
}): string => JSON.stringify([r.term_id, r.dir_from, r.dir_to, r.measure]);

const sameGroup = (r: ReconciliationRow, c: ClaimRow): boolean => groupKey(r) === groupKey(c);

/**
 * Groups the agreement's transfer claims (in recorded order) into totals. Only figures that stand
 * under the filter count; groups are ordered by their first recorded claim.
 */
export function computeTotals(
  transferClaims: readonly ClaimRow[],
  terms: readonly AgreementTerm[],
  reconciliations: readonly ReconciliationRow[],
  filter: ClaimTimeFilter,
): TotalsGroup[] {
  const groups = new Map<string, ClaimRow[]>();
  for (const c of transferClaims) {
    if (!figureStands(c, filter)) continue;
    pushTo(groups, groupKey(c), c);
  }
  return [...groups.values()].map((claims) =>
    groupTotals(claims[0] as ClaimRow, claims, terms, reconciliations),
  );
}
