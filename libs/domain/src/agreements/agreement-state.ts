import { type Quantity } from '../quantity/quantity';
import { type StatementPrecision, type StatementTime } from '../shared/time';
import { type TransferDirection, type TransferScope } from '../quantity/quantity-key';
import {
  type AgreementTerm,
  type DisputeStatus,
  type Independence,
  type Party,
  type TotalsDiscrepancyKind,
} from './agreement-events';
import { indexOf, liveTransfersOnKeys, unresolvedDisputes } from './agreement-index';

/** A claim is live until a revision supersedes it or its source retracts it; it never disappears. */
export type ClaimStatus = 'live' | 'superseded' | 'retracted';

interface ClaimBase {
  readonly claimId: string;
  readonly sourceId: string;
  readonly statedAt: string;
  /** 'day' or 'approximate'; absent when statedAt is an instant. */
  readonly statedAtPrecision?: StatementPrecision;
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
  /** Scope links by id (absent until the first link): see scope-links.ts. */
  readonly scopeLinks?: ReadonlyMap<string, ScopeLinkState>;
  /** Each linked quantity key to the key its claims are compared under (its link's first key). */
  readonly comparedKeys?: ReadonlyMap<string, string>;
}

export interface ScopeLinkState {
  readonly scopeLinkId: string;
  readonly quantityKey: string;
  readonly linkedKeys: readonly string[];
}

export type AgreementState = { readonly status: 'not_signed' } | SignedAgreement;

export const initialAgreementState = (): AgreementState => ({ status: 'not_signed' });

/** The key claims on `key` are compared under: the first key of its scope link, or itself. */
export function comparedKeyOf(state: SignedAgreement, key: string): string {
  return state.comparedKeys?.get(key) ?? key;
}

/** Every key compared with `key` (its scope link's keys, the canonical one first), or just `key`. */
export function keysComparedWith(state: SignedAgreement, key: string): readonly string[] {
  const canonical = comparedKeyOf(state, key);
  if (canonical === key && state.comparedKeys?.has(key) !== true) return [key];
  const keys = [canonical];
  for (const [linked, to] of state.comparedKeys ?? [])
    if (to === canonical && linked !== canonical) keys.push(linked);
  return keys;
}

/**
 * Live transfer claims compared on one quantity key, in recorded order (looked up in the state's
 * index): those on the key and, when it is linked to others (scope links), on theirs.
 */
export function liveClaimsOnKey(state: SignedAgreement, key: string): TransferClaim[] {
  return liveTransfersOnKeys(state, keysComparedWith(state, key));
}

/** The dispute on a key (or a key linked with it) that is not resolved; the rules keep at most one per key. */
export function openDisputeOnKey(state: SignedAgreement, key: string): DisputeState | undefined {
  return openDisputesOnKey(state, key)[0];
}

/** The unresolved disputes on a key and the keys linked with it, the first raised first. */
export function openDisputesOnKey(state: SignedAgreement, key: string): DisputeState[] {
  const keys = keysComparedWith(state, key);
  if (keys.length === 1) return unresolvedDisputes(state, key);
  const order = indexOf(state).disputeOrder;
  const raised = (d: DisputeState): number => order.get(d.disputeId) ?? 0;
  return keys.flatMap((k) => unresolvedDisputes(state, k)).sort((a, b) => raised(a) - raised(b));
}

/** A claim's statement time with its precision (absent for an instant). */
export function statementOf(claim: StatementTime): StatementTime {
  return claim.statedAtPrecision === undefined
    ? { statedAt: claim.statedAt }
    : { statedAt: claim.statedAt, statedAtPrecision: claim.statedAtPrecision };
}
