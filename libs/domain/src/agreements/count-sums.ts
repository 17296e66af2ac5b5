import { type Interval, sumIntervals, toInterval } from '../quantity/quantity';
import { liveTransfersInGroup } from './agreement-index';
import { type SignedAgreement, type TransferClaim } from './agreement-state';
import { latestPhaseFigures } from './reconciliation';

/**
 * Counts are summed exactly or not at all: the answers add a claimant's figures up (its phase sum
 * per direction, and for an agreed total its phase sums and its stated totals over every direction
 * between the parties), and a JavaScript number rounds past 2^53 − 1. So a change to `claim` that
 * would take any of those sums of its claimant, on its term and measure, past 2^53 − 1 is refused
 * ('count_sum_too_large', thrown by sumIntervals) before anything is written.
 *
 * Cost: the claimant's groups on the term and measure, one per direction between the parties.
 */
export function requireSafeSums(state: SignedAgreement, claim: TransferClaim): void {
  const phaseSums: Interval[] = [];
  const statedTotals: Interval[] = [];
  for (const from of state.parties)
    for (const to of state.parties) {
      if (from.id === to.id) continue;
      const group = { ...claim, direction: { from: from.id, to: to.id } };
      phaseSums.push(
        sumIntervals(latestPhaseFigures(state, group).map((c) => toInterval(c.quantity))),
      );
      const total = liveTransfersInGroup(state, group, 'cumulative').at(-1);
      if (total !== undefined) statedTotals.push(toInterval(total.quantity));
    }
  sumIntervals(phaseSums);
  sumIntervals(statedTotals);
}
