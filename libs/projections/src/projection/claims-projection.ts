import {
  type AgreementTermCompletionClaimed,
  type CharacterizationClaimed,
  type ClaimCorroborated,
  type ClaimRetracted,
  type ClaimRevised,
  formatInstant,
  framingKeysOf,
  type JsonValue,
  type OccurrencePeriod,
  parseDate,
  parseInstant,
  statementLatest,
  type StatementTime,
  type TransferReported,
  type TransferScope,
} from '@ledger/domain';
import { put, type ReadAccess, type RowChange } from '../read-model/row';
import { CLAIMS, type ClaimRow } from '../read-model/tables';
import { type ProjectedEvent } from './projected-event';

/** The claims read model: every claim with its source, what it says, its status and corroborations. */

const json = (value: unknown): JsonValue => value as JsonValue;

/** The earliest instant an occurrence names, canonical; a day counts from its UTC midnight. */
export function occurrenceStart(occurred: OccurrencePeriod | undefined): string | null {
  const first = occurred?.from ?? occurred?.to;
  if (first === undefined) return null;
  const ms = parseDate(first) ?? parseInstant(first);
  return ms === undefined ? null : formatInstant(ms);
}

export type ClaimBasics = Pick<
  ClaimRow,
  | 'claim_id'
  | 'agreement_id'
  | 'kind'
  | 'source_id'
  | 'stated_at'
  | 'stated_precision'
  | 'stated_latest'
  | 'recorded_position'
  | 'recorded_at'
>;

/** Why a figure was superseded by a later report from its own source (TransferReported.revises). */
export const NEWER_FIGURE = 'a newer figure from the same source on the same quantity';

/** A new claim row: what every kind shares, the kind's fields on top, everything else empty. */
export function newClaim(basics: ClaimBasics, fields: Partial<ClaimRow>): ClaimRow {
  return {
    term_id: null,
    dir_from: null,
    dir_to: null,
    measure: null,
    scope_kind: null,
    phase: null,
    period: null,
    quantity_key: null,
    quantity: null,
    property: null,
    value: null,
    property_key: null,
    value_key: null,
    occurred_from: null,
    occurred_to: null,
    occurred_start: null,
    quote: null,
    link: null,
    status: 'live',
    supersedes: null,
    superseded_by: null,
    ended_stated_at: null,
    ended_stated_latest: null,
    ended_reason: null,
    revision_reason: null,
    revision_reported_by: null,
    corroborations: [],
    contests: [],
    contested_by: [],
    ...basics,
    ...fields,
  };
}

/** A statement time's columns: as stated, its precision, and the last instant it may denote. */
function stated(
  d: StatementTime,
): Pick<ClaimRow, 'stated_at' | 'stated_precision' | 'stated_latest'> {
  return {
    stated_at: d.statedAt,
    stated_precision: d.statedAtPrecision ?? null,
    stated_latest: statementLatest(d),
  };
}

/** When a revision or retraction ended a claim (undated: all NULL). */
function endedAt(
  d: Partial<StatementTime>,
): Pick<ClaimRow, 'ended_stated_at' | 'ended_stated_latest'> {
  return d.statedAt === undefined
    ? { ended_stated_at: null, ended_stated_latest: null }
    : {
        ended_stated_at: d.statedAt,
        ended_stated_latest: statementLatest({ ...d, statedAt: d.statedAt }),
      };
}

function basics(
  e: ProjectedEvent,
  kind: ClaimRow['kind'],
  d: { agreementId: string; claimId: string; sourceId: string } & StatementTime,
): ClaimBasics {
  return {
    claim_id: d.claimId,
    agreement_id: d.agreementId,
    kind,
    source_id: d.sourceId,
    ...stated(d),
    recorded_position: e.position,
    recorded_at: e.recordedAt,
  };
}

/** The source's older figure, superseded by this newer one (none when the report revises nothing). */
function supersededByNewer(d: TransferReported['data'], read: ReadAccess): RowChange[] {
  const older =
    d.revises === undefined
      ? undefined
      : read.get(CLAIMS, { agreement_id: d.agreementId, claim_id: d.revises });
  if (older === undefined) return [];
  const ended = { ...endedAt(d), ended_reason: NEWER_FIGURE };
  return [put(CLAIMS, { ...older, status: 'superseded', superseded_by: d.claimId, ...ended })];
}

const revisionOf = (d: TransferReported['data']): Partial<ClaimRow> =>
  d.revises === undefined ? {} : { supersedes: d.revises, revision_reason: NEWER_FIGURE };

/** A figure's scope as the claims and inferences tables hold it. */
function scopeColumns(
  scope: TransferScope,
): Pick<ClaimRow, 'phase' | 'period'> & { scope_kind: 'phase' | 'cumulative' | 'exchange' } {
  if (scope.kind === 'phase') return { scope_kind: 'phase', phase: scope.phase, period: null };
  if (scope.kind === 'exchange') return { scope_kind: 'exchange', phase: null, period: null };
  return { scope_kind: 'cumulative', phase: null, period: scope.period ?? null };
}

