import type { AuditEntryView, ClaimView } from '@ledger/projections';
import type { ClaimTrail } from '../access/ledger-access';
import { formatQuantity, formatStatedAt, record, text } from './quantities';
import { reportOf } from './visible-text';

const SKIPPED = new Set(['what', 'quote', 'quantityKey', 'link']);

/** A change in a line: what happened, then its scalar fields and quantities. */
function changeSummary(change: unknown): string {
  const c = record(change);
  if (c === undefined) return '';
  const parts = Object.entries(c)
    .filter(([key]) => !SKIPPED.has(key))
    .map(([key, value]) => {
      if (key === 'previousQuantity') return `previous ${formatQuantity(value)}`;
      if (key === 'quantity' || key === 'newQuantity') return `${key} ${formatQuantity(value)}`;
      if (key === 'scopes' && Array.isArray(value))
        return `scopes ${value.map((s) => text(record(s)?.phase ?? record(s)?.period ?? 'running total')).join(' = ')}`;
      const object = record(value);
      if (object === undefined)
        return value === null || Array.isArray(value) ? undefined : `${key} ${text(value)}`;
      if ('from' in object) return `${key} ${text(object.from)} -> ${text(object.to)}`;
      if ('kind' in object)
        return `${key} ${[object.kind, object.phase ?? object.period]
          .filter((p) => p !== undefined && p !== null)
          .map(text)
          .join(' ')}`;
      return undefined;
    })
    .filter((p): p is string => p !== undefined);
  return `${typeof c.what === 'string' ? c.what : 'changed'}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

function scopeOf(claim: ClaimView): string {
  if (claim.scope === null) return '';
  if (claim.scope.kind === 'exchange') return ', whole exchange (both directions)';
  return claim.scope.kind === 'phase'
    ? `, phase ${claim.scope.phase}`
    : `, cumulative${claim.scope.period ? ` (${claim.scope.period})` : ''}`;
}

function claimHeading(claim: ClaimView): string[] {
  const what =
    claim.kind === 'characterization'
      ? `${claim.property ?? '?'} = ${claim.value ?? '?'}`
      : `${formatQuantity(claim.quantity)} ${claim.measure ?? ''}${claim.direction ? `, ${claim.direction.from} ${claim.scope?.kind === 'exchange' ? '<->' : '->'} ${claim.direction.to}` : ''}${scopeOf(claim)}`;
  const corroborations = Array.isArray(claim.corroborations)
    ? claim.corroborations
        .map((c) => `${text(record(c)?.sourceId)} (${text(record(c)?.independence)})`)
        .join(', ')
    : '';
  return [
    `  ${claim.kind} claim by ${claim.sourceId} on ${claim.agreementId}${claim.termId ? `/${claim.termId}` : ''}: ${what.trim()}`,
    `  stated ${formatStatedAt(claim.statedAt, claim.statedAtPrecision)}; status ${claim.status}${claim.supersededBy ? ` (superseded by ${claim.supersededBy})` : ''}${corroborations ? `; corroborated by ${corroborations}` : ''}`,
  ];
}

/**
 * What an event caused, e.g. "FigureDisputed #10 (dispute-final-phase-russia-to-ukraine)", or an
 * effect of the event itself, e.g. "supersession of claim-a by claim-b".
 */
function causedText(caused: unknown): string {
  const c = record(caused);
  if (c === undefined) return text(caused);
  if (typeof c.effect === 'string')
    return `${c.effect} of ${text(c.claimId)}${c.supersededBy === undefined ? '' : ` by ${text(c.supersededBy)}`}`;
  const { event, position, ...rest } = c;
  const details = Object.values(rest).filter((v) => typeof v === 'string' || typeof v === 'number');
  return `${text(event)} #${text(position)}${details.length > 0 ? ` (${details.map(text).join(', ')})` : ''}`;
}

function entryLines(entry: AuditEntryView): string[] {
  const source = entry.sourceId
    ? `source ${entry.sourceId}${entry.statedAt ? `, stated ${entry.statedAt}` : ''}; `
    : '';
  const caused =
    Array.isArray(entry.caused) && entry.caused.length > 0
      ? `; caused ${entry.caused.map(causedText).join(', ')}`
      : '';
  return [
    `  #${entry.position}  ${entry.recordedAt}  ${entry.eventType} by ${entry.actor ?? '?'}${entry.commandName ? ` (${entry.commandName})` : ''}`,
    `        ${source}${changeSummary(entry.change)}`,
    `        correlation ${entry.correlationId ?? '-'}, causation ${entry.causationId ?? '-'}${caused}`,
  ];
}

/** One claim's audit trail: the claim as it stood, then every event that touched it, in order. */
export function renderAuditTrail(trail: ClaimTrail): string {
  const lines = [
    `Audit trail of ${trail.claim.claimId} as of position ${trail.asOfPosition}`,
    ...claimHeading(trail.claim),
    '',
  ];
  for (const entry of trail.entries) lines.push(...entryLines(entry));
  return reportOf(lines);
}
