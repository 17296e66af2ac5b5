import { spreadOf, toInterval } from '../quantity/quantity';
import { isPerDirection } from '../quantity/quantity-key';
import { ensure } from '../shared/errors';
import { domainEvent } from '../shared/messages';
import { unresolvedDisputes } from './agreement-index';
import {
  type DisputeCause,
  DISPUTE_RULE,
  type DisputedClaim,
  type ScrutinyEvent,
} from './agreement-events';
import {
  comparedKeyOf,
  type DisputeState,
  liveClaimsOnKey,
  openDisputeOnKey,
  type SignedAgreement,
  type TransferClaim,
} from './agreement-state';

/**
 * Discrepancies are detected, never typed in. Every figure is an interval of counts ("over N" is
 * (N, ∞), "up to N" [0, N], "about N" N ± 5 %). The rules, per quantity key:
 *
 * - A claim *conflicts* when its interval shares no count with the interval of a live claim of
 *   another source on its key. Only conflicting claims are ever in a dispute: a bound consistent
 *   with every other figure ("at least 1,200" beside 1,245 and 1,248) never opens or joins one.
 * - A new or revised claim that leaves conflicting claims on its key, while no dispute is open on
 *   that key, opens one: FigureDisputed (rule 'interval_disjoint') naming the conflicting claims
 *   and the delta (the widest gap between their intervals).
 * - While a dispute the rule opened is open, its claims follow the conflicting set: a claim that
 *   comes to conflict joins, a revised claim is replaced by its successor, a retracted one or one
 *   that no longer conflicts leaves (DisputeClaimsChanged). A dispute a person raised keeps its
 *   claims (following revisions, dropping retractions) and gains only conflicting newcomers.
 * - A dispute the rule opened is resolved by the rule (DisputeStatusChanged by 'rule') when its
 *   remaining claims agree ('values converged') or fewer than two remain. A dispute a person
 *   raised is a judgement the rule cannot overturn: it resolves it only once none of its claims
 *   is live any more.
 * - Resolved disputes are history: a later disagreement on the key opens a new dispute.
 * - Claims on keys a scope link joined are compared as claims on one key, the link's first
 *   (comparedKeyOf): a dispute opened since names that key; a link itself may open or change a
 *   dispute (causedBy names the link, see scope-links.ts).
 */

/** What changed: a claim (reported, revised into this one, or retracted), or a scope link. */
export type Cause = { readonly claim: TransferClaim } | { readonly scopeLinkId: string };

const causedBy = (cause: Cause): DisputeCause =>
  'claim' in cause ? { claimId: cause.claim.claimId } : { scopeLinkId: cause.scopeLinkId };

const withLinks = <T extends object>(data: T, linked: readonly string[]) =>
  linked.length === 0 ? data : { ...data, linkedDisputeIds: linked };

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

/** The highest lower bound and lowest upper bound each source states on a key. */
interface SourceExtremes {
  readonly sourceId: string;
  readonly lower: number;
  readonly upper: number;
}

/** The two sources with the most extreme bound by `better`; the runner-up answers for the leader's own claims. */
function topTwo(
  extremes: readonly SourceExtremes[],
  pick: (e: SourceExtremes) => number,
  better: (a: number, b: number) => boolean,
): [SourceExtremes | undefined, SourceExtremes | undefined] {
  let first: SourceExtremes | undefined;
  let second: SourceExtremes | undefined;
  for (const e of extremes) {
    if (first === undefined || better(pick(e), pick(first))) [first, second] = [e, first];
    else if (second === undefined || better(pick(e), pick(second))) second = e;
  }
  return [first, second];
}

/**
 * The claims on a key whose interval is disjoint from that of a live claim of another source, in
 * recorded order. A claim conflicts iff another source's highest lower bound lies above its upper
 * bound or another source's lowest upper bound below its lower bound: O(n) per key.
 */
export function conflictingClaims(live: readonly TransferClaim[]): TransferClaim[] {
  const bySource = new Map<string, SourceExtremes>();
  const intervals = live.map((c) => {
    const i = toInterval(c.quantity);
    const seen = bySource.get(c.sourceId);
    bySource.set(c.sourceId, {
      sourceId: c.sourceId,
      lower: Math.max(seen?.lower ?? -Infinity, i.lower),
      upper: Math.min(seen?.upper ?? Infinity, i.upper),
    });
    return i;
  });
  const extremes = [...bySource.values()];
  const [hiLower, hiLower2] = topTwo(
    extremes,
    (e) => e.lower,
    (a, b) => a > b,
  );
  const [loUpper, loUpper2] = topTwo(
    extremes,
    (e) => e.upper,
    (a, b) => a < b,
  );
  return live.filter((claim, i) => {
    const own = intervals[i] ?? { lower: 0, upper: Infinity };
    const above = hiLower?.sourceId === claim.sourceId ? hiLower2 : hiLower;
    const below = loUpper?.sourceId === claim.sourceId ? loUpper2 : loUpper;
    return (
      (above !== undefined && above.lower > own.upper) ||
      (below !== undefined && below.upper < own.lower)
    );
  });
}

