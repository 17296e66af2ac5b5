import { assertNever } from '../shared/messages';
import {
  type AgreementEvent,
  type AgreementSigned,
  type ClaimEvent,
  type ClaimRevised,
  isClaimEvent,
  type ScrutinyEvent,
  type TransferReported,
} from './agreement-events';
import {
  type AgreementState,
  type Claim,
  type DisputeState,
  type ReconciliationOutcome,
  type SignedAgreement,
  type TransferClaim,
} from './agreement-state';

/**
 * Folding is pure from the outside: the state passed in is never changed. Inside one fold the
 * collections are copied once into a draft and then updated in place, so replaying a stream of n
 * events costs O(n), not the O(n²) of copying every map for every event.
 */
interface Draft extends SignedAgreement {
  readonly claims: Map<string, Claim>;
  readonly disputes: Map<string, DisputeState>;
  readonly reconciliations: Map<string, ReconciliationOutcome>;
}

function draftOf(state: SignedAgreement): Draft {
  return {
    ...state,
    claims: new Map(state.claims),
    disputes: new Map(state.disputes),
    reconciliations: new Map(state.reconciliations),
  };
}

function signedAgreement({ data }: AgreementSigned): Draft {
  return {
    status: 'signed',
    agreementId: data.agreementId,
    title: data.title,
    signedOn: data.signedOn,
    parties: data.parties,
    mediators: data.mediators,
    terms: new Map(data.terms.map((t) => [t.termId, t])),
    claims: new Map(),
    disputes: new Map(),
    reconciliations: new Map(),
  };
}

function updateClaim(draft: Draft, claimId: string, change: (claim: Claim) => Claim): void {
  const claim = draft.claims.get(claimId);
  if (claim !== undefined) draft.claims.set(claimId, change(claim));
}

function updateDispute(
  draft: Draft,
  disputeId: string,
  change: (dispute: DisputeState) => DisputeState,
): void {
  const dispute = draft.disputes.get(disputeId);
  if (dispute !== undefined) draft.disputes.set(disputeId, change(dispute));
}

function transferClaim({ data }: TransferReported): TransferClaim {
  const { claimId, sourceId, statedAt, termId, direction, measure, scope, quantity, quantityKey } =
    data;
  return {
    kind: 'transfer',
    claimId,
    sourceId,
    statedAt,
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
  draft.claims.set(old.claimId, { ...old, status: 'superseded', supersededBy: data.supersededBy });
  draft.claims.set(data.supersededBy, {
    ...old,
    claimId: data.supersededBy,
    statedAt: data.statedAt,
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
  if (revises === undefined) return void draft.claims.set(claimId, claim);
  updateClaim(draft, revises, (c) => ({ ...c, status: 'superseded', supersededBy: claimId }));
  draft.claims.set(claimId, { ...claim, supersedes: revises });
}

function applyClaimEvent(draft: Draft, event: ClaimEvent): void {
  switch (event.type) {
    case 'TransferReported':
      return applyTransferReported(draft, event);
    case 'AgreementTermCompletionClaimed': {
      const { claimId, sourceId, statedAt, termId } = event.data;
      return void draft.claims.set(claimId, {
        kind: 'completion',
        claimId,
        sourceId,
        statedAt,
        termId,
        status: 'live',
        corroborations: [],
      });
    }
    case 'CharacterizationClaimed': {
      const { claimId, sourceId, statedAt, subject, property, value } = event.data;
      const base = {
        kind: 'characterization',
        claimId,
        sourceId,
        statedAt,
        property,
        value,
        status: 'live',
        corroborations: [],
      } as const;
      return void draft.claims.set(
        claimId,
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
      return void draft.disputes.set(disputeId, {
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
      return void draft.reconciliations.set(reconciliationKey, {
        outcome: 'discrepancy',
        kind,
        gap,
      });
    }
    case 'TotalsReconciled':
      return void draft.reconciliations.set(event.data.reconciliationKey, {
        outcome: 'reconciled',
      });
    case 'TotalsNoLongerComparable':
      return void draft.reconciliations.set(event.data.reconciliationKey, {
        outcome: 'not_comparable',
      });
    default:
      return assertNever(event, 'scrutiny event');
  }
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
    if (isClaimEvent(event)) applyClaimEvent(draft, event);
    else applyScrutinyEvent(draft, event);
  }
  return draft ?? state;
}

export function evolveAgreement(state: AgreementState, event: AgreementEvent): AgreementState {
  return foldAgreement(state, [event]);
}
