import { type JsonValue } from '@ledger/domain';
import {
  type AgreementRow,
  type AuditEntryRow,
  entryChange,
  type AuditEventRow,
  type ClaimRow,
  type DiscrepancyRow,
  linkedIdsOf,
  type OfferRow,
  type SourceRow,
} from '../read-model/tables';
import { type InferenceRow } from '../read-model/inferences-table';

/**
 * What the queries answer: read-model rows in the API's words (camelCase, positions as decimal
 * strings because they are 64-bit). Each view names the position and recording time of the event
 * behind it, so a reader can always ask the ledger "as of" that point.
 */

export interface Recorded {
  readonly position: string;
  readonly recordedAt: string;
}

const recorded = (position: bigint, recordedAt: string): Recorded => ({
  position: position.toString(),
  recordedAt,
});

export interface SourceView {
  readonly sourceId: string;
  readonly name: string;
  readonly kind: string;
  readonly affiliation: string | null;
  readonly channel: string | null;
  readonly relayOf: string | null;
  readonly registered: Recorded;
}

export function sourceView(r: SourceRow): SourceView {
  return {
    sourceId: r.source_id,
    name: r.name,
    kind: r.kind,
    affiliation: r.affiliation,
    channel: r.channel,
    relayOf: r.relay_of,
    registered: recorded(r.registered_position, r.registered_at),
  };
}

export interface AgreementView {
  readonly agreementId: string;
  readonly title: string;
  readonly venue: string;
  readonly signedOn: string;
  readonly parties: JsonValue;
  readonly mediators: JsonValue;
  readonly terms: JsonValue;
  /** Labels a person linked as one phase or period, in the order linked (see ScopeLinkView). */
  readonly scopeLinks: readonly ScopeLinkView[];
  readonly signed: Recorded;
}

/** A scope link: the labels its claims are compared under as one quantity, who linked them and why. */
export interface ScopeLinkView {
  readonly scopeLinkId: string;
  readonly termId: string;
  readonly direction: { readonly from: string; readonly to: string };
  readonly measure: string;
  readonly scopes: JsonValue;
  /** The key the linked claims are compared under: the group's first. */
  readonly quantityKey: string;
  /** Every key of the group after this link, the compared one first. */
  readonly linkedKeys: readonly string[];
  readonly reason: string;
  readonly linkedBy: string | null;
  readonly linked: Recorded;
}

/** The scope links an agreement row holds. */
export const scopeLinksOf = (r: AgreementRow): ScopeLinkView[] =>
  Array.isArray(r.scope_links) ? (r.scope_links as unknown as ScopeLinkView[]) : [];

export function agreementView(r: AgreementRow): AgreementView {
  return {
    agreementId: r.agreement_id,
    title: r.title,
    venue: r.venue,
    signedOn: r.signed_on,
    parties: r.parties,
    mediators: r.mediators,
    terms: r.terms,
    scopeLinks: scopeLinksOf(r),
    signed: recorded(r.signed_position, r.signed_at),
  };
}

export interface ClaimView {
  readonly claimId: string;
  readonly agreementId: string;
  readonly kind: ClaimRow['kind'];
  readonly sourceId: string;
  readonly termId: string | null;
  readonly direction: { readonly from: string; readonly to: string } | null;
  readonly measure: string | null;
  readonly scope:
    | { readonly kind: 'phase'; readonly phase: string }
    | { readonly kind: 'cumulative'; readonly period: string | null }
    | { readonly kind: 'exchange' }
    | null;
  readonly quantityKey: string | null;
  readonly quantity: JsonValue;
  /** A framing's property and value in the source's own words, and the keys they are matched by (framingKey). */
  readonly property: string | null;
  readonly value: string | null;
  readonly propertyKey: string | null;
  readonly valueKey: string | null;
  readonly statedAt: string;
  /** 'day' (statedAt is a day) or 'approximate' ("around" it); null for an instant. */
  readonly statedAtPrecision: string | null;
  readonly occurredAt: { readonly from: string | null; readonly to: string | null } | null;
  readonly quote: string | null;
  readonly link: string | null;
  readonly status: ClaimRow['status'];
  readonly supersedes: string | null;
  readonly supersededBy: string | null;
  /** The revision or retraction that ended the claim: when it was stated (null if undated) and why. */
  readonly ended: { readonly statedAt: string | null; readonly reason: string | null } | null;
  readonly revisionReason: string | null;
  /** The source that reported the revision making this claim, when not the claim's own source. */
  readonly revisionReportedBy: string | null;
  readonly corroborations: JsonValue;
  readonly contests: JsonValue;
  readonly contestedBy: JsonValue;
  readonly recorded: Recorded;
}

