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
  const party = f.agreed.party === undefined ? '' : ` (${f.agreed.party})`;
  const lines = [`    agreed ${formatQuantity(f.agreed)} ${f.agreed.basis}${party}${over}`];
  for (const c of f.claimants) {
    const parts = [
      c.phaseSum && deliveryWords('phases', c.phaseSum),
      c.statedTotal && deliveryWords('stated total', c.statedTotal),
    ].filter((p): p is string => p !== null);
    lines.push(`      ${c.sourceId}: ${parts.join('; ')}`);
  }
  return lines;
}

/** One framing as its keys match it: agreement, subject, property key and value key. */
const framingOf = (c: ClaimView): string =>
  JSON.stringify([c.agreementId, c.termId, c.propertyKey, c.valueKey]);

/** The distinct words each framing was stated in. */
function wordsPerFraming(framings: readonly ClaimView[]): Map<string, Set<string>> {
  const words = new Map<string, Set<string>>();
  for (const c of framings) {
    const key = framingOf(c);
    words.set(key, (words.get(key) ?? new Set()).add(`${c.property ?? ''}\u0000${c.value ?? ''}`));
  }
  return words;
}

/** The key a framing is matched by, shown when the same framing was stated in other words too. */
function matchedAs(c: ClaimView, words: ReadonlyMap<string, ReadonlySet<string>>): string {
  return (words.get(framingOf(c))?.size ?? 0) > 1 ? ` (matched as "${text(c.valueKey)}")` : '';
}

/** Every framing (characterisation) with who states it and which rival framings it contests. */
export function framingLines(claims: readonly ClaimView[]): string[] {
  const framings = claims.filter((c) => c.kind === 'characterization');
  const lines = [`Framings: ${framings.length}`];
  const matching = wordsPerFraming(framings);
  for (const c of framings) {
    const contested = [
      ...(Array.isArray(c.contests) ? c.contests : []),
      ...(Array.isArray(c.contestedBy) ? c.contestedBy : []),
    ].map(text);
    lines.push(
      `  ${c.agreementId}${c.termId ? `/${c.termId}` : ''} ${text(c.property)} = ${text(c.value)}${matchedAs(c, matching)} (${c.sourceId}, ${c.claimId}, stated ${formatStatedAt(c.statedAt, c.statedAtPrecision)}, ${c.status})${contested.length > 0 ? `; contested with ${[...new Set(contested)].join(', ')}` : ''}`,
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
