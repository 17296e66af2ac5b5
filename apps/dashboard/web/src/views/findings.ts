import type { ClaimView, DiscrepancyView } from '../api/wire';

/**
 * One gap, one finding: discrepancies the ledger linked (a phase dispute and the running-totals
 * dispute showing the same difference) make one finding; any other discrepancy is a finding of
 * its own. Findings keep the order of their first discrepancy; inside one, a phase dispute (which
 * explains) comes before a running-totals dispute (explained by it).
 */
export interface Finding {
  readonly discrepancies: readonly DiscrepancyView[];
  readonly open: boolean;
}

/** True when the discrepancy is a dispute over running totals (its claims are of cumulative scope). */
export function isRunningTotalDispute(
  d: DiscrepancyView,
  claims: ReadonlyMap<string, ClaimView>,
): boolean {
  return d.claimIds.some((id) => claims.get(id)?.scope?.kind === 'cumulative');
}

export function groupFindings(
  discrepancies: readonly DiscrepancyView[],
  claims: ReadonlyMap<string, ClaimView>,
): Finding[] {
  const key = (agreementId: string, id: string): string => `${agreementId}\u0000${id}`;
  const byKey = new Map(discrepancies.map((d) => [key(d.agreementId, d.discrepancyId), d]));
  const placed = new Set<DiscrepancyView>();
  const findings: Finding[] = [];
  for (const first of discrepancies) {
    if (placed.has(first)) continue;
    const members: DiscrepancyView[] = [];
    const pending = [first];
    for (let d = pending.pop(); d !== undefined; d = pending.pop()) {
      if (placed.has(d)) continue;
      placed.add(d);
      members.push(d);
      for (const id of d.linkedDisputeIds) {
        const linked = byKey.get(key(d.agreementId, id));
        if (linked !== undefined && !placed.has(linked)) pending.push(linked);
      }
    }
    const ordered = [
      ...members.filter((d) => !isRunningTotalDispute(d, claims)),
      ...members.filter((d) => isRunningTotalDispute(d, claims)),
    ];
    findings.push({ discrepancies: ordered, open: ordered.some((d) => d.open) });
  }
  return findings;
}