function scopeOf(r: ClaimRow): ClaimView['scope'] {
  if (r.scope_kind === 'phase') return { kind: 'phase', phase: r.phase ?? '' };
  if (r.scope_kind === 'cumulative') return { kind: 'cumulative', period: r.period };
  if (r.scope_kind === 'exchange') return { kind: 'exchange' };
  return null;
}

export function claimView(r: ClaimRow): ClaimView {
  return {
    claimId: r.claim_id,
    agreementId: r.agreement_id,
    kind: r.kind,
    sourceId: r.source_id,
    termId: r.term_id,
    direction: r.dir_from !== null && r.dir_to !== null ? { from: r.dir_from, to: r.dir_to } : null,
    measure: r.measure,
    scope: scopeOf(r),
    quantityKey: r.quantity_key,
    quantity: r.quantity,
    property: r.property,
    value: r.value,
    propertyKey: r.property_key,
    valueKey: r.value_key,
    statedAt: r.stated_at,
    statedAtPrecision: r.stated_precision,
    occurredAt:
      r.occurred_from === null && r.occurred_to === null
        ? null
        : { from: r.occurred_from, to: r.occurred_to },
    quote: r.quote,
    link: r.link,
    status: r.status,
    supersedes: r.supersedes,
    supersededBy: r.superseded_by,
    ended: r.status === 'live' ? null : { statedAt: r.ended_stated_at, reason: r.ended_reason },
    revisionReason: r.revision_reason,
    revisionReportedBy: r.revision_reported_by,
    corroborations: r.corroborations,
    contests: r.contests,
    contestedBy: r.contested_by,
    recorded: recorded(r.recorded_position, r.recorded_at),
  };
}

export interface DiscrepancyView {
  readonly discrepancyId: string;
  readonly kind: DiscrepancyRow['kind'];
  readonly agreementId: string;
  /** The quantity key of a disputed figure, or the reconciliation key of a claimant's totals. */
  readonly subjectKey: string;
  readonly status: string;
  readonly open: boolean;
  readonly detectedBy: DiscrepancyRow['detected_by'];
  /** The rule that detected it, or the person's reason; for totals the kind of mismatch. */
  readonly detection: string | null;
  readonly causedByClaimId: string | null;
  /** The scope link that opened the dispute or joined claims under other labels to it. */
  readonly scopeLinkId: string | null;
  readonly claimantSourceId: string | null;
  /** The values compared: each claim with its source and quantity, or a claimant's phase sum against its total. */
  readonly values: JsonValue;
  readonly claimIds: JsonValue;
  /** The gap between the figures (0 when they overlap). */
  readonly delta: number;
  /**
   * One gap, one finding: the disputes showing the same difference at the other scope (a phase
   * figure against the stated running totals), named on both of them; empty when none.
   */
  readonly linkedDisputeIds: readonly string[];
  readonly detected: Recorded;
  /** Since when it has been open (the start of the current open period). */
  readonly openSince: Recorded;
  readonly statusChanged: Recorded & { readonly reason: string | null; readonly by: string | null };
}

/** True for the quantity key of a running total (cumulative scope), false for a phase figure's. */
export const isRunningTotalKey = (quantityKey: string): boolean =>
  /\/cumulative(:[^/]*)?$/.test(quantityKey);

