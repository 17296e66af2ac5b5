/**
 * What the ledger's query endpoints answer, as JSON (the read models' views). Written out here
 * rather than imported from the server's code: the dashboard is a client of the public API like
 * any other, and these are the fields it reads.
 */
import type { Quantity, QuantityRange } from '../format/quantity';

export interface Recorded {
  readonly position: string;
  readonly recordedAt: string;
}

export interface Page<T> {
  readonly items: readonly T[];
}

export interface SourceView {
  readonly sourceId: string;
  readonly name: string;
  readonly kind: string;
  readonly affiliation: string | null;
  readonly channel: string | null;
  readonly relayOf: string | null;
}

export interface Party {
  readonly id: string;
  readonly name: string;
}

export type AgreedQuantity = Quantity & {
  readonly basis: 'total' | 'per_party';
  readonly party?: string;
};

/** "party releases `releases` for each `receives` the counterparty releases to it". */
export interface AgreedRatio {
  readonly party: string;
  readonly releases: number;
  readonly counterparty: string;
  readonly receives: number;
}

export interface Term {
  readonly termId: string;
  readonly kind: string;
  readonly description?: string;
  readonly reciprocity?: string;
  readonly agreedQuantity?: AgreedQuantity;
  /** A bound per releasing party, each with its own precision. */
  readonly agreedPerParty?: readonly (Quantity & { readonly party: string })[];
  readonly agreedRatio?: AgreedRatio;
}

export type Direction = { readonly from: string; readonly to: string };
export type Scope =
  | { readonly kind: 'phase'; readonly phase: string }
  | { readonly kind: 'cumulative'; readonly period: string | null }
  | { readonly kind: 'exchange' };

export interface ClaimView {
  readonly claimId: string;
  readonly agreementId: string;
  readonly kind: 'transfer' | 'completion' | 'characterization';
  readonly sourceId: string;
  readonly termId: string | null;
  readonly direction: Direction | null;
  readonly measure: string | null;
  readonly scope: Scope | null;
  readonly quantityKey: string | null;
  readonly quantity: Quantity | null;
  readonly property: string | null;
  readonly value: string | null;
  readonly statedAt: string;
  readonly occurredAt: { readonly from: string | null; readonly to: string | null } | null;
  readonly quote: string | null;
  readonly link: string | null;
  readonly status: string;
  readonly supersedes: string | null;
  readonly supersededBy: string | null;
  readonly ended: { readonly statedAt: string | null; readonly reason: string | null } | null;
  readonly corroborations: readonly Corroboration[] | null;
  readonly recorded: Recorded;
}

export interface Corroboration {
  readonly sourceId: string;
  readonly independence: string;
  readonly statedAt: string;
  readonly quote: string | null;
  readonly link: string | null;
  readonly position: string;
}

export interface AgreementView {
  readonly agreementId: string;
  readonly title: string;
  readonly venue: string;
  readonly signedOn: string;
  readonly parties: readonly Party[];
  readonly mediators: readonly Party[];
  readonly terms: readonly Term[];
  readonly signed: Recorded;
}

export interface AgreementDetail extends AgreementView {
  readonly completionClaims: readonly ClaimView[];
  readonly liveClaims: number;
  readonly openDiscrepancies: number;
}

export interface FigureView {
  readonly claimId: string;
  readonly sourceId: string;
  readonly quantity: Quantity;
  readonly statedAt: string;
}

export interface ClaimantTotals {
  readonly sourceId: string;
  readonly phases: readonly (FigureView & { readonly phase: string })[];
  readonly phaseSum: QuantityRange | null;
  readonly statedTotals: readonly (FigureView & { readonly period: string | null })[];
  readonly statedTotal: (FigureView & { readonly period: string | null }) | null;
  readonly reconciliation: {
    readonly outcome: string;
    readonly kind: string | null;
    readonly gap: number | null;
  } | null;
}

export interface PhaseAcrossClaimants {
  readonly phase: string;
  readonly figures: readonly FigureView[];
  readonly range: QuantityRange;
  readonly spread: number;
}

export interface TotalsGroup {
  readonly termId: string;
  readonly direction: Direction;
  readonly measure: string;
  readonly claimants: readonly ClaimantTotals[];
  readonly phases: readonly PhaseAcrossClaimants[];
  readonly range: {
    readonly phaseSum: QuantityRange | null;
    readonly statedTotal: QuantityRange | null;
  };
  readonly fulfilment: Fulfilment;
}

