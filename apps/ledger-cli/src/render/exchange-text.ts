import type { ExchangeTotals, RatioCheck } from '@ledger/projections';
import { formatQuantity, formatRange } from './quantities';

/** Replay's words for the totals' exchanges: whole-exchange figures and the agreed ratio. */

function ratioWords(what: string, r: RatioCheck | null): string | null {
  if (r === null) return `${what}: the claimants' figures disagree`;
  if (r.verdict === 'unknown') return null;
  const released = r.released ? formatRange(r.released.delivered) : '-';
  const received = r.received ? formatRange(r.received.delivered) : '-';
  const claims = [...(r.released?.claimIds ?? []), ...(r.received?.claimIds ?? [])].join(', ');
  const by = r.verdict === 'off' ? ` by ${r.by}` : '';
  return `${what} ${released} for ${received} [${claims}]: ${r.verdict}${by}`;
}

function ratioLines(ratio: NonNullable<ExchangeTotals['ratio']>): string[] {
  const a = ratio.agreed;
  const lines = [
    `    agreed ratio: ${a.party} releases ${a.releases} for each ${a.receives} ${a.counterparty} releases`,
  ];
  const rows = [
    ...ratio.claimants.map((c) => [c.sourceId, c.phaseSum, c.statedTotal] as const),
    [
      'across claimants',
      ratio.acrossClaimants.phaseSum,
      ratio.acrossClaimants.statedTotal,
    ] as const,
  ];
  for (const [who, phaseSum, statedTotal] of rows) {
    const parts = [ratioWords('phases', phaseSum), ratioWords('stated totals', statedTotal)];
    const known = parts.filter((p): p is string => p !== null);
    lines.push(`      ${who}: ${known.length === 0 ? 'unknown' : known.join('; ')}`);
  }
  return lines;
}

/** One exchange between two parties: its whole-exchange figures against the directions, its ratio. */
export function exchangeLines(e: ExchangeTotals): string[] {
  const [a, b] = e.parties;
  const lines = [`  ${e.termId}: ${a} <-> ${b}, ${e.measure} (whole exchange)`];
  if (e.figures.length > 0) {
    const sum =
      e.perDirectionSum === null ? 'no per-direction figure' : formatRange(e.perDirectionSum);
    lines.push(`    directions sum to ${sum}`);
  }
  for (const f of e.figures) {
    const gap = f.verdict === 'inconsistent' ? `, gap ${f.gap}` : '';
    lines.push(
      `    in all: ${formatQuantity(f.quantity)} (${f.sourceId}, ${f.claimId}): ${f.verdict}${gap}`,
    );
  }
  if (e.ratio !== null) lines.push(...ratioLines(e.ratio));
  return lines;
}
