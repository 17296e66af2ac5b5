import {
  type AgreedRatio,
  type AgreementTerm,
  type Interval,
  type Quantity,
  type QuantityRange,
  sumIntervals,
  toInterval,
  toRange,
} from '@ledger/domain';
import { type ClaimRow } from '../read-model/tables';
import { type DeliveredFigure, type DirectionDelivery } from './fulfilment';
import { type OpenDispute } from './open-disputes';
import { type RatioFulfilment, ratioFulfilmentOf } from './ratio';

/**
 * What the totals say about a whole exchange between two parties, for one term and measure: the
 * figures given for the exchange as a whole ("about 1,000 people were exchanged in all"), each
 * checked against the per-direction figures, and the term's agreed ratio, if any.
 *
 * A whole-exchange figure is checked against the sum over both directions of everything the live
 * per-direction figures admit: per direction, from the lowest to the highest count any claimant's
 * phase sum or stated total admits (a direction nobody gave a figure for leaves the sum open
 * above). `inconsistent` only when the figure's interval and that sum share no count (`gap`: the
 * counts between them); `consistent` otherwise; `unknown` when no direction has a figure. It never
 * joins a per-direction dispute (its quantity key is the exchange's own).
 */
export type ExchangeVerdict = 'consistent' | 'inconsistent' | 'unknown';

export interface ExchangeFigure {
  readonly claimId: string;
  readonly sourceId: string;
  readonly quantity: Quantity;
  readonly statedAt: string;
  readonly verdict: ExchangeVerdict;
  readonly gap: number;
}

export interface ExchangeDirection {
  readonly from: string;
  readonly to: string;
  /** The hull of every claimant's phase sum and stated total; null when none was given. */
  readonly range: QuantityRange | null;
  readonly claimIds: readonly string[];
}

export interface ExchangeTotals {
  readonly termId: string;
  readonly measure: string;
  /** The two parties, in sorted order. */
  readonly parties: readonly [string, string];
  readonly figures: readonly ExchangeFigure[];
  readonly directions: readonly [ExchangeDirection, ExchangeDirection];
  /** The directions' ranges summed; null when neither has one. */
  readonly perDirectionSum: QuantityRange | null;
  /** The term's agreed ratio between these two parties, judged; null when none is agreed. */
  readonly ratio: RatioFulfilment | null;
  /** The open disputes between whole-exchange figures; null under a time filter (see open-disputes.ts). */
  readonly openDisputes: readonly OpenDispute[] | null;
}

type Delivery = DirectionDelivery & { readonly termId: string; readonly measure: string };

function hullOf(figures: readonly DeliveredFigure[]): DeliveredFigure | null {
  if (figures.length === 0) return null;
  return {
    interval: {
      lower: Math.min(...figures.map((f) => f.interval.lower)),
      upper: Math.max(...figures.map((f) => f.interval.upper)),
    },
    claimIds: [...new Set(figures.flatMap((f) => f.claimIds))],
  };
}

function direction(from: string, to: string, deliveries: readonly Delivery[]): ExchangeDirection {
  const own = deliveries.filter((d) => d.from === from && d.to === to);
  const hull = hullOf(
    own.flatMap((d) => [d.phaseSum, d.statedTotal]).filter((f): f is DeliveredFigure => f !== null),
  );
  return {
    from,
    to,
    range: hull && toRange(hull.interval),
    claimIds: hull?.claimIds ?? [],
  };
}

function perDirectionSum(directions: readonly ExchangeDirection[]): Interval | null {
  const known = directions.filter((d) => d.range !== null);
  if (known.length === 0) return null;
  const sum = sumIntervals(
    known.map((d) => ({ lower: d.range?.lower ?? 0, upper: d.range?.upper ?? Infinity })),
  );
  return known.length === directions.length ? sum : { ...sum, upper: Infinity };
}

function checked(claim: ClaimRow, sum: Interval | null): ExchangeFigure {
  const quantity = claim.quantity as unknown as Quantity;
  const base = {
    claimId: claim.claim_id,
    sourceId: claim.source_id,
    quantity,
    statedAt: claim.stated_at,
  };
  if (sum === null) return { ...base, verdict: 'unknown', gap: 0 };
  const own = toInterval(quantity);
  const gap = Math.max(0, own.lower - sum.upper, sum.lower - own.upper);
  return { ...base, verdict: gap > 0 ? 'inconsistent' : 'consistent', gap };
}

const pairKey = (termId: string, measure: string, a: string, b: string): string =>
  JSON.stringify([termId, measure, ...[a, b].sort()]);

/** The exchange a whole-exchange claim is about: term, measure and the two parties, sorted. */
export const exchangeKeyOf = (c: ClaimRow): string =>
  pairKey(c.term_id ?? '', c.measure ?? '', c.dir_from ?? '', c.dir_to ?? '');

/** The term's ratio when it is agreed between these two parties (in either order). */
function ratioBetween(
  term: AgreementTerm | undefined,
  a: string,
  b: string,
): AgreedRatio | undefined {
  const ratio = term?.agreedRatio;
  if (ratio === undefined) return undefined;
  const same =
    JSON.stringify([ratio.party, ratio.counterparty].sort()) === JSON.stringify([a, b].sort());
  return same ? ratio : undefined;
}

/**
 * The exchange answers of an agreement: one per term, measure and pair of parties that has a
 * whole-exchange figure standing under the filter, or an agreed ratio and per-direction figures.
 */
export function computeExchanges(
  exchangeClaims: readonly ClaimRow[],
  deliveries: readonly Delivery[],
  terms: readonly AgreementTerm[],
  openDisputesOn: (exchangeKey: string) => readonly OpenDispute[] | null,
): ExchangeTotals[] {
  const pairs = new Map<string, { termId: string; measure: string; a: string; b: string }>();
  const add = (termId: string, measure: string, x: string, y: string): void => {
    const [a = '', b = ''] = [x, y].sort();
    pairs.set(pairKey(termId, measure, a, b), { termId, measure, a, b });
  };
  for (const c of exchangeClaims)
    add(c.term_id ?? '', c.measure ?? '', c.dir_from ?? '', c.dir_to ?? '');
  const termOf = (termId: string): AgreementTerm | undefined =>
    terms.find((t) => t.termId === termId);
  for (const d of deliveries)
    if (ratioBetween(termOf(d.termId), d.from, d.to)) add(d.termId, d.measure, d.from, d.to);
  return [...pairs.entries()].map(([key, { termId, measure, a, b }]) => {
    const own = deliveries.filter((d) => d.termId === termId && d.measure === measure);
    const directions = [direction(a, b, own), direction(b, a, own)] as const;
    const sum = perDirectionSum(directions);
    const ratio = ratioBetween(termOf(termId), a, b);
    return {
      termId,
      measure,
      parties: [a, b] as const,
      figures: exchangeClaims.filter((c) => exchangeKeyOf(c) === key).map((c) => checked(c, sum)),
      directions,
      perDirectionSum: sum && toRange(sum),
      ratio: ratio === undefined ? null : ratioFulfilmentOf(ratio, own),
      openDisputes: openDisputesOn(key),
    };
  });
}
