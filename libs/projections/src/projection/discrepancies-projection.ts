import {
  type DisputeCause,
  type DisputeClaimsChanged,
  type DisputeStatusChanged,
  type FigureDisputed,
  type JsonValue,
  type TotalsDiscrepancyDetected,
  type TotalsNoLongerComparable,
  type TotalsReconciled,
} from '@ledger/domain';
import { put, type ReadAccess, type RowChange } from '../read-model/row';
import {
  DISCREPANCIES,
  type DiscrepancyRow,
  linkedIdsOf,
  RECONCILIATIONS,
  type ReconciliationRow,
} from '../read-model/tables';
import { type ProjectedEvent } from './projected-event';

/**
 * Discrepancies as the ledger's rules (or a person) recorded them: disputed figures, and
 * claimants whose phase figures do not add up to their own total. Also each claimant's last
 * reconciliation outcome, which the totals show.
 */

const json = (value: unknown): JsonValue => value as JsonValue;

/** A dispute is open until resolved; acknowledged, explained or unaddressed disputes are still open. */
const isOpenStatus = (status: string): boolean =>
  status !== 'resolved' && status !== 'not_comparable';

export const totalsDiscrepancyId = (reconciliationKey: string): string =>
  `totals:${reconciliationKey}`;

/**
 * One gap, one finding, both ways: the event names the earlier disputes its dispute is linked to
 * (its current links); each of them gets a new version naming it back, and an open dispute the
 * event no longer names drops it. A closed dispute keeps its links: it was one finding with it.
 */
function backLinks(
  agreementId: string,
  disputeId: string,
  linked: readonly string[],
  previous: readonly string[],
  read: ReadAccess,
): RowChange[] {
  const changes: RowChange[] = [];
  for (const otherId of new Set([...linked, ...previous])) {
    const other = read.get(DISCREPANCIES, { agreement_id: agreementId, discrepancy_id: otherId });
    if (other === undefined) continue;
    const theirs = linkedIdsOf(other);
    const keep = linked.includes(otherId) || other.is_open === 0;
    const next = keep
      ? theirs.includes(disputeId)
        ? theirs
        : [...theirs, disputeId]
      : theirs.filter((id) => id !== disputeId);
    if (next.length !== theirs.length)
      changes.push(put(DISCREPANCIES, { ...other, linked_dispute_ids: next }));
  }
  return changes;
}

const causeClaimId = (cause: DisputeCause): string | null =>
  'claimId' in cause ? cause.claimId : null;
const causeLinkId = (cause: DisputeCause): string | null =>
  'scopeLinkId' in cause ? cause.scopeLinkId : null;

export function projectFigureDisputed(
  e: ProjectedEvent<FigureDisputed>,
  read: ReadAccess,
): RowChange[] {
  const d = e.event.data;
  const at = { position: e.position, recordedAt: e.recordedAt };
  const linked = [...(d.linkedDisputeIds ?? [])];
  return [
    ...backLinks(d.agreementId, d.disputeId, linked, [], read),
    put(DISCREPANCIES, {
      discrepancy_id: d.disputeId,
      kind: 'figure',
      agreement_id: d.agreementId,
      subject_key: d.quantityKey,
      status: 'open',
      is_open: 1,
      detected_by: d.detectedBy,
      detection_reason: d.detectedBy === 'rule' ? d.rule : d.reason,
      caused_by_claim_id: d.detectedBy === 'rule' ? causeClaimId(d.causedBy) : null,
      scope_link_id: d.detectedBy === 'rule' ? causeLinkId(d.causedBy) : null,
      claimant_source_id: null,
      totals_kind: null,
      claims: json(d.claims),
      claim_ids: d.claims.map((c) => c.claimId),
      delta: d.delta,
      linked_dispute_ids: linked,
      detected_position: at.position,
      detected_at: at.recordedAt,
      opened_position: at.position,
      opened_at: at.recordedAt,
      status_position: at.position,
      status_at: at.recordedAt,
      status_reason: null,
      status_by: d.detectedBy,
    }),
  ];
}

export function projectDisputeClaimsChanged(
  e: ProjectedEvent<DisputeClaimsChanged>,
  read: ReadAccess,
): RowChange[] {
  const d = e.event.data;
  const dispute = read.get(DISCREPANCIES, {
    agreement_id: d.agreementId,
    discrepancy_id: d.disputeId,
  });
  if (dispute === undefined) return [];
  // The event names its current links; those it no longer names stay only if closed (history).
  const previous = linkedIdsOf(dispute);
  const named = d.linkedDisputeIds ?? [];
  const kept = previous.filter(
    (id) =>
      !named.includes(id) &&
      read.get(DISCREPANCIES, { agreement_id: d.agreementId, discrepancy_id: id })?.is_open === 0,
  );
  return [
    ...backLinks(d.agreementId, d.disputeId, named, previous, read),
    put(DISCREPANCIES, {
      ...dispute,
      claims: json(d.claims),
      claim_ids: d.claims.map((c) => c.claimId),
      delta: d.delta,
      linked_dispute_ids: [...kept, ...named],
      scope_link_id: causeLinkId(d.causedBy) ?? dispute.scope_link_id,
    }),
  ];
}