export function discrepancyView(r: DiscrepancyRow): DiscrepancyView {
  return {
    discrepancyId: r.discrepancy_id,
    kind: r.kind,
    agreementId: r.agreement_id,
    subjectKey: r.subject_key,
    status: r.status,
    open: r.is_open === 1,
    detectedBy: r.detected_by,
    detection: r.detection_reason,
    causedByClaimId: r.caused_by_claim_id,
    scopeLinkId: r.scope_link_id,
    claimantSourceId: r.claimant_source_id,
    values: r.claims,
    claimIds: r.claim_ids,
    delta: r.delta,
    linkedDisputeIds: linkedIdsOf(r),
    detected: recorded(r.detected_position, r.detected_at),
    openSince: recorded(r.opened_position, r.opened_at),
    statusChanged: {
      ...recorded(r.status_position, r.status_at),
      reason: r.status_reason,
      by: r.status_by,
    },
  };
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
  readonly change: JsonValue;
  readonly caused: JsonValue;
}

export function auditEntryView(r: AuditEntryRow, e: AuditEventRow): AuditEntryView {
  return {
    ...recorded(r.position, e.recorded_at),
    eventId: e.event_id,
    eventType: e.event_type,
    stream: e.stream,
    actor: e.actor,
    correlationId: e.correlation_id,
    causationId: e.causation_id,
    commandName: e.command_name,
    sourceId: r.source_id,
    statedAt: r.stated_at,
    change: entryChange(r, e),
    caused: r.caused,
  };
}

export interface OfferView {
  readonly offerId: string;
  readonly agreementId: string | null;
  readonly by: string;
  readonly to: string;
  readonly sourceId: string;
  readonly measure: string;
  readonly quantity: JsonValue;
  readonly beyondAgreement: boolean;
  readonly status: string;
  readonly statedAt: string;
  readonly quote: string | null;
  readonly link: string | null;
  readonly revisions: JsonValue;
  readonly answer: JsonValue;
  readonly made: Recorded;
  readonly lastChanged: Recorded;
}

export function offerView(r: OfferRow): OfferView {
  return {
    offerId: r.offer_id,
    agreementId: r.agreement_id,
    by: r.by_party,
    to: r.to_party,
    sourceId: r.source_id,
    measure: r.measure,
    quantity: r.quantity,
    beyondAgreement: r.beyond_agreement === 1,
    status: r.status,
    statedAt: r.stated_at,
    quote: r.quote,
    link: r.link,
    revisions: r.revisions,
    answer: r.answer,
    made: recorded(r.made_position, r.made_at),
    lastChanged: recorded(r.changed_position, r.changed_at),
  };
}

/** A figure the desk inferred itself: never a source's claim, shown apart from them. */
export interface InferenceView {
  readonly inferenceId: string;
  readonly agreementId: string;
  readonly termId: string;
  readonly direction: { readonly from: string; readonly to: string };
  readonly measure: string;
  readonly scope: NonNullable<ClaimView['scope']>;
  readonly quantityKey: string;
  readonly quantity: JsonValue;
  readonly occurredAt: { readonly from: string | null; readonly to: string | null } | null;
  /** Why the desk inferred it, in its words. */
  readonly reason: string;
  /** The claims it was inferred from. */
  readonly derivedFrom: JsonValue;
  /** The actor (API key name) who recorded it, and when (the recorder's clock). */
  readonly inferredBy: string;
  readonly inferredAt: string;
  readonly recorded: Recorded;
}

export function inferenceView(r: InferenceRow): InferenceView {
  return {
    inferenceId: r.inference_id,
    agreementId: r.agreement_id,
    termId: r.term_id,
    direction: { from: r.dir_from, to: r.dir_to },
    measure: r.measure,
    scope:
      r.scope_kind === 'phase'
        ? { kind: 'phase', phase: r.phase ?? '' }
        : { kind: 'cumulative', period: r.period },
    quantityKey: r.quantity_key,
    quantity: r.quantity,
    occurredAt:
      r.occurred_from === null && r.occurred_to === null
        ? null
        : { from: r.occurred_from, to: r.occurred_to },
    reason: r.reason,
    derivedFrom: r.derived_from,
    inferredBy: r.inferred_by,
    inferredAt: r.inferred_at,
    recorded: recorded(r.recorded_position, r.recorded_at),
  };
}
