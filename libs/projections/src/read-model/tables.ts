import { type JsonValue } from '@ledger/domain';
import { INFERENCES } from './inferences-table';
import { type TableSpec } from './row';

/**
 * The read models' tables. Every table is temporal: each row version also carries valid_from
 * (the global position of the event that wrote it) and valid_to (the position that replaced it,
 * NULL while current), added by the schema, so any query can be asked "as of" any position.
 */

export type SourceRow = {
  source_id: string;
  name: string;
  kind: string;
  affiliation: string | null;
  channel: string | null;
  relay_of: string | null;
  registered_position: bigint;
  registered_at: string;
};

export const SOURCES: TableSpec<SourceRow> = {
  name: 'sources',
  key: ['source_id'],
  columns: {
    source_id: 'text',
    name: 'text',
    kind: 'text',
    affiliation: 'text',
    channel: 'text',
    relay_of: 'text',
    registered_position: 'pos',
    registered_at: 'text',
  },
  indexes: [],
};

export type AgreementRow = {
  agreement_id: string;
  title: string;
  venue: string;
  signed_on: string;
  parties: JsonValue;
  mediators: JsonValue;
  terms: JsonValue;
  /** The scope links recorded on the agreement, in order (JSON array, see ScopeLinkEntry). */
  scope_links: JsonValue;
  signed_position: bigint;
  signed_at: string;
};

export const AGREEMENTS: TableSpec<AgreementRow> = {
  name: 'agreements',
  key: ['agreement_id'],
  columns: {
    agreement_id: 'text',
    title: 'text',
    venue: 'text',
    signed_on: 'text',
    parties: 'json',
    mediators: 'json',
    terms: 'json',
    scope_links: 'json',
    signed_position: 'pos',
    signed_at: 'text',
  },
  indexes: [],
};

export type ClaimKind = 'transfer' | 'completion' | 'characterization';
export type ClaimStatus = 'live' | 'superseded' | 'retracted';

/** Every claim (quantity, completion, characterisation) with its current status. */
export type ClaimRow = {
  claim_id: string;
  agreement_id: string;
  kind: ClaimKind;
  source_id: string;
  term_id: string | null;
  dir_from: string | null;
  dir_to: string | null;
  measure: string | null;
  scope_kind: 'phase' | 'cumulative' | 'exchange' | null;
  phase: string | null;
  period: string | null;
  quantity_key: string | null;
  quantity: JsonValue;
  property: string | null;
  value: string | null;
  /** A framing's property and value keys (framingKey): what rival framings are matched by. */
  property_key: string | null;
  value_key: string | null;
  stated_at: string;
  /** 'day' or 'approximate'; NULL when stated_at is an instant. */
  stated_precision: string | null;
  /** The last instant the statement may have been made (stated_at itself for an instant), for claimedBefore. */
  stated_latest: string;
  occurred_from: string | null;
  occurred_to: string | null;
  /** The earliest instant of the occurrence (a day counts from its UTC midnight), for occurredBefore. */
  occurred_start: string | null;
  quote: string | null;
  link: string | null;
  status: ClaimStatus;
  supersedes: string | null;
  superseded_by: string | null;
  /** When the revision or retraction that ended the claim was stated (NULL if live or undated). */
  ended_stated_at: string | null;
  /** The last instant the ending statement may have been made (NULL if live or undated). */
  ended_stated_latest: string | null;
  ended_reason: string | null;
  revision_reason: string | null;
  /** Who reported the revision that made this claim, when not its own source. */
  revision_reported_by: string | null;
  corroborations: JsonValue;
  contests: JsonValue;
  contested_by: JsonValue;
  recorded_position: bigint;
  recorded_at: string;
};

/**
 * Keyed by agreement and claim: ids are unique across the ledger (reserved on every append), but a
 * log written otherwise (an old log, another tool) may hold one claim id in two agreements, and
 * then each keeps its own row rather than one overwriting the other.
 */
