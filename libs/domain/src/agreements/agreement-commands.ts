import { type Quantity } from '../quantity/quantity';
import { type TransferDirection, type TransferScope } from '../quantity/quantity-key';
import { type DomainCommand } from '../shared/messages';
import { type StatementPrecision } from '../shared/time';
import {
  type AgreementTerm,
  type DisputeStatus,
  type OccurrencePeriod,
  type Party,
  type Sourcing,
  type TransferFigure,
} from './agreement-events';

export type SignAgreement = DomainCommand<
  'SignAgreement',
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

export type ReportTransfer = DomainCommand<
  'ReportTransfer',
  TransferFigure & {
    readonly agreementId: string;
    readonly claimId: string;
    readonly occurredAt?: OccurrencePeriod;
    readonly statedAt: string;
    /** 'day' (the default for a day 'YYYY-MM-DD') or 'approximate'; absent for an instant. */
    readonly statedAtPrecision?: StatementPrecision;
    readonly sourceId: string;
    /** Id for a dispute this claim may cause; defaults to defaultDisputeId(claimId). */
    readonly disputeId?: string;
    /** Names the period before the signing the figure is about; needed when it dates from then. */
    readonly priorPeriod?: string;
  } & Sourcing
>;

export type ClaimTermCompletion = DomainCommand<
  'ClaimTermCompletion',
  {
    readonly agreementId: string;
    readonly claimId: string;
    readonly termId: string;
    readonly sourceId: string;
    readonly statedAt: string;
    /** 'day' (the default for a day 'YYYY-MM-DD') or 'approximate'; absent for an instant. */
    readonly statedAtPrecision?: StatementPrecision;
  } & Sourcing
>;

export type ClaimCharacterization = DomainCommand<
  'ClaimCharacterization',
  {
    readonly agreementId: string;
    readonly claimId: string;
    /** The term characterised; absent when the framing is about the agreement as a whole. */
    readonly termId?: string;
    readonly property: string;
    readonly value: string;
    readonly sourceId: string;
    readonly statedAt: string;
    /** 'day' (the default for a day 'YYYY-MM-DD') or 'approximate'; absent for an instant. */
    readonly statedAtPrecision?: StatementPrecision;
  } & Sourcing
>;

/** Supersedes a live transfer claim with a new claim (same source and key, new quantity). */
export type ReviseClaim = DomainCommand<
  'ReviseClaim',
  {
    readonly agreementId: string;
    readonly claimId: string;
    readonly newClaimId: string;
    readonly quantity: Quantity;
    readonly reason: string;
    readonly statedAt: string;
    /** 'day' (the default for a day 'YYYY-MM-DD') or 'approximate'; absent for an instant. */
    readonly statedAtPrecision?: StatementPrecision;
    readonly disputeId?: string;
    /** The source that reported the revision, when not the claim's own source (see reviseClaim). */
    readonly reportedBy?: string;
  } & Sourcing
>;

export type RetractClaim = DomainCommand<
  'RetractClaim',
  {
    readonly agreementId: string;
    readonly claimId: string;
    readonly reason: string;
    readonly statedAt?: string;
    readonly statedAtPrecision?: StatementPrecision;
  }
>;

export type CorroborateClaim = DomainCommand<
  'CorroborateClaim',
  {
    readonly agreementId: string;
    readonly claimId: string;
    readonly sourceId: string;
    /** 'relay' when the source merely passes the claim on; derived from the source when absent. */
    readonly independence?: 'independent' | 'relay';
    readonly statedAt: string;
    /** 'day' (the default for a day 'YYYY-MM-DD') or 'approximate'; absent for an instant. */
    readonly statedAtPrecision?: StatementPrecision;
  } & Sourcing
>;

/** A person disputes one or more live transfer claims on one quantity key. */
export type RaiseDispute = DomainCommand<
  'RaiseDispute',
  {
    readonly agreementId: string;
    readonly disputeId: string;
    readonly claimIds: readonly string[];
    readonly reason: string;
  }
>;

export type ChangeDisputeStatus = DomainCommand<
  'ChangeDisputeStatus',
  {
    readonly agreementId: string;
    readonly disputeId: string;
    readonly status: Exclude<DisputeStatus, 'open'>;
    readonly reason: string;
  }
>;

/** The desk records a figure it inferred itself (see FigureInferred); `inferredBy` is the actor. */
export type RecordInference = DomainCommand<
  'RecordInference',
  TransferFigure & {
    readonly agreementId: string;
    readonly inferenceId: string;
    readonly occurredAt?: OccurrencePeriod;
    readonly reason: string;
    readonly derivedFrom: readonly string[];
    readonly inferredBy: string;
  }
>;

/**
 * A person finds that several labels name one phase, or one period of running totals, of a term,
 * direction and measure: from then on their claims are compared as claims on one quantity.
 */
export type LinkScopes = DomainCommand<
  'LinkScopes',
  {
    readonly agreementId: string;
    readonly scopeLinkId: string;
    readonly termId: string;
    readonly direction: TransferDirection;
    readonly measure: string;
    /** Two or more scopes of one kind; the first (or the group it already belongs to) names the quantity. */
    readonly scopes: readonly TransferScope[];
    readonly reason: string;
    /** Id for a dispute the link may open; defaults to defaultDisputeId(scopeLinkId). */
    readonly disputeId?: string;
  }
>;

export type AgreementCommand =
  | SignAgreement
  | ReportTransfer
  | ClaimTermCompletion
  | ClaimCharacterization
  | ReviseClaim
  | RetractClaim
  | CorroborateClaim
  | RaiseDispute
  | ChangeDisputeStatus
  | RecordInference
  | LinkScopes;
