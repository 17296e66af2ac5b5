import {
  type ClaimantTotals,
  type DiscrepancyView,
  isRunningTotalKey,
  type ScopeLinkView,
  type TotalsGroup,
} from '@ledger/projections';
import type { LedgerSnapshot } from '../access/ledger-access';
import { exchangeLines } from './exchange-text';
import { fulfilmentLines, framingLines, offerLines } from './framings-offers-text';
import { inferenceLines } from './inferences-text';
import { formatQuantity, formatRange, formatStatedAt, record, text } from './quantities';
import { reportOf } from './visible-text';

function groupLines(group: TotalsGroup): string[] {
  const lines = [
    `  ${group.termId}: ${group.direction.from} -> ${group.direction.to}, ${group.measure}`,
  ];
  const labels = reportedLabels(group);
  for (const phase of group.phases) {
    const figures = phase.figures
      .map((f) => {
        const label = labels.get(f.claimId);
        const as = label === undefined ? '' : `, as ${label}`;
        // A statement known only to the day, or "around" one, says so; an instant is not shown.
        const stated =
          f.statedAtPrecision === undefined
            ? ''
            : `, stated ${formatStatedAt(f.statedAt, f.statedAtPrecision)}`;
        return `${formatQuantity(f.quantity)} (${f.sourceId}${as}${stated})`;
      })
      .join(' | ');
    const spread =
      phase.figures.length > 1 ? `; range ${formatRange(phase.range)}, spread ${phase.spread}` : '';
    lines.push(`    phase ${phase.phase}: ${figures}${spread}`);
  }
  const totals = group.claimants.filter((c) => c.statedTotal !== null);
  for (const claimant of totals) {
    const total = claimant.statedTotal!;
    lines.push(
      `    stated total: ${formatQuantity(total.quantity)} (${claimant.sourceId}${total.period ? `, ${total.period}` : ''})`,
    );
  }
  for (const claimant of group.claimants) {
    const reconciliation = reconciliationLine(claimant);
    if (reconciliation) lines.push(reconciliation);
  }
  lines.push(...fulfilmentLines(group));
  lines.push(...group.scopeLinks.map(scopeLinkLine));
  return lines;
}

/** The label each phase figure was reported under, where a scope link counts it under another. */
function reportedLabels(group: TotalsGroup): Map<string, string> {
  const labels = new Map<string, string>();
  for (const claimant of group.claimants)
    for (const p of claimant.phases)
      if (p.reportedAs !== undefined) labels.set(p.claimId, p.reportedAs);
  return labels;
}

function scopeLinkLine(link: ScopeLinkView): string {
  const scopes = Array.isArray(link.scopes)
    ? link.scopes.map((s) => text(record(s)?.phase ?? record(s)?.period ?? 'running total'))
    : [];
  return `    linked as one: ${scopes.join(' = ')} (${link.scopeLinkId} by ${link.linkedBy ?? '?'} at position ${link.linked.position}: ${link.reason})`;
}

function reconciliationLine(claimant: ClaimantTotals): string | undefined {
  const r = claimant.reconciliation;
  if (r === null || claimant.statedTotal === null || claimant.phaseSum === null) return undefined;
  const verdict =
    r.outcome === 'discrepancy'
      ? `do not add up (${r.kind ?? 'mismatch'}, gap ${r.gap ?? '?'})`
      : r.outcome;
  const since = r.since === null ? '' : ` since position ${r.since.position}`;
  return `    ${claimant.sourceId}: phases sum to ${formatRange(claimant.phaseSum)} against its own total of ${formatQuantity(claimant.statedTotal.quantity)}: ${verdict}${since}`;
}

/** What a discrepancy compares, from its values: claims side by side, or a claimant's phases against its total. */
function comparedValues(d: DiscrepancyView): string {
  if (Array.isArray(d.values)) {
    return d.values
      .map((v) => record(v))
      .map((v) => `${formatQuantity(v?.quantity)} (${text(v?.sourceId)}, ${text(v?.claimId)})`)
      .join(' vs ');
  }
  const v = record(d.values);
  const total = record(v?.cumulativeClaim);
  return `${d.claimantSourceId ?? '?'}: phases ${formatRange(v?.phaseSum)} vs stated total ${formatQuantity(total?.quantity)} (${text(total?.claimId)})`;
}

function discrepancyLines(d: DiscrepancyView): string[] {
  const how =
    d.detectedBy === 'rule'
      ? `by rule (${d.detection ?? '?'})`
      : `by ${d.detectedBy}${d.detection ? ` (${d.detection})` : ''}`;
  const status =
    d.status === 'open'
      ? ''
      : `; ${d.status} at position ${d.statusChanged.position}${d.statusChanged.reason ? ` (${d.statusChanged.reason})` : ''}`;
  return [
    `  [${d.status}] ${d.kind} ${d.subjectKey}`,
    `      ${comparedValues(d)}: delta ${d.delta}; detected ${how} at position ${d.detected.position}${status}`,
    ...linkLines(d),
    ...(d.scopeLinkId === null
      ? []
      : [`      compared across labels by scope link ${d.scopeLinkId}`]),
  ];
}

/**
 * One gap, one finding: a phase dispute explains the running-totals dispute showing the same
 * difference (the totals differ because the phase does); each names the other.
 */
function linkLines(d: DiscrepancyView): string[] {
  if (d.linkedDisputeIds.length === 0) return [];
  const how = isRunningTotalKey(d.subjectKey) ? 'explained by' : 'explains';
  return [`      one gap: ${how} ${d.linkedDisputeIds.join(', ')}`];
}

/** The totals and the discrepancies as they stood at the snapshot's position. */
export function renderReplay(snapshot: LedgerSnapshot, where: string): string {
  const lines = [`The ledger as of position ${snapshot.asOfPosition} (${where})`, ''];
  for (const { agreementId, groups, exchanges, inferences } of snapshot.totals) {
    lines.push(`Totals of ${agreementId}${groups.length === 0 ? ': no transfer claims' : ''}`);
    for (const group of groups) lines.push(...groupLines(group));
    for (const exchange of exchanges) lines.push(...exchangeLines(exchange));
    lines.push(...inferenceLines(inferences), '');
  }
  if (snapshot.totals.length === 0) lines.push('No agreement had been signed.', '');
  const open = snapshot.discrepancies.filter((d) => d.open).length;
  lines.push(`Discrepancies: ${open} open, ${snapshot.discrepancies.length - open} closed`);
  for (const d of snapshot.discrepancies) lines.push(...discrepancyLines(d));
  lines.push('', ...framingLines(snapshot.claims), '', ...offerLines(snapshot.offers));
  return reportOf(lines);
}