/** A newer figure from a source supersedes the source's live figure on the key it names in `revises`. */
/** A figure's columns, as a source's report and the desk's inference both state it. */
export function figureColumns(
  d: Pick<
    TransferReported['data'],
    'termId' | 'direction' | 'measure' | 'scope' | 'quantityKey' | 'quantity' | 'occurredAt'
  >,
) {
  return {
    term_id: d.termId,
    dir_from: d.direction.from,
    dir_to: d.direction.to,
    measure: d.measure,
    ...scopeColumns(d.scope),
    quantity_key: d.quantityKey,
    quantity: json(d.quantity),
    occurred_from: d.occurredAt?.from ?? null,
    occurred_to: d.occurredAt?.to ?? null,
  };
}

export function projectTransferReported(
  e: ProjectedEvent<TransferReported>,
  read: ReadAccess,
): RowChange[] {
  const d = e.event.data;
  return [
    ...supersededByNewer(d, read),
    put(
      CLAIMS,
      newClaim(basics(e, 'transfer', d), {
        ...figureColumns(d),
        occurred_start: occurrenceStart(d.occurredAt),
        quote: d.quote ?? null,
        link: d.link ?? null,
        ...revisionOf(d),
      }),
    ),
  ];
}

export function projectCompletionClaimed(
  e: ProjectedEvent<AgreementTermCompletionClaimed>,
): RowChange[] {
  const d = e.event.data;
  return [
    put(
      CLAIMS,
      newClaim(basics(e, 'completion', d), {
        term_id: d.termId,
        quote: d.quote ?? null,
        link: d.link ?? null,
      }),
    ),
  ];
}

function framingKeyColumns(d: CharacterizationClaimed['data']): Partial<ClaimRow> {
  const keys = framingKeysOf(d);
  return { property_key: keys.propertyKey, value_key: keys.valueKey };
}

/** A framing contests the live rival framings it lists; each of those learns who contests it. */
export function projectCharacterizationClaimed(
  e: ProjectedEvent<CharacterizationClaimed>,
  read: ReadAccess,
): RowChange[] {
  const d = e.event.data;
  const claim = newClaim(basics(e, 'characterization', d), {
    term_id: d.subject.termId ?? null,
    property: d.property,
    value: d.value,
    ...framingKeyColumns(d),
    contests: [...d.contestedClaimIds],
    quote: d.quote ?? null,
    link: d.link ?? null,
  });
  const contested = d.contestedClaimIds.flatMap((id) => {
    const rival = read.get(CLAIMS, { agreement_id: d.agreementId, claim_id: id });
    return rival === undefined
      ? []
      : [
          put(CLAIMS, {
            ...rival,
            contested_by: [...(rival.contested_by as JsonValue[]), d.claimId],
          }),
        ];
  });
  return [put(CLAIMS, claim), ...contested];
}

/** The old claim is superseded; the new one inherits its source, key and occurrence, with its own statement. */
export function projectClaimRevised(
  e: ProjectedEvent<ClaimRevised>,
  read: ReadAccess,
): RowChange[] {
  const d = e.event.data;
  const old = read.get(CLAIMS, { agreement_id: d.agreementId, claim_id: d.claimId });
  if (old === undefined) return [];
  const successor: ClaimRow = {
    ...old,
    claim_id: d.supersededBy,
    quantity: json(d.quantity),
    ...stated(d),
    quote: d.quote ?? null,
    link: d.link ?? null,
    status: 'live',
    supersedes: old.claim_id,
    superseded_by: null,
    ...endedAt({}),
    ended_reason: null,
    revision_reason: d.reason,
    revision_reported_by: d.reportedBy ?? null,
    corroborations: [],
    contested_by: [],
    recorded_position: e.position,
    recorded_at: e.recordedAt,
  };
  const superseded: ClaimRow = {
    ...old,
    status: 'superseded',
    superseded_by: d.supersededBy,
    ...endedAt(d),
    ended_reason: d.reason,
  };
  return [put(CLAIMS, superseded), put(CLAIMS, successor)];
}

export function projectClaimRetracted(
  e: ProjectedEvent<ClaimRetracted>,
  read: ReadAccess,
): RowChange[] {
  const d = e.event.data;
  const claim = read.get(CLAIMS, { agreement_id: d.agreementId, claim_id: d.claimId });
  if (claim === undefined) return [];
  return [
    put(CLAIMS, {
      ...claim,
      status: 'retracted',
      ...endedAt(d),
      ended_reason: d.reason,
    }),
  ];
}

export function projectClaimCorroborated(
  e: ProjectedEvent<ClaimCorroborated>,
  read: ReadAccess,
): RowChange[] {
  const d = e.event.data;
  const claim = read.get(CLAIMS, { agreement_id: d.agreementId, claim_id: d.claimId });
  if (claim === undefined) return [];
  const corroboration = {
    sourceId: d.sourceId,
    independence: d.independence,
    statedAt: d.statedAt,
    ...(d.statedAtPrecision === undefined ? {} : { statedAtPrecision: d.statedAtPrecision }),
    quote: d.quote ?? null,
    link: d.link ?? null,
    position: e.position.toString(),
  };
  return [
    put(CLAIMS, {
      ...claim,
      corroborations: [...(claim.corroborations as JsonValue[]), corroboration],
    }),
  ];
}
