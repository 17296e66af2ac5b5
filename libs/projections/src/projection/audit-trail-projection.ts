import { isDerivedEvent, type JsonValue, type LedgerEvent } from '@ledger/domain';
import { put, type ReadAccess, type RowChange } from '../read-model/row';
import {
  AUDIT_CAUSES,
  AUDIT_ENTRIES,
  AUDIT_EVENTS,
  type AuditEntryRow,
} from '../read-model/tables';
import { describeChange, type Touch } from './audit-changes';
import { type ProjectedEvent } from './projected-event';

/**
 * The audit trail of each claim: one entry per event that touched it (the report, revisions,
 * retraction, corroborations, framings that contest it, disputes and reconciliations naming it),
 * with who recorded it and why. The entry of a claim event also lists what it caused: the
 * supersession a revision made, and the derived events (disputes, reconciliations) the ledger's
 * rules appended with it.
 */

/** Claim events after which the rules may append derived events, and the claim those are about. */
function causeClaimOf(event: LedgerEvent): string | undefined {
  if (event.type === 'TransferReported' || event.type === 'ClaimRetracted')
    return event.data.claimId;
  if (event.type === 'ClaimRevised') return event.data.supersededBy;
  // What a link derives is listed on the link's entry of the first claim it touched.
  if (event.type === 'ScopesLinked') return event.data.claimIds[0];
  return undefined;
}

function agreementOf(event: LedgerEvent): string | undefined {
  return 'agreementId' in event.data ? event.data.agreementId : undefined;
}

/**
 * The change most of the touches record (the first of them on a tie), as its JSON text: stored
 * once with the event, so a dispute or a reconciliation naming ten claims keeps one copy.
 */
function sharedChangeOf(texts: readonly string[]): string {
  const counts = new Map<string, number>();
  let shared = '';
  let most = 0;
  for (const text of texts) {
    const n = (counts.get(text) ?? 0) + 1;
    counts.set(text, n);
    if (n > most) [shared, most] = [text, n];
  }
  return shared;
}

function entryRow(
  e: ProjectedEvent,
  agreementId: string,
  touch: Touch,
  shared: boolean,
): AuditEntryRow {
  return {
    claim_id: touch.claimId,
    position: e.position,
    agreement_id: agreementId,
    source_id: touch.sourceId ?? null,
    stated_at: touch.statedAt ?? null,
    change: shared ? null : touch.change,
    caused: touch.caused ?? [],
  };
}

function eventRow(e: ProjectedEvent, sharedChange: string): RowChange {
  return put(AUDIT_EVENTS, {
    position: e.position,
    event_id: e.eventId,
    event_type: e.event.type,
    stream: e.stream,
    recorded_at: e.recordedAt,
    actor: e.actor,
    correlation_id: e.correlationId,
    causation_id: e.causationId,
    command_name: e.commandName,
    change: JSON.parse(sharedChange) as JsonValue,
  });
}

/** What a derived event adds to its cause's `caused` list. */
function effectOf(e: ProjectedEvent): JsonValue {
  const d = e.event.data as { disputeId?: string; reconciliationKey?: string };
  return {
    event: e.event.type,
    position: e.position.toString(),
    ...(d.disputeId === undefined ? {} : { disputeId: d.disputeId }),
    ...(d.reconciliationKey === undefined ? {} : { reconciliationKey: d.reconciliationKey }),
  };
}

function causeAnnotation(e: ProjectedEvent, agreementId: string, read: ReadAccess): RowChange[] {
  if (!isDerivedEvent(e.event)) return [];
  const cause = read.get(AUDIT_CAUSES, { agreement_id: agreementId });
  if (cause === undefined) return [];
  const causedBy = 'causedBy' in e.event.data ? e.event.data.causedBy : undefined;
  const named = causedBy !== undefined && 'claimId' in causedBy ? causedBy.claimId : undefined;
  if (named !== undefined && named !== cause.claim_id) return [];
  const entry = read.get(AUDIT_ENTRIES, {
    agreement_id: agreementId,
    claim_id: cause.claim_id,
    position: cause.position,
  });
  if (entry === undefined) return [];
  return [
    put(AUDIT_ENTRIES, { ...entry, caused: [...(entry.caused as JsonValue[]), effectOf(e)] }),
  ];
}

export function projectAuditTrail(e: ProjectedEvent, read: ReadAccess): RowChange[] {
  const agreementId = agreementOf(e.event);
  if (agreementId === undefined) return [];
  const touches = describeChange(e.event, read);
  const texts = touches.map((touch) => JSON.stringify(touch.change));
  const shared = sharedChangeOf(texts);
  const entries = touches.map((touch, i) =>
    put(AUDIT_ENTRIES, entryRow(e, agreementId, touch, texts[i] === shared)),
  );
  if (entries.length > 0) entries.unshift(eventRow(e, shared));
  const causeClaim = causeClaimOf(e.event);
  const pointer =
    causeClaim === undefined
      ? []
      : [
          put(AUDIT_CAUSES, {
            agreement_id: agreementId,
            claim_id: causeClaim,
            position: e.position,
          }),
        ];
  return [...causeAnnotation(e, agreementId, read), ...entries, ...pointer];
}
