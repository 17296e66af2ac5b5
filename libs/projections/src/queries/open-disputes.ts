import { type ClaimRow, type DiscrepancyRow, linkedIdsOf } from '../read-model/tables';

/**
 * The open figure disputes on a totals group's keys (its phases and running totals) or on a whole
 * exchange's key, as the ledger recorded them at the position asked. One gap, one finding: a
 * phase dispute and a running-totals dispute showing the same difference name each other in
 * `linkedDisputeIds`, as on /discrepancies. Under a statement or occurrence filter the ledger
 * recorded no disputes for that cut-off, so the totals say null rather than today's disputes.
 */
export interface OpenDispute {
  readonly disputeId: string;
  readonly quantityKey: string;
  readonly delta: number;
  readonly claimIds: readonly string[];
  readonly linkedDisputeIds: readonly string[];
}

const claimIdsOf = (row: DiscrepancyRow): string[] =>
  Array.isArray(row.claim_ids) ? row.claim_ids.map(String) : [];

/** Open figure disputes by the group key of their claims (`keyOf` of the first claim found). */
export function openDisputesBy(
  disputes: readonly DiscrepancyRow[],
  claims: readonly ClaimRow[],
  keyOf: (claim: ClaimRow) => string,
): Map<string, OpenDispute[]> {
  const byId = new Map(claims.map((c) => [c.claim_id, c]));
  const byKey = new Map<string, OpenDispute[]>();
  for (const row of disputes) {
    if (row.kind !== 'figure' || row.is_open !== 1) continue;
    const claimIds = claimIdsOf(row);
    const claim = claimIds.map((id) => byId.get(id)).find((c) => c !== undefined);
    if (claim === undefined) continue;
    const key = keyOf(claim);
    const list = byKey.get(key) ?? [];
    list.push({
      disputeId: row.discrepancy_id,
      quantityKey: row.subject_key,
      delta: row.delta,
      claimIds,
      linkedDisputeIds: linkedIdsOf(row),
    });
    byKey.set(key, list);
  }
  return byKey;
}
