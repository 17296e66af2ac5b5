import { type Interval, sumIntervals, toInterval, toRange } from '../quantity/quantity';
import { reconciliationKey } from '../quantity/quantity-key';
import { domainEvent } from '../shared/messages';
import {
  type PhaseFigure,
  type ScrutinyEvent,
  type TotalsDiscrepancyKind,
} from './agreement-events';
import { liveTransfersInGroup } from './agreement-index';
import {
  comparedKeyOf,
  type ReconciliationOutcome,
  type SignedAgreement,
  type TransferClaim,
} from './agreement-state';

/**
 * A claimant's phase figures must add up to its own stated total. The rule, per claimant (source)
 * and (agreement, term, direction, measure):
 *
 * - Inputs: the claimant's live phase claims, the latest recorded one per phase (labels a scope
 *   link joined are one phase), and its latest recorded live cumulative claim. Phases are not filtered by the total's period: the
 *   period is a label ("past week"), not dates the ledger could test.
 * - The phases' sum is an interval (the sum of their lower bounds to the sum of their upper
 *   bounds), compared with the total's interval:
 *   - phases_exceed_total: the phases' lowest possible sum is above the total's upper bound;
 *   - phases_short_of_total: the total's lower bound is above the phases' highest possible sum,
 *     i.e. part of the total is not accounted for by any recorded phase (Russia's MoD: 51 this
 *     phase, 78 in total: 27 unaccounted for). Often it means earlier phases were not recorded;
 *     the ledger says so rather than guessing.
 *   - otherwise the totals reconcile.
 * - Events are emitted only when the outcome changes (reconciled, or a discrepancy of another
 *   kind or gap), so a run of consistent claims does not repeat TotalsReconciled. When the total
 *   or every phase figure stops being live, TotalsNoLongerComparable withdraws the last outcome.
 */

type Comparison =
  | { readonly outcome: 'not_comparable'; readonly reason: string }
  | {
      readonly outcome: 'reconciled' | 'discrepancy';
      readonly phases: readonly TransferClaim[];
      readonly cumulative: TransferClaim;
      readonly kind?: TotalsDiscrepancyKind;
      readonly gap: number;
    };

/** The claimant's group (claimant, term, direction, measure) is looked up in the state's index, not scanned. */
function compare(state: SignedAgreement, claim: TransferClaim): Comparison {
  // The phases are read only when there is a total to compare them with.
  const cumulative = liveTransfersInGroup(state, claim, 'cumulative').at(-1);
  if (cumulative === undefined)
    return { outcome: 'not_comparable', reason: 'the claimant has no live cumulative total' };
  const phases = latestPhaseFigures(state, claim);
  if (phases.length === 0)
    return { outcome: 'not_comparable', reason: 'the claimant has no live phase figures' };
  const sum = sumIntervals(phases.map((p) => toInterval(p.quantity)));
  const against = phasesAgainstTotal(sum, toInterval(cumulative.quantity));
  return against.kind === null
    ? { outcome: 'reconciled', phases, cumulative, gap: 0 }
    : { outcome: 'discrepancy', phases, cumulative, kind: against.kind, gap: against.gap };
}

/**
 * The claimant's live phase figures in `claim`'s group, the latest recorded one per phase: labels
 * a scope link joined are one phase, counted once.
 */
export function latestPhaseFigures(state: SignedAgreement, claim: TransferClaim): TransferClaim[] {
  const latestPerPhase = new Map<string, TransferClaim>();
  for (const c of liveTransfersInGroup(state, claim, 'phase'))
    latestPerPhase.set(comparedKeyOf(state, c.quantityKey), c);
  return [...latestPerPhase.values()];
}

/**
 * How the sum of a claimant's phases stands against its stated total: apart, with which way and
 * by how much (the counts between the nearest ends), or admitting a common count (kind null).
 */
export function phasesAgainstTotal(
  sum: Interval,
  total: Interval,
):
  | { readonly kind: TotalsDiscrepancyKind; readonly gap: number }
  | { readonly kind: null; readonly gap: 0 } {
  if (sum.lower > total.upper) return { kind: 'phases_exceed_total', gap: sum.lower - total.upper };
  if (total.lower > sum.upper)
    return { kind: 'phases_short_of_total', gap: total.lower - sum.upper };
  return { kind: null, gap: 0 };
}

function unchanged(previous: ReconciliationOutcome, next: Comparison): boolean {
  if (previous.outcome !== next.outcome) return false;
  if (previous.outcome !== 'discrepancy' || next.outcome !== 'discrepancy') return true;
  return previous.kind === next.kind && previous.gap === next.gap;
}

function phaseFigure(claim: TransferClaim): PhaseFigure {
  return {
    claimId: claim.claimId,
    phase: claim.scope.kind === 'phase' ? claim.scope.phase : '',
    quantity: claim.quantity,
  };
}

/** The reconciliation event a change to `claim` calls for, if any; `state` already holds the change. */
export function reconcileTotals(state: SignedAgreement, claim: TransferClaim): ScrutinyEvent[] {
  const { agreementId } = state;
  const { termId, direction, measure, sourceId: claimantSourceId } = claim;
  const key = reconciliationKey({ agreementId, termId, direction, measure, claimantSourceId });
  const previous = state.reconciliations.get(key) ?? { outcome: 'not_comparable' };
  const next = compare(state, claim);
  if (unchanged(previous, next)) return [];
  if (next.outcome === 'not_comparable') {
    return [
      domainEvent('TotalsNoLongerComparable', {
        agreementId,
        reconciliationKey: key,
        claimantSourceId,
        reason: next.reason,
      }),
    ];
  }
  const comparison = {
    agreementId,
    reconciliationKey: key,
    claimantSourceId,
    termId,
    direction,
    measure,
    phaseClaims: next.phases.map(phaseFigure),
    phaseSum: toRange(sumIntervals(next.phases.map((p) => toInterval(p.quantity)))),
    cumulativeClaim: { claimId: next.cumulative.claimId, quantity: next.cumulative.quantity },
  };
  if (next.kind === undefined) return [domainEvent('TotalsReconciled', comparison)];
  return [
    domainEvent('TotalsDiscrepancyDetected', { ...comparison, gap: next.gap, kind: next.kind }),
  ];
}
