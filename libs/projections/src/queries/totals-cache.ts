import { LruMap } from '@ledger/event-store';
import { type ClaimTimeFilter, type TotalsParts } from './totals';

/** Answers kept: one per agreement and filter in use, with room for the as-of points asked. */
const DEFAULT_ENTRIES = 2_000;

/**
 * Totals already computed, by agreement, filter and the agreement's totals version: the last
 * position, at or before the one asked, that wrote a row the totals read (the agreement, its
 * transfer claims, its reconciliations). The rows valid at a position are those valid at that
 * version (a version closes only when another opens at the same position), so the answer is the
 * same: a new event on the agreement gives a new version, which is how the projection
 * invalidates an entry; events elsewhere leave it standing. Least recently used entries go first.
 */
export class TotalsCache {
  private readonly entries: LruMap<string, TotalsParts>;

  constructor(capacity = DEFAULT_ENTRIES) {
    this.entries = new LruMap(capacity);
  }

  get(
    agreementId: string,
    filter: ClaimTimeFilter,
    version: bigint,
    compute: () => TotalsParts,
  ): TotalsParts {
    const key = JSON.stringify([
      agreementId,
      filter.claimedBefore ?? null,
      filter.occurredBefore ?? null,
      version.toString(),
    ]);
    const kept = this.entries.get(key);
    if (kept !== undefined) return kept;
    const totals = compute();
    this.entries.set(key, totals);
    return totals;
  }
}
