import { type Quantity, type QuantityRange } from '../quantity/quantity';
import { type TransferDirection, type TransferScope } from '../quantity/quantity-key';
import { type DomainEvent } from '../shared/messages';
import { type StatementPrecision } from '../shared/time';

export const TERM_KINDS = ['repatriation_of_remains', 'prisoner_exchange', 'other'] as const;
export type TermKind = (typeof TERM_KINDS)[number];

export const RECIPROCITIES = ['mutual', 'unilateral', 'unspecified'] as const;
export type Reciprocity = (typeof RECIPROCITIES)[number];

export interface Party {
  readonly id: string;
  readonly name: string;
}

/** What the agreement required: a total, or the same figure for each party (or for one named party). */
export type AgreedQuantity = Quantity & {
  readonly basis: 'total' | 'per_party';
  readonly party?: string;
};

/** One releasing party's own bound ("up to 50 released by north, at least 30 by south"). */
export type PartyAgreedQuantity = Quantity & { readonly party: string };

/**
 * "K released for each one received": `party` releases `releases` for each `receives` that
 * `counterparty` releases to it (3 for 1: releases 3, receives 1).
 */
export interface AgreedRatio {
  readonly party: string;
  readonly releases: number;
  readonly counterparty: string;
  readonly receives: number;
}

export interface AgreementTerm {
  readonly termId: string;
  readonly kind: TermKind;
  readonly description: string;
  readonly agreedQuantity?: AgreedQuantity;
  /** A bound per releasing party, each with its own precision; never beside `agreedQuantity`. */
  readonly agreedPerParty?: readonly PartyAgreedQuantity[];
  readonly agreedRatio?: AgreedRatio;
  readonly reciprocity: Reciprocity;
}

/** When it happened: a day ('2025-06-16') or an instant for each end; at least one end is known. */
export interface OccurrencePeriod {
  readonly from?: string;
  readonly to?: string;
}

/** A transfer figure: what was counted, moving which way, under which term, and how many. */
export interface TransferFigure {
  readonly termId: string;
  readonly direction: TransferDirection;
  readonly measure: string;
  readonly quantity: Quantity;
  readonly scope: TransferScope;
}

/** Where a statement comes from, beyond the source: its words and where they were published. */
export interface Sourcing {
  readonly quote?: string;
  readonly link?: string;
}

export type AgreementSigned = DomainEvent<
  'AgreementSigned',
  {
    readonly agreementId: string;
    readonly title: string;
    readonly venue: string;
    readonly signedOn: string;
    readonly parties: readonly Party[];
    readonly mediators: readonly Party[];
    readonly terms: readonly AgreementTerm[];
  }
>;

/** A quantity claim: one source's figure for one transfer phase or a running total. */
export type TransferReported = DomainEvent<
  'TransferReported',
  TransferFigure & {
    readonly agreementId: string;
    readonly claimId: string;
    /** Derived from the fields above with quantityKey(), stored so readers need not recompute it. */
    readonly quantityKey: string;
    readonly occurredAt?: OccurrencePeriod;
    readonly statedAt: string;
    /** 'day' or 'approximate' ("around the 20th"); absent when statedAt is an instant. */
    readonly statedAtPrecision?: StatementPrecision;
    readonly sourceId: string;
    /** The period before the signing the figure is about, as the recorder named it. */
    readonly priorPeriod?: string;
    /** The same source's live figure on this key, which this newer one supersedes (one live figure per source and key). */
    readonly revises?: string;
  } & Sourcing
>;

export type AgreementTermCompletionClaimed = DomainEvent<
  'AgreementTermCompletionClaimed',
  {
    readonly agreementId: string;
    readonly claimId: string;
    readonly termId: string;
    readonly sourceId: string;
    readonly statedAt: string;
    /** 'day' or 'approximate' ("around the 20th"); absent when statedAt is an instant. */
    readonly statedAtPrecision?: StatementPrecision;
  } & Sourcing
>;

/** A framing ("mutual exchange", "unilateral humanitarian gesture"); the ledger records rivals, never a winner. */
export type CharacterizationClaimed = DomainEvent<
  'CharacterizationClaimed',
  {
    readonly agreementId: string;
    readonly claimId: string;
    readonly subject: { readonly agreementId: string; readonly termId?: string };
    /** The source's own words for what is framed, and for the framing ("a mutual exchange"). */
    readonly property: string;
    readonly value: string;
    /** framingKey() of property and value: what framings are matched by. Absent on events recorded before them (derived on read). */
    readonly propertyKey?: string;
    readonly valueKey?: string;
    readonly sourceId: string;
    readonly statedAt: string;
    /** 'day' or 'approximate' ("around the 20th"); absent when statedAt is an instant. */
    readonly statedAtPrecision?: StatementPrecision;
    /** Live characterisations of the same subject and property key with a different value key, at the time of this claim. */
    readonly contestedClaimIds: readonly string[];
  } & Sourcing