export const CLAIMS: TableSpec<ClaimRow> = {
  name: 'claims',
  key: ['agreement_id', 'claim_id'],
  columns: {
    claim_id: 'text',
    agreement_id: 'text',
    kind: 'text',
    source_id: 'text',
    term_id: 'text',
    dir_from: 'text',
    dir_to: 'text',
    measure: 'text',
    scope_kind: 'text',
    phase: 'text',
    period: 'text',
    quantity_key: 'text',
    quantity: 'json',
    property: 'text',
    value: 'text',
    property_key: 'text',
    value_key: 'text',
    stated_at: 'text',
    stated_precision: 'text',
    stated_latest: 'text',
    occurred_from: 'text',
    occurred_to: 'text',
    occurred_start: 'text',
    quote: 'text',
    link: 'text',
    status: 'text',
    supersedes: 'text',
    superseded_by: 'text',
    ended_stated_at: 'text',
    ended_stated_latest: 'text',
    ended_reason: 'text',
    revision_reason: 'text',
    revision_reported_by: 'text',
    corroborations: 'json',
    contests: 'json',
    contested_by: 'json',
    recorded_position: 'pos',
    recorded_at: 'text',
  },
  indexes: [
    ['claim_id'],
    ['agreement_id', 'kind'],
    ['agreement_id', 'recorded_position'],
    ['source_id', 'recorded_position'],
    ['recorded_position'],
  ],
};

/** One claimant's last reconciliation of its phase figures against its own stated total. */
export type ReconciliationRow = {
  reconciliation_key: string;
  agreement_id: string;
  term_id: string;
  dir_from: string;
  dir_to: string;
  measure: string;
  claimant_source_id: string;
  outcome: 'reconciled' | 'discrepancy' | 'not_comparable';
  discrepancy_kind: string | null;
  gap: number | null;
  phase_claims: JsonValue;
  phase_sum: JsonValue;
  cumulative_claim: JsonValue;
  reason: string | null;
  since_position: bigint;
  since_at: string;
};

export const RECONCILIATIONS: TableSpec<ReconciliationRow> = {
  name: 'reconciliations',
  key: ['reconciliation_key'],
  columns: {
    reconciliation_key: 'text',
    agreement_id: 'text',
    term_id: 'text',
    dir_from: 'text',
    dir_to: 'text',
    measure: 'text',
    claimant_source_id: 'text',
    outcome: 'text',
    discrepancy_kind: 'text',
    gap: 'int',
    phase_claims: 'json',
    phase_sum: 'json',
    cumulative_claim: 'json',
    reason: 'text',
    since_position: 'pos',
    since_at: 'text',
  },
  indexes: [['agreement_id']],
};

/**
 * Disputed figures (kind 'figure', id = disputeId) and totals that do not add up (kind 'totals',
 * id = 'totals:' + reconciliation key). Open until resolved; history in the row versions.
 */
export type DiscrepancyRow = {
  discrepancy_id: string;
  kind: 'figure' | 'totals';
  agreement_id: string;
  subject_key: string;
  status: string;
  is_open: number;
  detected_by: 'rule' | 'person';
  detection_reason: string | null;
  caused_by_claim_id: string | null;
  /** The scope link that opened the dispute, or joined claims of other labels to it. */
  scope_link_id: string | null;
  claimant_source_id: string | null;
  totals_kind: string | null;
  claims: JsonValue;
  claim_ids: JsonValue;
  delta: number;
  /** One gap, one finding: the disputes showing the same difference at the other scope, both ways (JSON array of ids). */
  linked_dispute_ids: JsonValue;
  detected_position: bigint;
  detected_at: string;
  opened_position: bigint;
  opened_at: string;
  status_position: bigint;
  status_at: string;
  status_reason: string | null;
  status_by: string | null;
};

/** The ids a discrepancy is linked to (its linked_dispute_ids as strings). */
export const linkedIdsOf = (row: DiscrepancyRow): string[] =>
  Array.isArray(row.linked_dispute_ids) ? row.linked_dispute_ids.map(String) : [];

export const DISCREPANCIES: TableSpec<DiscrepancyRow> = {
  name: 'discrepancies',
  // By agreement too, as claims: a dispute id in two agreements of a foreign log stays two rows.
  key: ['agreement_id', 'discrepancy_id'],
  columns: {
    discrepancy_id: 'text',
    kind: 'text',
    agreement_id: 'text',
    subject_key: 'text',
    status: 'text',
    is_open: 'int',
    detected_by: 'text',
    detection_reason: 'text',
    caused_by_claim_id: 'text',
    scope_link_id: 'text',
    claimant_source_id: 'text',
    totals_kind: 'text',
    claims: 'json',
    claim_ids: 'json',
    delta: 'int',
    linked_dispute_ids: 'json',
    detected_position: 'pos',
    detected_at: 'text',
    opened_position: 'pos',
    opened_at: 'text',
    status_position: 'pos',
    status_at: 'text',
    status_reason: 'text',
    status_by: 'text',
  },
  indexes: [['discrepancy_id'], ['detected_position'], ['agreement_id', 'detected_position']],
};

