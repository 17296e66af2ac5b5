import { spreadOf, toInterval } from '../quantity/quantity';
import { ensure } from '../shared/errors';
import { domainEvent } from '../shared/messages';
import { DISPUTE_RULE, type DisputedClaim, type ScrutinyEvent } from './agreement-events';
import {
  type DisputeState,
  liveClaimsOnKey,
  openDisputeOnKey,
  type SignedAgreement,
  type TransferClaim,
} from './agreement-state';

/**
 * Discrepancies are detected, never typed in. The rules, per quantity key:
 *
 * - A new or revised claim whose interval shares no count with another live claim on its key,
 *   while no dispute is open on that key, opens one: FigureDisputed (rule 'interval_disjoint')
 *   naming every live claim on the key and the delta (the widest gap between their intervals).
 * - While a dispute is open, every change to its claims is recorded as DisputeClaimsChanged: a
 *   newly reported claim on the key joins it, a revised claim is replaced by its successor, a
 *   retracted claim leaves it.
 * - A dispute the rule opened is resolved by the rule (DisputeStatusChanged by 'rule') when its
 *   remaining claims agree ('values converged') or fewer than two remain. A dispute a person
 *   raised is a judgement the rule cannot overturn: it resolves it only once none of its claims
 *   is live any more.
 * - Resolved disputes are history: a later disagreement on the key opens a new dispute.
 */

/** The id of the dispute a claim opens when the command names none. */
export const defaultDisputeId = (claimId: string): string => `dispute-${claimId}`;

export function disputedClaim(claim: TransferClaim): DisputedClaim {
  return { claimId: claim.claimId, sourceId: claim.sourceId, quantity: claim.quantity };
}

export function deltaOf(claims: readonly TransferClaim[]): number {
  return spreadOf(claims.map((c) => toInterval(c.quantity)));
}

/** Follows revisions from a claim to the claim now standing in its place, if any. */
function liveSuccessor(state: SignedAgreement, claimId: string): string | undefined {
  let claim = state.claims.get(claimId);
  for (let hops = 0; claim !== undefined && hops <= state.claims.size; hops++) {
    if (claim.status === 'live') return claim.claimId;
    if (claim.kind !== 'transfer' || claim.supersededBy === undefined) return undefined;
    claim = state.claims.get(claim.supersededBy);
  }
  return undefined;
}

function transferClaims(state: SignedAgreement, ids: readonly string[]): TransferClaim[] {
  return ids
    .map((id) => state.claims.get(id))
    .filter((c): c is TransferClaim => c?.kind === 'transfer');
}

function resolutionReason(
  dispute: DisputeState,
  claims: readonly TransferClaim[],
  delta: number,
): string | undefined {
  if (claims.length === 0) return 'no live claims remain';
  if (dispute.detectedBy === 'person') return undefined;
  if (claims.length < 2) return 'no conflicting claim remains';
  return delta === 0 ? 'values converged' : undefined;
}

function followOpenDispute(
  state: SignedAgreement,
  dispute: DisputeState,
  cause: TransferClaim,
): ScrutinyEvent[] {
  const members = dispute.claimIds
    .map((id) => liveSuccessor(state, id))
    .filter((id): id is string => id !== undefined);
  const joins =
    cause.status === 'live' && cause.supersedes === undefined && !members.includes(cause.claimId);
  if (joins) members.push(cause.claimId);
  if (
    members.length === dispute.claimIds.length &&
    members.every((id, i) => id === dispute.claimIds[i])
  )
    return [];
  const claims = transferClaims(state, members);
  const delta = deltaOf(claims);
  const { agreementId } = state;
  const { disputeId, quantityKey } = dispute;
  const changed = domainEvent('DisputeClaimsChanged', {
    agreementId,
    disputeId,
    quantityKey,
    claims: claims.map(disputedClaim),
    delta,
    causedBy: { claimId: cause.claimId },
  });
  const reason = resolutionReason(dispute, claims, delta);
  if (reason === undefined) return [changed];
  const resolved = domainEvent('DisputeStatusChanged', {
    agreementId,
    disputeId,
    quantityKey,
    previousStatus: dispute.status,
    status: 'resolved' as const,
    reason,
    by: 'rule' as const,
  });
  return [changed, resolved];
}

/**
 * The dispute events a change to `cause` calls for. `state` already holds the change (the claim
 * reported, revised into `cause`, or retracted).
 */
export function detectDisputes(
  state: SignedAgreement,
  cause: TransferClaim,
  disputeId: string,
): ScrutinyEvent[] {
  const open = openDisputeOnKey(state, cause.quantityKey);
  if (open !== undefined) return followOpenDispute(state, open, cause);
  if (cause.status !== 'live') return [];
  const live = liveClaimsOnKey(state, cause.quantityKey);
  const delta = deltaOf(live);
  if (delta === 0) return [];
  ensure(
    !state.disputes.has(disputeId),
    'dispute_already_exists',
    `dispute ${disputeId} already exists; pass another disputeId`,
  );
  return [
    domainEvent('FigureDisputed', {
      agreementId: state.agreementId,
      disputeId,
      quantityKey: cause.quantityKey,
      claims: live.map(disputedClaim),
      delta,
      detectedBy: 'rule' as const,
      rule: DISPUTE_RULE,
      causedBy: { claimId: cause.claimId },
    }),
  ];
}