>;

/** A correction: `supersededBy` is the new claim, live from now on; the old one stays in history, no longer live. */
export type ClaimRevised = DomainEvent<
  'ClaimRevised',
  {
    readonly agreementId: string;
    readonly claimId: string;
    readonly supersededBy: string;
    readonly sourceId: string;
    readonly quantityKey: string;
    readonly previousQuantity: Quantity;
    readonly quantity: Quantity;
    readonly reason: string;
    readonly statedAt: string;
    /** Who reported the revision on the claimant's behalf (a relay, an affiliate, a reporter); absent when the claimant itself did. */
    readonly reportedBy?: string;
    /** 'day' or 'approximate' ("around the 20th"); absent when statedAt is an instant. */
    readonly statedAtPrecision?: StatementPrecision;
  } & Sourcing
>;

export type ClaimRetracted = DomainEvent<
  'ClaimRetracted',
  {
    readonly agreementId: string;
    readonly claimId: string;
    readonly reason: string;
    readonly statedAt?: string;
    readonly statedAtPrecision?: StatementPrecision;
  }
>;

/** 'relay': passes the claim on; 'affiliated': same party as the claimant; 'independent': neither. */
export type Independence = 'independent' | 'affiliated' | 'relay';

export type ClaimCorroborated = DomainEvent<
  'ClaimCorroborated',
  {
    readonly agreementId: string;
    readonly claimId: string;
    readonly sourceId: string;
    readonly independence: Independence;
    readonly statedAt: string;
    /** 'day' or 'approximate' ("around the 20th"); absent when statedAt is an instant. */
    readonly statedAtPrecision?: StatementPrecision;
  } & Sourcing
>;

export interface DisputedClaim {
  readonly claimId: string;
  readonly sourceId: string;
  readonly quantity: Quantity;
}

/** What made the rule open or change a dispute: a claim reported, revised or retracted, or a scope link. */
export type DisputeCause = { readonly claimId: string } | { readonly scopeLinkId: string };

/** The rule that detected a discrepancy: the claims' intervals of admitted counts share no count. */
export const DISPUTE_RULE = 'interval_disjoint' as const;

/** `delta` is the widest gap between the claims' intervals (|a − b| for two exact figures), 0 when they overlap. */
export type FigureDisputed = DomainEvent<
  'FigureDisputed',
  {
    readonly agreementId: string;
    readonly disputeId: string;
    readonly quantityKey: string;
    readonly claims: readonly DisputedClaim[];
    readonly delta: number;
    /** Open disputes that show the same difference at the other scope (see linkedDisputes); absent when none. */
    readonly linkedDisputeIds?: readonly string[];
  } & (
    | {
        readonly detectedBy: 'rule';
        readonly rule: typeof DISPUTE_RULE;
        readonly causedBy: DisputeCause;
      }
    | { readonly detectedBy: 'person'; readonly reason: string }
  )
>;

/** An open dispute's claims changed: a claim joined, was revised (replaced by its successor) or was retracted. */
export type DisputeClaimsChanged = DomainEvent<
  'DisputeClaimsChanged',
  {
    readonly agreementId: string;
    readonly disputeId: string;
    readonly quantityKey: string;
    readonly claims: readonly DisputedClaim[];
    readonly delta: number;
    readonly causedBy: DisputeCause;
    /** As on FigureDisputed: the open disputes showing the same difference at the other scope. */
    readonly linkedDisputeIds?: readonly string[];
  }
>;

export const DISPUTE_STATUSES = [
  'open',
  'acknowledged',
  'explained',
  'resolved',
  'unaddressed',
] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export type DisputeStatusChanged = DomainEvent<
  'DisputeStatusChanged',
  {
    readonly agreementId: string;
    readonly disputeId: string;
    readonly quantityKey: string;
    readonly previousStatus: DisputeStatus;
    readonly status: DisputeStatus;
    readonly reason: string;
    readonly by: 'rule' | 'person';
  }
>;

export interface PhaseFigure {
  readonly claimId: string;
  readonly phase: string;
  readonly quantity: Quantity;
}

