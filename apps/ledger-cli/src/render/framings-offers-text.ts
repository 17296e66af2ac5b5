import type { ClaimView, DeliveryVerdict, OfferView, TotalsGroup } from '@ledger/projections';
import { formatQuantity, formatRange, formatStatedAt, record, text } from './quantities';

/** Replay's words for what the API's totals, claims and offers say beyond the figures. */

function deliveryWords(what: string, d: DeliveryVerdict): string {
  const by = d.verdict === 'exceeds' || d.verdict === 'short' ? ` by ${d.by}` : '';
  return `${what} ${formatRange(d.delivered)} [${d.claimIds.join(', ')}]: ${d.verdict}${by}`;
}

/** Each claimant's delivery against the term's agreed quantity, with its verdict and claims. */
export function fulfilmentLines(group: TotalsGroup): string[] {
  const f = group.fulfilment;
  if (f.agreed === null) return ['    fulfilment: no agreed quantity for this direction'];
  const over =
    f.directions.length > 1
      ? ` (summed over ${f.directions.map((d) => `${d.from} -> ${d.to}`).join(', ')})`
      : '';
  const lines = [`    agreed ${formatQuantity(f.agreed)} ${f.agreed.basis}${over}`];
  for (const c of f.claimants) {
    const parts = [
      c.phaseSum && deliveryWords('phases', c.phaseSum),
      c.statedTotal && deliveryWords('stated total', c.statedTotal),
    ].filter((p): p is string => p !== null);
    lines.push(`      ${c.sourceId}: ${parts.join('; ')}`);
  }
  return lines;
}

/** Every framing (characterisation) with who states it and which rival framings it contests. */
export function framingLines(claims: readonly ClaimView[]): string[] {
  const framings = claims.filter((c) => c.kind === 'characterization');
  const lines = [`Framings: ${framings.length}`];
  for (const c of framings) {
    const contested = [
      ...(Array.isArray(c.contests) ? c.contests : []),
      ...(Array.isArray(c.contestedBy) ? c.contestedBy : []),
    ].map(text);
    lines.push(
      `  ${c.agreementId}${c.termId ? `/${c.termId}` : ''} ${text(c.property)} = ${text(c.value)} (${c.sourceId}, ${c.claimId}, stated ${formatStatedAt(c.statedAt, c.statedAtPrecision)}, ${c.status})${contested.length > 0 ? `; contested with ${[...new Set(contested)].join(', ')}` : ''}`,
    );
  }
  return lines;
}

/** Every offer with its revisions and answer. */
export function offerLines(offers: readonly OfferView[]): string[] {
  const lines = [`Offers: ${offers.length}`];
  for (const o of offers) {
    const beyond = o.beyondAgreement ? ', beyond the agreement' : '';
    lines.push(
      `  [${o.status}] ${o.offerId}: ${o.by} -> ${o.to}, ${formatQuantity(o.quantity)} ${o.measure}${beyond} (${o.sourceId}, stated ${o.statedAt})`,
    );
    for (const r of Array.isArray(o.revisions) ? o.revisions.map(record) : []) {
      lines.push(
        `      revised ${formatQuantity(r?.previousQuantity)} -> ${formatQuantity(r?.quantity)} (${text(r?.sourceId)}, stated ${text(r?.statedAt)}): ${text(r?.reason)}`,
      );
    }
    const answer = record(o.answer);
    if (answer !== undefined)
      lines.push(
        `      answered ${text(answer.answer)} (${text(answer.sourceId)}, stated ${text(answer.statedAt)})`,
      );
  }
  return lines;
}
