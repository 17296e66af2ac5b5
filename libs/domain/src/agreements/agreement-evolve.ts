import { assertNever } from '../shared/messages';
import { MapEditor, PersistentMap } from '../shared/persistent-map';
import {
  type AgreementEvent,
  type AgreementSigned,
  type ClaimEvent,
  type ClaimRevised,
  isClaimEvent,
  type ScopesLinked,
  type ScrutinyEvent,
  type TransferReported,
} from './agreement-events';
import { IndexDraft, indexOf, keepIndex } from './agreement-index';
import { framingKeysOf } from './framing-key';
import {
  type AgreementState,
  type Claim,
  type DisputeState,
  type InferenceState,
  type ReconciliationOutcome,
  type SignedAgreement,
  statementOf,
  type TransferClaim,
} from './agreement-state';

/**
 * Folding is pure from the outside: the state passed in is never changed. Its collections are
 * persistent maps (PersistentMap): a fold edits new versions of them in place (MapEditor) and
 * leaves the old ones as they were, so folding one event costs O(1) however many claims the
 * agreement holds, and replaying a stream of n events O(n). The index the rules look claims up by
 * (agreement-index) is folded on with them and kept beside the state.
 */
interface Draft {
  signed: Omit<SignedAgreement, 'claims' | 'disputes' | 'reconciliations' | 'inferences'>;
  readonly claims: MapEditor<string, Claim>;
  readonly disputes: MapEditor<string, DisputeState>;
  readonly reconciliations: MapEditor<string, ReconciliationOutcome>;
  readonly inferences: MapEditor<string, InferenceState>;
  readonly index: IndexDraft;
}

function draftOf(state: SignedAgreement): Draft {
  const { claims, disputes, reconciliations, inferences, ...signed } = state;
  return {
    signed,
    claims: PersistentMap.of(claims).edit(),
    disputes: PersistentMap.of(disputes).edit(),
    reconciliations: PersistentMap.of(reconciliations).edit(),
    inferences: PersistentMap.of(inferences).edit(),
    index: new IndexDraft(indexOf(state)),
  };
}

function signedAgreement({ data }: AgreementSigned): Draft {
  return {
    signed: {
      status: 'signed',
      agreementId: data.agreementId,
      title: data.title,
      signedOn: data.signedOn,
      parties: data.parties,
      mediators: data.mediators,
      terms: new Map(data.terms.map((t) => [t.termId, t])),
    },
    claims: MapEditor.fresh(),
    disputes: MapEditor.fresh(),
    reconciliations: MapEditor.fresh(),
    inferences: MapEditor.fresh(),
    index: new IndexDraft(),
  };
}

/** The draft as a state, its index kept beside it (not a field, so states compare as data). */
function settled({
  signed,
  claims,
  disputes,
  reconciliations,
  inferences,
  index,
}: Draft): SignedAgreement {
  const state: SignedAgreement = {
    ...signed,
    claims: claims.done(),
    disputes: disputes.done(),
    reconciliations: reconciliations.done(),
    inferences: inferences.done(),
  };
  keepIndex(state, index.done());
  return state;
}

/** Sets a claim, keeping the index of live claims in step with its status. */
function putClaim(draft: Draft, claim: Claim): void {
  const before = draft.claims.get(claim.claimId);
  draft.index.claimChanged(before, claim, draft.claims.size);
  draft.claims.set(claim.claimId, claim);
}

function putDispute(draft: Draft, dispute: DisputeState): void {
  const before = draft.disputes.get(dispute.disputeId);
  draft.index.disputeChanged(before, dispute, draft.disputes.size);
  draft.disputes.set(dispute.disputeId, dispute);
}

function putReconciliation(draft: Draft, key: string, outcome: ReconciliationOutcome): void {
  draft.reconciliations.set(key, outcome);
}

function updateClaim(draft: Draft, claimId: string, change: (claim: Claim) => Claim): void {
  const claim = draft.claims.get(claimId);
  if (claim !== undefined) putClaim(draft, change(claim));
}

function updateDispute(
  draft: Draft,
  disputeId: string,
  change: (dispute: DisputeState) => DisputeState,
): void {
  const dispute = draft.disputes.get(disputeId);
  if (dispute !== undefined) putDispute(draft, change(dispute));
}

function transferClaim({ data }: TransferReported): TransferClaim {
  const { claimId, sourceId, termId, direction, measure, scope, quantity, quantityKey } = data;
  return {
    kind: 'transfer',
    claimId,
    sourceId,
    ...statementOf(data),
    status: 'live',
    corroborations: [],
    termId,
    direction,
    measure,
    scope,
    quantity,
    quantityKey,
  };
}

/** The new claim inherits the old one's source and key; corroborations stay with the words they corroborated. */
function applyRevision(draft: Draft, { data }: ClaimRevised): void {
  const old = draft.claims.get(data.claimId);
  if (old?.kind !== 'transfer') return;
  putClaim(draft, { ...old, status: 'superseded', supersededBy: data.supersededBy });
  const { statedAtPrecision: _old, ...rest } = old;
  putClaim(draft, {
    ...rest,
    claimId: data.supersededBy,
    ...statementOf(data),
    quantity: data.quantity,
    status: 'live',
    corroborations: [],
    supersedes: old.claimId,
  });
}