/** The figures one claimant's reconciliation compared: its phase figures, their sum, its own total. */
interface TotalsComparison {
  readonly agreementId: string;
  readonly reconciliationKey: string;
  readonly claimantSourceId: string;
  readonly termId: string;
  readonly direction: TransferDirection;
  readonly measure: string;
  readonly phaseClaims: readonly PhaseFigure[];
  readonly phaseSum: QuantityRange;
  readonly cumulativeClaim: { readonly claimId: string; readonly quantity: Quantity };
}

export type TotalsDiscrepancyKind = 'phases_exceed_total' | 'phases_short_of_total';

export type TotalsDiscrepancyDetected = DomainEvent<
  'TotalsDiscrepancyDetected',
  TotalsComparison & { readonly gap: number; readonly kind: TotalsDiscrepancyKind }
>;

export type TotalsReconciled = DomainEvent<'TotalsReconciled', TotalsComparison>;

/** A reconciliation's inputs went away (the total or every phase figure was retracted): its last outcome no longer stands. */
export type TotalsNoLongerComparable = DomainEvent<
  'TotalsNoLongerComparable',
  {
    readonly agreementId: string;
    readonly reconciliationKey: string;
    readonly claimantSourceId: string;
    readonly reason: string;
  }
>;

/**
 * A figure the desk inferred itself, stated by no source (e.g. a total worked out from phase
 * figures): recorded with the actor who inferred it, why, and the claims it was inferred from.
 * It is never a source's claim: no sum, verdict, dispute or corroboration counts it.
 */
export type FigureInferred = DomainEvent<
  'FigureInferred',
  TransferFigure & {
    readonly agreementId: string;
    readonly inferenceId: string;
    readonly quantityKey: string;
    readonly occurredAt?: OccurrencePeriod;
    /** How the figure was inferred, in the desk's words. */
    readonly reason: string;
    /** The claims of this agreement it was inferred from (at least one). */
    readonly derivedFrom: readonly string[];
    /** The actor (API key name) who recorded the inference: the desk, not a source. */
    readonly inferredBy: string;
    /** When it was inferred: the recorder's clock. */
    readonly inferredAt: string;
  }
>;

/**
 * A person's finding that several labels name one phase ("2025-06-20" and "the third handover")
 * or one period of running totals: from then on the claims under any of them are compared as
 * claims on one quantity, `quantityKey` (the key of the first label linked). `linkedKeys` holds
 * every key of the group, the canonical one first; `claimIds` the live claims on them then.
 */
export type ScopesLinked = DomainEvent<
  'ScopesLinked',
  {
    readonly agreementId: string;
    readonly scopeLinkId: string;
    readonly termId: string;
    readonly direction: TransferDirection;
    readonly measure: string;
    readonly scopes: readonly TransferScope[];
    readonly quantityKey: string;
    readonly linkedKeys: readonly string[];
    readonly claimIds: readonly string[];
    readonly reason: string;
  }
>;

/** What sources said, and what became of it. */
export type ClaimEvent =
  | TransferReported
  | AgreementTermCompletionClaimed
  | CharacterizationClaimed
  | ClaimRevised
  | ClaimRetracted
  | ClaimCorroborated;

/** Disputes and reconciliations: computed by the ledger's rules, or raised and weighed by a person. */
export type ScrutinyEvent =
  | FigureDisputed
  | DisputeClaimsChanged
  | DisputeStatusChanged
  | TotalsDiscrepancyDetected
  | TotalsReconciled
  | TotalsNoLongerComparable;

export type AgreementEvent =
  AgreementSigned | ClaimEvent | ScrutinyEvent | FigureInferred | ScopesLinked;

export const CLAIM_EVENT_TYPES = [
  'TransferReported',
  'AgreementTermCompletionClaimed',
  'CharacterizationClaimed',
  'ClaimRevised',
  'ClaimRetracted',
  'ClaimCorroborated',
] as const satisfies readonly ClaimEvent['type'][];

export const SCRUTINY_EVENT_TYPES = [
  'FigureDisputed',
  'DisputeClaimsChanged',
  'DisputeStatusChanged',
  'TotalsDiscrepancyDetected',
  'TotalsReconciled',
  'TotalsNoLongerComparable',
] as const satisfies readonly ScrutinyEvent['type'][];

export function isClaimEvent(event: AgreementEvent): event is ClaimEvent {
  return (CLAIM_EVENT_TYPES as readonly string[]).includes(event.type);
}