/** What the store recorded about an event that touched at least one claim: shared by its audit entries. */
export type AuditEventRow = {
  position: bigint;
  event_id: string;
  event_type: string;
  stream: string;
  recorded_at: string;
  actor: string | null;
  correlation_id: string | null;
  causation_id: string | null;
  command_name: string | null;
  /**
   * The change most of the event's entries record (the first of them on a tie), stored once here
   * rather than in each entry: an entry whose change is this one stores NULL (entryChange).
   */
  change: JsonValue;
};

export const AUDIT_EVENTS: TableSpec<AuditEventRow> = {
  name: 'audit_events',
  key: ['position'],
  columns: {
    position: 'pos',
    event_id: 'text',
    event_type: 'text',
    stream: 'text',
    recorded_at: 'text',
    actor: 'text',
    correlation_id: 'text',
    causation_id: 'text',
    command_name: 'text',
    change: 'json',
  },
  indexes: [],
  currentIndex: false,
};

/** One event in the audit trail of one claim. `caused` grows when later derived events name it as their cause. */
export type AuditEntryRow = {
  claim_id: string;
  position: bigint;
  agreement_id: string;
  source_id: string | null;
  stated_at: string | null;
  /** NULL when it is its event's shared change (audit_events.change): see entryChange. */
  change: JsonValue;
  caused: JsonValue;
};

/** What an entry records as changed: its own change, else the one its event's entries share. */
export const entryChange = (entry: AuditEntryRow, event: AuditEventRow): JsonValue =>
  entry.change ?? event.change;

export const AUDIT_ENTRIES: TableSpec<AuditEntryRow> = {
  name: 'audit_entries',
  key: ['agreement_id', 'claim_id', 'position'],
  columns: {
    claim_id: 'text',
    position: 'pos',
    agreement_id: 'text',
    source_id: 'text',
    stated_at: 'text',
    change: 'json',
    caused: 'json',
  },
  // A trail is read by agreement and claim (the claim is looked up first): the primary key.
  indexes: [],
  currentIndex: false,
};

/**
 * Per agreement, the trail entry of the last claim event (report, revision, retraction): the
 * ledger appends derived events (disputes, reconciliations) in the same batch as the claim event
 * that caused them, on the same stream, so that entry is their cause.
 */
export type AuditCauseRow = {
  agreement_id: string;
  claim_id: string;
  position: bigint;
};

export const AUDIT_CAUSES: TableSpec<AuditCauseRow> = {
  name: 'audit_causes',
  key: ['agreement_id'],
  columns: { agreement_id: 'text', claim_id: 'text', position: 'pos' },
  indexes: [],
  history: false,
};

export type OfferRow = {
  offer_id: string;
  agreement_id: string | null;
  by_party: string;
  to_party: string;
  source_id: string;
  measure: string;
  quantity: JsonValue;
  beyond_agreement: number;
  status: string;
  stated_at: string;
  quote: string | null;
  link: string | null;
  revisions: JsonValue;
  answer: JsonValue;
  made_position: bigint;
  made_at: string;
  changed_position: bigint;
  changed_at: string;
};

export const OFFERS: TableSpec<OfferRow> = {
  name: 'offers',
  key: ['offer_id'],
  columns: {
    offer_id: 'text',
    agreement_id: 'text',
    by_party: 'text',
    to_party: 'text',
    source_id: 'text',
    measure: 'text',
    quantity: 'json',
    beyond_agreement: 'int',
    status: 'text',
    stated_at: 'text',
    quote: 'text',
    link: 'text',
    revisions: 'json',
    answer: 'json',
    made_position: 'pos',
    made_at: 'text',
    changed_position: 'pos',
    changed_at: 'text',
  },
  indexes: [['made_position'], ['agreement_id', 'made_position']],
};

export const READ_MODEL_TABLES: readonly TableSpec[] = [
  SOURCES,
  AGREEMENTS,
  CLAIMS,
  RECONCILIATIONS,
  DISCREPANCIES,
  AUDIT_EVENTS,
  AUDIT_ENTRIES,
  AUDIT_CAUSES,
  OFFERS,
  INFERENCES,
];
