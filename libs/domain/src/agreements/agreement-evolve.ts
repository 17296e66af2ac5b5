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
import { type AgreementState, type Claim, type DisputeState, type SignedAgreement, type TransferClaim } from './agreement-state';

function withClaim(state: SignedAgreement, claim: Claim): SignedAgreement {
  return { ...state, claims: new Map(state.claims).set(claim.claimId, claim) };
}

function updateClaim(state: SignedAgreement, claimId: string, change: (claim: Claim) => Claim): SignedAgreement {
  const claim = state.claims.get(claimId);
  return claim === undefined ? state : withClaim(state, change(claim));
}

function updateDispute(state: SignedAgreement, disputeId: string, change: (dispute: DisputeState) => DisputeState): SignedAgreement {
  const dispute = state.disputes.get(disputeId);
  return dispute === undefined ? state : { ...state, disputes: new Map(state.disputes).set(disputeId, change(dispute)) };
}

function signedAgreement({ data }: AgreementSigned): SignedAgreement {
  return {
    status: 'signed',
    agreementId: data.agreementId,
    title: data.title,
    parties: data.parties,
    mediators: data.mediators,
    terms: new Map(data.terms.map((t) => [t.termId, t])),
    claims: new Map(),
    disputes: new Map(),
    reconciliations: new Map(),
  };
}

function transferClaim({ data }: TransferReported): TransferClaim {
  const { claimId, sourceId, statedAt, termId, direction, measure, scope, quantity, quantityKey } = data;
  return { kind: 'transfer', claimId, sourceId, statedAt, status: 'live', corroborations: [], termId, direction, measure, scope, quantity, quantityKey };
}

/** The new claim inherits the old one's source and key; corroborations stay with the words they corroborated. */
function applyRevision(state: SignedAgreement, { data }: ClaimRevised): SignedAgreement {
  const old = state.claims.get(data.claimId);
  if (old?.kind !== 'transfer') return state;
  const revised: TransferClaim = {
    ...old,
    claimId: data.supersededBy,
    statedAt: data.statedAt,
    quantity: data.quantity,
    status: 'live',
    corroborations: [],
    supersedes: old.claimId,
  };
  return withClaim(withClaim(state, { ...old, status: 'superseded', supersededBy: data.supersededBy }), revised);
}

function applyClaimEvent(state: SignedAgreement, event: ClaimEvent): SignedAgreement {
  switch (event.type) {
    case 'TransferReported':
      return withClaim(state, transferClaim(event));
    case 'AgreementTermCompletionClaimed': {
      const { claimId, sourceId, statedAt, termId } = event.data;
      return withClaim(state, { kind: 'completion', claimId, sourceId, statedAt, termId, status: 'live', corroborations: [] });
    }
    case 'CharacterizationClaimed': {
      const { claimId, sourceId, statedAt, subject, property, value } = event.data;
      const base = { kind: 'characterization', claimId, sourceId, statedAt, property, value, status: 'live', corroborations: [] } as const;
      return withClaim(state, subject.termId === undefined ? base : { ...base, termId: subject.termId });
    }
    case 'ClaimRevised':
      return applyRevision(state, event);
    case 'ClaimRetracted':
      return updateClaim(state, event.data.claimId, (c) => ({ ...c, status: 'retracted' }));
    case 'ClaimCorroborated': {
      const { sourceId, independence } = event.data;
      return updateClaim(state, event.data.claimId, (c) => ({ ...c, corroborations: [...c.corroborations, { sourceId, independence }] }));
    }
    default:
      return assertNever(event, 'claim event');
  }
}

function applyScrutinyEvent(state: SignedAgreement, event: ScrutinyEvent): SignedAgreement {
  switch (event.type) {
    case 'FigureDisputed': {
      const { disputeId, quantityKey, claims, delta, detectedBy } = event.data;
      const dispute: DisputeState = { disputeId, quantityKey, claimIds: claims.map((c) => c.claimId), delta, status: 'open', detectedBy };
      return { ...state, disputes: new Map(state.disputes).set(disputeId, dispute) };
    }
    case 'DisputeClaimsChanged':
      return updateDispute(state, event.data.disputeId, (d) => ({ ...d, claimIds: event.data.claims.map((c) => c.claimId), delta: event.data.delta }));
    case 'DisputeStatusChanged':
      return updateDispute(state, event.data.disputeId, (d) => ({ ...d, status: event.data.status }));
    case 'TotalsDiscrepancyDetected': {
      const { reconciliationKey, kind, gap } = event.data;
      return { ...state, reconciliations: new Map(state.reconciliations).set(reconciliationKey, { outcome: 'discrepancy', kind, gap }) };
    }
    case 'TotalsReconciled':
      return { ...state, reconciliations: new Map(state.reconciliations).set(event.data.reconciliationKey, { outcome: 'reconciled' }) };
    case 'TotalsNoLongerComparable':
      return { ...state, reconciliations: new Map(state.reconciliations).set(event.data.reconciliationKey, { outcome: 'not_comparable' }) };
    default:
      return assertNever(event, 'scrutiny event');
  }
}

export function evolveAgreement(state: AgreementState, event: AgreementEvent): AgreementState {
  if (event.type === 'AgreementSigned') return signedAgreement(event);
  // Events come from the store, written by decide: anything before AgreementSigned means a corrupt stream.
  if (state.status !== 'signed') throw new Error(`${event.type} cannot apply to an agreement that was never signed`);
  return isClaimEvent(event) ? applyClaimEvent(state, event) : applyScrutinyEvent(state, event);
}
