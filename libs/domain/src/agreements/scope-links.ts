import { quantityKey, validateDirection, validateScope } from '../quantity/quantity-key';
import { ensure } from '../shared/errors';
import { domainEvent } from '../shared/messages';
import { isList, requireId, requireText } from '../shared/validation';
import { type LinkScopes } from './agreement-commands';
import { type AgreementEvent, type ScopesLinked, type ScrutinyEvent } from './agreement-events';
import { foldAgreement } from './agreement-evolve';
import { requireParty, requireSigned, requireTerm } from './agreement-guards';
import { liveTransfersOnKeys } from './agreement-index';
import {
  type AgreementState,
  keysComparedWith,
  openDisputesOnKey,
  type SignedAgreement,
  type TransferClaim,
} from './agreement-state';
import { defaultDisputeId, followOpenDispute, openDisputeIfConflicting } from './disputes';
import { reconcileTotals } from './reconciliation';

/**
 * Scope links: two reports of one handover under different labels ("2025-06-20", "the third
 * handover"), or running totals under different period labels for one period, are linked by a
 * person (the event's actor), who says why. The rules, per term, direction and measure:
 *
 * - The scopes are of one kind (phases, or periods of running totals): 422 scope_kinds_differ.
 * - A scope belongs to one link group: linking scopes of two groups is 409 scopes_in_two_links;
 *   naming scopes of one group again extends it, and a link that adds nothing is 409
 *   scopes_already_linked.
 * - The group's claims are compared under one key, the group's first (the first scope of the
 *   link that made it): disputes, "one live figure per source", reconciliation (a phase counts
 *   once per claimant: its latest figure under any of the labels).
 * - The link re-examines the claims there at once: conflicting claims open a dispute caused by the
 *   link; open disputes on the joined keys become one (the first raised follows the conflicting
 *   set, the others are resolved by the rule as merged into it); each claimant's reconciliation
 *   is computed again.
 * - Links are not undone.
 */

const MAX_SCOPES = 20;

function requireScopes(data: LinkScopes['data']): ScopesLinked['data']['scopes'] {
  ensure(
    isList(data.scopes) && data.scopes.length >= 2 && data.scopes.length <= MAX_SCOPES,
    'invalid_scope',
    `scopes must list 2 to ${MAX_SCOPES} scopes`,
  );
  const scopes = data.scopes.map(validateScope);
  const [first] = scopes;
  ensure(
    scopes.every((s) => s.kind === first?.kind),
    'scope_kinds_differ',
    'a phase and a running total are not one quantity: link scopes of one kind',
  );
  return scopes;
}

/** The keys of the group after the link, its compared key first. */
function groupAfterLink(agreement: SignedAgreement, keys: readonly string[]): string[] {
  ensure(new Set(keys).size === keys.length, 'invalid_scope', 'scopes names one scope twice');
  const groups = new Set(keys.flatMap((k) => agreement.comparedKeys?.get(k) ?? []));
  ensure(
    groups.size <= 1,
    'scopes_in_two_links',
    `the scopes belong to two linked groups (${[...groups].join(', ')}); link within one group`,
  );
  const [existing] = groups;
  if (existing === undefined) return [...keys];
  const group = [...keysComparedWith(agreement, existing)];
  const added = keys.filter((k) => !group.includes(k));
  ensure(added.length > 0, 'scopes_already_linked', 'these scopes are already linked');
  return [...group, ...added];
}

/** Open disputes on the joined keys become one; or the joined claims' conflict opens one. */
function disputesAfterLink(
  state: SignedAgreement,
  scopeLinkId: string,
  key: string,
  disputeId: string,
): ScrutinyEvent[] {
  const cause = { scopeLinkId };
  const [first, ...others] = openDisputesOnKey(state, key);
  if (first === undefined) return openDisputeIfConflicting(state, key, cause, disputeId);
  const merged = others.map((d) =>
    domainEvent('DisputeStatusChanged', {
      agreementId: state.agreementId,
      disputeId: d.disputeId,
      quantityKey: d.quantityKey,
      previousStatus: d.status,
      status: 'resolved' as const,
      reason: `merged into dispute ${first.disputeId}: scope link ${scopeLinkId} joined their quantities`,
      by: 'rule' as const,
    }),
  );
  const afterMerge = signedAfter(state, merged);
  return [...merged, ...followOpenDispute(afterMerge, first, cause)];
}

function signedAfter(state: SignedAgreement, events: readonly AgreementEvent[]): SignedAgreement {
  const after = foldAgreement(state, events);
  // Folding events onto a signed agreement keeps it signed.
  return after.status === 'signed' ? after : state;
}

/** Each claimant's reconciliation, computed again: linked phases now count once. */
function reconcileClaimants(
  state: SignedAgreement,
  claims: readonly TransferClaim[],
): ScrutinyEvent[] {
  const perClaimant = new Map(claims.map((c) => [c.sourceId, c]));
  return [...perClaimant.values()].flatMap((c) => reconcileTotals(state, c));
}

export function linkScopes(command: LinkScopes, state: AgreementState): AgreementEvent[] {
  const { data } = command;
  const agreement = requireSigned(state, data.agreementId);
  const scopeLinkId = requireId('scopeLinkId', data.scopeLinkId);
  ensure(
    agreement.scopeLinks?.has(scopeLinkId) !== true,
    'scope_link_already_exists',
    `scope link ${scopeLinkId} already exists in agreement ${agreement.agreementId}`,
  );
  requireTerm(agreement, data.termId);
  const direction = validateDirection(data.direction);
  requireParty(agreement, direction.from, 'direction.from');
  requireParty(agreement, direction.to, 'direction.to');
  const measure = requireId('measure', data.measure);
  const scopes = requireScopes(data);
  const { agreementId } = agreement;
  const keys = scopes.map((scope) =>
    quantityKey({ agreementId, termId: data.termId, direction, measure, scope }),
  );
  const linkedKeys = groupAfterLink(agreement, keys);
  const reason = requireText('reason', data.reason);
  const disputeId =
    data.disputeId === undefined
      ? defaultDisputeId(scopeLinkId)
      : requireId('disputeId', data.disputeId);
  const claims = liveTransfersOnKeys(agreement, linkedKeys);
  const [key] = linkedKeys as [string, ...string[]];
  const linked = domainEvent('ScopesLinked', {
    agreementId,
    scopeLinkId,
    termId: data.termId,
    direction,
    measure,
    scopes,
    quantityKey: key,
    linkedKeys,
    claimIds: claims.map((c) => c.claimId),
    reason,
  });
  const afterLink = signedAfter(agreement, [linked]);
  const disputes = disputesAfterLink(afterLink, scopeLinkId, key, disputeId);
  const afterDisputes = signedAfter(afterLink, disputes);
  const reconciled = scopes[0]?.kind === 'phase' ? reconcileClaimants(afterDisputes, claims) : [];
  return [linked, ...disputes, ...reconciled];
}