/**
 * One gap, one finding: a dispute over a phase figure and a dispute over the stated running
 * totals of the same term, direction and measure, between the same sources (at least two in
 * common) and with the same delta, show one difference twice. Each names the other.
 */
export function linkedDisputes(
  state: SignedAgreement,
  quantityKey: string,
  claims: readonly TransferClaim[],
  delta: number,
): string[] {
  const [sample] = claims;
  if (sample === undefined || delta === 0 || !isPerDirection(sample.scope)) return [];
  const sources = new Set(claims.map((c) => c.sourceId));
  const compared = comparedKeyOf(state, quantityKey);
  return unresolvedDisputes(state)
    .filter((d) => comparedKeyOf(state, d.quantityKey) !== compared && d.delta === delta)
    .filter((d) => {
      const theirs = transferClaims(state, d.claimIds);
      const [other] = theirs;
      return (
        other !== undefined &&
        other.termId === sample.termId &&
        other.measure === sample.measure &&
        other.direction.from === sample.direction.from &&
        other.direction.to === sample.direction.to &&
        other.scope.kind !== sample.scope.kind &&
        isPerDirection(other.scope) &&
        theirs.filter((c) => sources.has(c.sourceId)).length >= 2
      );
    })
    .map((d) => d.disputeId);
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

/** The claims an open dispute holds after `cause` changed: see the rules at the top. */
function membersAfter(state: SignedAgreement, dispute: DisputeState, cause: Cause): string[] {
  const successors = dispute.claimIds
    .map((id) => liveSuccessor(state, id))
    .filter((id): id is string => id !== undefined);
  const conflicting = conflictingClaims(liveClaimsOnKey(state, dispute.quantityKey)).map(
    (c) => c.claimId,
  );
  if (dispute.detectedBy === 'person') {
    // A link brings in every conflicting claim of the keys it joined; a claim brings in itself.
    if (!('claim' in cause))
      return [...successors, ...conflicting.filter((id) => !successors.includes(id))];
    const { claim } = cause;
    const joins =
      claim.status === 'live' &&
      claim.supersedes === undefined &&
      conflicting.includes(claim.claimId) &&
      !successors.includes(claim.claimId);
    return joins ? [...successors, claim.claimId] : successors;
  }
  // Nothing conflicts any more: keep the claims as they stand, so the resolution shows them agreeing.
  if (conflicting.length === 0) return successors;
  const kept = successors.filter((id) => conflicting.includes(id));
  return [...kept, ...conflicting.filter((id) => !kept.includes(id))];
}

export function followOpenDispute(
  state: SignedAgreement,
  dispute: DisputeState,
  cause: Cause,
): ScrutinyEvent[] {
  const members = membersAfter(state, dispute, cause);
  if (
    members.length === dispute.claimIds.length &&
    members.every((id, i) => id === dispute.claimIds[i])
  )
    return [];
  const claims = transferClaims(state, members);
  const delta = deltaOf(claims);
  const { agreementId } = state;
  const { disputeId, quantityKey } = dispute;
  const linked = linkedDisputes(state, quantityKey, claims, delta);
  const changed = domainEvent(
    'DisputeClaimsChanged',
    withLinks(
      {
        agreementId,
        disputeId,
        quantityKey,
        claims: claims.map(disputedClaim),
        delta,
        causedBy: causedBy(cause),
      },
      linked,
    ),
  );
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
  if (open !== undefined) return followOpenDispute(state, open, { claim: cause });
  if (cause.status !== 'live') return [];
  return openDisputeIfConflicting(state, cause.quantityKey, { claim: cause }, disputeId);
}

/** FigureDisputed when claims compared on `quantityKey` conflict and no dispute is open on it. */
export function openDisputeIfConflicting(
  state: SignedAgreement,
  quantityKey: string,
  cause: Cause,
  disputeId: string,
): ScrutinyEvent[] {
  const live = conflictingClaims(liveClaimsOnKey(state, quantityKey));
  const delta = deltaOf(live);
  if (live.length < 2 || delta === 0) return [];
  ensure(
    !state.disputes.has(disputeId),
    'dispute_already_exists',
    `dispute ${disputeId} already exists; pass another disputeId`,
  );
  const compared = comparedKeyOf(state, quantityKey);
  const linked = linkedDisputes(state, compared, live, delta);
  return [
    domainEvent('FigureDisputed', {
      ...withLinks(
        {
          agreementId: state.agreementId,
          disputeId,
          quantityKey: compared,
          claims: live.map(disputedClaim),
          delta,
        },
        linked,
      ),
      detectedBy: 'rule' as const,
      rule: DISPUTE_RULE,
      causedBy: causedBy(cause),
    }),
  ];
}