/** A newer figure from the same source on the same key supersedes its live one. */
function applyTransferReported(draft: Draft, event: TransferReported): void {
  const { claimId, revises } = event.data;
  const claim = transferClaim(event);
  if (revises === undefined) return putClaim(draft, claim);
  updateClaim(draft, revises, (c) => ({ ...c, status: 'superseded', supersededBy: claimId }));
  putClaim(draft, { ...claim, supersedes: revises });
}

function applyClaimEvent(draft: Draft, event: ClaimEvent): void {
  switch (event.type) {
    case 'TransferReported':
      return applyTransferReported(draft, event);
    case 'AgreementTermCompletionClaimed': {
      const { claimId, sourceId, termId } = event.data;
      return putClaim(draft, {
        kind: 'completion',
        claimId,
        sourceId,
        ...statementOf(event.data),
        termId,
        status: 'live',
        corroborations: [],
      });
    }
    case 'CharacterizationClaimed': {
      const { claimId, sourceId, subject, property, value } = event.data;
      const base = {
        kind: 'characterization',
        claimId,
        sourceId,
        ...statementOf(event.data),
        property,
        value,
        ...framingKeysOf(event.data),
        status: 'live',
        corroborations: [],
      } as const;
      return putClaim(
        draft,
        subject.termId === undefined ? base : { ...base, termId: subject.termId },
      );
    }
    case 'ClaimRevised':
      return applyRevision(draft, event);
    case 'ClaimRetracted':
      return updateClaim(draft, event.data.claimId, (c) => ({ ...c, status: 'retracted' }));
    case 'ClaimCorroborated': {
      const { sourceId, independence } = event.data;
      return updateClaim(draft, event.data.claimId, (c) => ({
        ...c,
        corroborations: [...c.corroborations, { sourceId, independence }],
      }));
    }
    default:
      return assertNever(event, 'claim event');
  }
}

function applyScrutinyEvent(draft: Draft, event: ScrutinyEvent): void {
  switch (event.type) {
    case 'FigureDisputed': {
      const { disputeId, quantityKey, claims, delta, detectedBy } = event.data;
      return putDispute(draft, {
        disputeId,
        quantityKey,
        claimIds: claims.map((c) => c.claimId),
        delta,
        status: 'open',
        detectedBy,
      });
    }
    case 'DisputeClaimsChanged':
      return updateDispute(draft, event.data.disputeId, (d) => ({
        ...d,
        claimIds: event.data.claims.map((c) => c.claimId),
        delta: event.data.delta,
      }));
    case 'DisputeStatusChanged':
      return updateDispute(draft, event.data.disputeId, (d) => ({
        ...d,
        status: event.data.status,
      }));
    case 'TotalsDiscrepancyDetected': {
      const { reconciliationKey, kind, gap } = event.data;
      return putReconciliation(draft, reconciliationKey, {
        outcome: 'discrepancy',
        kind,
        gap,
      });
    }
    case 'TotalsReconciled':
      return putReconciliation(draft, event.data.reconciliationKey, {
        outcome: 'reconciled',
      });
    case 'TotalsNoLongerComparable':
      return putReconciliation(draft, event.data.reconciliationKey, {
        outcome: 'not_comparable',
      });
    default:
      return assertNever(event, 'scrutiny event');
  }
}

/** The link's keys are compared under its first key from now on (links never come undone). */
function applyScopesLinked(draft: Draft, { data }: ScopesLinked): void {
  const { scopeLinkId, quantityKey, linkedKeys } = data;
  const comparedKeys = new Map(draft.signed.comparedKeys);
  for (const key of linkedKeys) comparedKeys.set(key, quantityKey);
  const scopeLinks = new Map(draft.signed.scopeLinks);
  scopeLinks.set(scopeLinkId, { scopeLinkId, quantityKey, linkedKeys });
  draft.signed = { ...draft.signed, scopeLinks, comparedKeys };
}

/** Applies events in order to `state` without changing it. */
export function foldAgreement(
  state: AgreementState,
  events: readonly AgreementEvent[],
): AgreementState {
  let draft: Draft | undefined;
  for (const event of events) {
    if (event.type === 'AgreementSigned') {
      draft = signedAgreement(event);
      continue;
    }
    if (draft === undefined) {
      // Events come from the store, written by decide: anything before AgreementSigned means a corrupt stream.
      if (state.status !== 'signed')
        throw new Error(`${event.type} cannot apply to an agreement that was never signed`);
      draft = draftOf(state);
    }
    if (event.type === 'FigureInferred') {
      const { inferenceId, quantityKey, derivedFrom } = event.data;
      draft.inferences.set(inferenceId, { inferenceId, quantityKey, derivedFrom });
    } else if (isClaimEvent(event)) applyClaimEvent(draft, event);
    else if (event.type === 'ScopesLinked') applyScopesLinked(draft, event);
    else applyScrutinyEvent(draft, event);
  }
  return draft === undefined ? state : settled(draft);
}

export function evolveAgreement(state: AgreementState, event: AgreementEvent): AgreementState {
  return foldAgreement(state, [event]);
}
