import { type Quantity } from '../quantity/quantity';
import { type TransferDirection, type TransferScope } from '../quantity/quantity-key';
import {
  type AgreementTerm,
  type DisputeStatus,
  type Independence,
  type Party,
  type TotalsDiscrepancyKind,
} from './agreement-events';
import { liveTransfersOnKey, unresolvedDisputes } from './agreement-index';

/** A claim is live until a revision supersedes it or its source retracts it; it never disappears. */
export type ClaimStatus = 'live' | 'superseded' | 'retracted';

interface ClaimBase {
  readonly claimId: string;
  readonly sourceId: string;
  readonly statedAt: string;
  readonly status: ClaimStatus;
  readonly corroborations: readonly {
    readonly sourceId: string;
    readonly independence: Independence;
  }[];
}

export type TransferClaim = ClaimBase & {
  readonly kind: 'transfer';
  readonly termId: string;
  readonly direction: TransferDirection;
  readonly measure: string;
  readonly scope: TransferScope;
  readonly quantity: Quantity;
  readonly quantityKey: string;
  readonly supersedes?: string;
  readonly supersededBy?: string;
};

export type CompletionClaim = ClaimBase & { readonly kind: 'completion'; readonly termId: string };

export type CharacterizationClaim = ClaimBase & {
  readonly kind: 'characterization';
  readonly termId?: string;
  readonly property: string;
  readonly value: string;
  /** framingKey() of property and value: what rival framings are matched by. */
  readonly propertyKey: string;
  readonly valueKey: string;
};

export type Claim = TransferClaim | CompletionClaim | CharacterizationClaim;

/** A figure the desk inferred: kept apart from the claims, so no rule ever counts it. */
export interface InferenceState {
  readonly inferenceId: string;
  readonly quantityKey: string;
  readonly derivedFrom: readonly string[];
}

export interface DisputeState {
  readonly disputeId: string;
  readonly quantityKey: string;
  readonly claimIds: readonly string[];
  readonly delta: number;
  readonly status: DisputeStatus;
  readonly detectedBy: 'rule' | 'person';
}

/** The last outcome recorded for one claimant's reconciliation group: events are emitted only when it changes. */
export type ReconciliationOutcome =
  | { readonly outcome: 'reconciled' }
  | { readonly outcome: 'discrepancy'; readonly kind: TotalsDiscrepancyKind; readonly gap: number }
  | { readonly outcome: 'not_comparable' };

export interface SignedAgreement {
  readonly status: 'signed';
  readonly agreementId: string;
  readonly title: string;
  /** The day it was signed: claims about deliveries under it start then. */
  readonly signedOn: string;
  readonly parties: readonly Party[];
  readonly mediators: readonly Party[];
  readonly terms: ReadonlyMap<string, AgreementTerm>;
  /** Every claim ever made about the agreement, in the order recorded. */
  readonly claims: ReadonlyMap<string, Claim>;
  readonly disputes: ReadonlyMap<string, DisputeState>;
  readonly reconciliations: ReadonlyMap<string, ReconciliationOutcome>;
  /** The desk's own inferences, by id (never claims). */
  readonly inferences: ReadonlyMap<string, InferenceState>;
}

export type AgreementState = { readonly status: 'not_signed' } | SignedAgreement;

export const initialAgreementState = (): AgreementState => ({ status: 'not_signed' });

/** Live transfer claims on one quantity key, in recorded order (looked up in the state's index). */
export function liveClaimsOnKey(state: SignedAgreement, key: string): TransferClaim[] {
  return liveTransfersOnKey(state, key);
}

/** The dispute on a key that is not resolved; the rules keep at most one per key. */
export function openDisputeOnKey(state: SignedAgreement, key: string): DisputeState | undefined {
  return unresolvedDisputes(state, key)[0];
}