export type FulfilmentVerdict = 'within' | 'exceeds' | 'short' | 'unknown';

/** One claimed delivery against the agreed quantity, with the claims behind it. */
export interface DeliveryVerdict {
  readonly delivered: QuantityRange;
  readonly claimIds: readonly string[];
  readonly verdict: FulfilmentVerdict;
  readonly by: number;
}

/** Each claimant's delivery (phase sum, stated total) against what the term agreed. */
export interface Fulfilment {
  readonly agreed: AgreedQuantity | null;
  readonly directions: readonly Direction[];
  readonly claimants: readonly {
    readonly sourceId: string;
    readonly phaseSum: DeliveryVerdict | null;
    readonly statedTotal: DeliveryVerdict | null;
  }[];
}

/** An agreed ratio checked on one claimant's figures (or on the figures all claimants admit). */
export interface RatioCheck {
  readonly released: {
    readonly delivered: QuantityRange;
    readonly claimIds: readonly string[];
  } | null;
  readonly received: {
    readonly delivered: QuantityRange;
    readonly claimIds: readonly string[];
  } | null;
  readonly verdict: 'within' | 'off' | 'unknown';
  readonly by: number;
}

/** A whole exchange between two parties: figures for both directions at once, and the ratio. */
export interface ExchangeTotals {
  readonly termId: string;
  readonly measure: string;
  readonly parties: readonly [string, string];
  readonly figures: readonly (FigureView & {
    readonly verdict: 'consistent' | 'inconsistent' | 'unknown';
    readonly gap: number;
  })[];
  readonly directions: readonly (Direction & {
    readonly range: QuantityRange | null;
    readonly claimIds: readonly string[];
  })[];
  readonly perDirectionSum: QuantityRange | null;
  readonly ratio: {
    readonly agreed: AgreedRatio;
    readonly claimants: readonly {
      readonly sourceId: string;
      readonly phaseSum: RatioCheck;
      readonly statedTotal: RatioCheck;
    }[];
    readonly acrossClaimants: {
      readonly phaseSum: RatioCheck | null;
      readonly statedTotal: RatioCheck | null;
    };
  } | null;
}

/** A disputed figure's claims, each with its source and value. */
export type DisputedFigures = readonly {
  readonly claimId: string;
  readonly sourceId: string;
  readonly quantity: Quantity;
}[];

/** A claimant's phase figures against its own stated total. */
export interface TotalsComparison {
  readonly phaseClaims: readonly {
    readonly claimId: string;
    readonly phase: string;
    readonly quantity: Quantity;
  }[];
  readonly phaseSum: QuantityRange;
  readonly cumulativeClaim: { readonly claimId: string; readonly quantity: Quantity };
}

export type DiscrepancyValues = DisputedFigures | TotalsComparison;

export function isTotalsComparison(values: DiscrepancyValues): values is TotalsComparison {
  return typeof values === 'object' && values !== null && 'phaseClaims' in values;
}

export interface DiscrepancyView {
  readonly discrepancyId: string;
  readonly kind: 'figure' | 'totals';
  readonly agreementId: string;
  readonly subjectKey: string;
  readonly status: string;
  readonly open: boolean;
  readonly detectedBy: string;
  readonly detection: string | null;
  readonly causedByClaimId: string | null;
  readonly claimantSourceId: string | null;
  readonly values: DiscrepancyValues;
  readonly claimIds: readonly string[];
  readonly delta: number;
  /** One gap, one finding: the disputes showing the same difference at the other scope (both ways). */
  readonly linkedDisputeIds: readonly string[];
  readonly detected: Recorded;
  readonly openSince: Recorded;
  readonly statusChanged: Recorded & { readonly reason: string | null; readonly by: string | null };
}

export interface AuditEntryView extends Recorded {
  readonly eventId: string;
  readonly eventType: string;
  readonly stream: string;
  readonly actor: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly commandName: string | null;
  readonly sourceId: string | null;
  readonly statedAt: string | null;
  readonly change: { readonly what?: string; readonly [field: string]: unknown } | null;
  readonly caused: unknown;
}
