import { normalizeInstant } from '@ledger/domain';
import { type ClaimFilter } from '@ledger/projections';
import { type AllClaimsQuery } from './query-params';

/** The read models' claim filter from the query string: times in their canonical form, absent filters left out. */
export function claimFilter(query: Partial<AllClaimsQuery>): ClaimFilter {
  const given = Object.entries({
    agreementId: query.agreementId,
    sourceId: query.sourceId,
    kind: query.kind,
    status: query.status,
    termId: query.termId,
    quantityKey: query.quantityKey,
    claimedBefore:
      query.claimedBefore === undefined
        ? undefined
        : normalizeInstant('claimedBefore', query.claimedBefore),
    occurredBefore:
      query.occurredBefore === undefined
        ? undefined
        : normalizeInstant('occurredBefore', query.occurredBefore),
  }).filter(([, value]) => value !== undefined);
  return Object.fromEntries(given);
}