export function projectDisputeStatusChanged(
  e: ProjectedEvent<DisputeStatusChanged>,
  read: ReadAccess,
): RowChange[] {
  const d = e.event.data;
  const dispute = read.get(DISCREPANCIES, {
    agreement_id: d.agreementId,
    discrepancy_id: d.disputeId,
  });
  if (dispute === undefined) return [];
  return [put(DISCREPANCIES, withStatus(dispute, e, d.status, d.reason, d.by))];
}

/** A status change; a dispute reopened after its resolution is open since the reopening. */
function withStatus(
  row: DiscrepancyRow,
  e: ProjectedEvent,
  status: string,
  reason: string | null,
  by: string,
): DiscrepancyRow {
  const open = isOpenStatus(status);
  const reopened =
    open && row.is_open === 0 ? { opened_position: e.position, opened_at: e.recordedAt } : {};
  return {
    ...row,
    status,
    is_open: open ? 1 : 0,
    ...reopened,
    status_position: e.position,
    status_at: e.recordedAt,
    status_reason: reason,
    status_by: by,
  };
}

type TotalsEvent = TotalsDiscrepancyDetected | TotalsReconciled | TotalsNoLongerComparable;

export function projectTotalsEvent(e: ProjectedEvent<TotalsEvent>, read: ReadAccess): RowChange[] {
  const previous = read.get(RECONCILIATIONS, {
    reconciliation_key: e.event.data.reconciliationKey,
  });
  const reconciliation = reconciliationRow(e, previous);
  const discrepancy = totalsDiscrepancy(
    e,
    read.get(DISCREPANCIES, {
      agreement_id: e.event.data.agreementId,
      discrepancy_id: totalsDiscrepancyId(e.event.data.reconciliationKey),
    }),
  );
  return [
    ...(reconciliation ? [put(RECONCILIATIONS, reconciliation)] : []),
    ...(discrepancy ? [put(DISCREPANCIES, discrepancy)] : []),
  ];
}

function reconciliationRow(
  e: ProjectedEvent<TotalsEvent>,
  previous: ReconciliationRow | undefined,
): ReconciliationRow | undefined {
  const since = { since_position: e.position, since_at: e.recordedAt };
  const { event } = e;
  if (event.type === 'TotalsNoLongerComparable') {
    return (
      previous && {
        ...previous,
        outcome: 'not_comparable',
        discrepancy_kind: null,
        gap: null,
        reason: event.data.reason,
        ...since,
      }
    );
  }
  const d = event.data;
  const discrepancy = event.type === 'TotalsDiscrepancyDetected' ? event.data : undefined;
  return {
    reconciliation_key: d.reconciliationKey,
    agreement_id: d.agreementId,
    term_id: d.termId,
    dir_from: d.direction.from,
    dir_to: d.direction.to,
    measure: d.measure,
    claimant_source_id: d.claimantSourceId,
    outcome: discrepancy ? 'discrepancy' : 'reconciled',
    discrepancy_kind: discrepancy?.kind ?? null,
    gap: discrepancy?.gap ?? 0,
    phase_claims: json(d.phaseClaims),
    phase_sum: json(d.phaseSum),
    cumulative_claim: json(d.cumulativeClaim),
    reason: null,
    ...since,
  };
}

/** Detected opens (or updates) the claimant's totals discrepancy; reconciled resolves it; no longer comparable withdraws it. */
function totalsDiscrepancy(
  e: ProjectedEvent<TotalsEvent>,
  existing: DiscrepancyRow | undefined,
): DiscrepancyRow | undefined {
  const { event } = e;
  if (event.type !== 'TotalsDiscrepancyDetected') {
    if (existing === undefined || existing.is_open === 0) return undefined;
    return event.type === 'TotalsReconciled'
      ? withStatus(
          existing,
          e,
          'resolved',
          'the phase figures now add up to the stated total',
          'rule',
        )
      : withStatus(existing, e, 'not_comparable', event.data.reason, 'rule');
  }
  const d = event.data;
  const claimIds = [...d.phaseClaims.map((p) => p.claimId), d.cumulativeClaim.claimId];
  const values = json({
    phaseClaims: d.phaseClaims,
    phaseSum: d.phaseSum,
    cumulativeClaim: d.cumulativeClaim,
  });
  const stillOpen = existing !== undefined && existing.is_open === 1;
  const opened = stillOpen
    ? { opened_position: existing.opened_position, opened_at: existing.opened_at }
    : { opened_position: e.position, opened_at: e.recordedAt };
  const status = stillOpen
    ? {
        status: existing.status,
        status_position: existing.status_position,
        status_at: existing.status_at,
        status_reason: existing.status_reason,
        status_by: existing.status_by,
      }
    : {
        status: 'open',
        status_position: e.position,
        status_at: e.recordedAt,
        status_reason: null,
        status_by: 'rule',
      };
  return {
    discrepancy_id: totalsDiscrepancyId(d.reconciliationKey),
    kind: 'totals',
    agreement_id: d.agreementId,
    subject_key: d.reconciliationKey,
    is_open: 1,
    detected_by: 'rule',
    detection_reason: d.kind,
    caused_by_claim_id: null,
    scope_link_id: null,
    claimant_source_id: d.claimantSourceId,
    totals_kind: d.kind,
    claims: values,
    claim_ids: claimIds,
    delta: d.gap,
    linked_dispute_ids: [], // a claimant's own totals: never one of the linked disputes
    detected_position: existing?.detected_position ?? e.position,
    detected_at: existing?.detected_at ?? e.recordedAt,
    ...opened,
    ...status,
  };
}
