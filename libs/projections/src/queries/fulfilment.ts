import {
  type AgreedQuantity,
  type AgreementTerm,
  type Interval,
  type Party,
  sumIntervals,
  toInterval,
  toRange,
  type QuantityRange,
} from '@ledger/domain';

/**
 * Fulfilment: what a term's agreed quantity allows beside what each claimant says was delivered.
 * Never one unattributed figure: each claimant's phase sum and stated total get their own verdict,
 * with the claims behind them.
 *
 * - `per_party` ("up to N each side", or for one named party): the direction from a party is that
 *   party's delivery; a direction from another party has no agreed figure here. A term with a
 *   bound per party (`agreedPerParty`: "up to 50 released by north, at least 30 by south") judges
 *   each direction by the bound of the party releasing in it.
 * - `total` ("N in total"): a claimant's figures are summed over every direction of the term
 *   between the agreement's parties; a direction it gave no figure for leaves the sum open-ended
 *   above (at least what it gave), so "within" needs every direction, while "exceeds" does not.
 *
 * Verdicts compare intervals (see toInterval): exceeds when the least the claimant admits is
 * above the most the agreement allows; short when the most it admits is below the least agreed;
 * within when every count it admits is allowed; otherwise unknown (the bounds leave it open).
 */
export type FulfilmentVerdict = 'within' | 'exceeds' | 'short' | 'unknown';

/** One claimed delivery (a phase sum or a stated total) against the agreed quantity. */
export interface DeliveryVerdict {
  /** The counts the claimant's figures admit (summed over directions for an agreed total). */
  readonly delivered: QuantityRange;
  /** The claims behind the figure. */
  readonly claimIds: readonly string[];
  readonly verdict: FulfilmentVerdict;
  /** How far beyond or short of the agreement at least (0 for within and unknown). */
  readonly by: number;
}

export interface ClaimantFulfilment {
  readonly sourceId: string;
  readonly phaseSum: DeliveryVerdict | null;
  readonly statedTotal: DeliveryVerdict | null;
}

export interface Fulfilment {
  /** The term's agreed quantity as it applies to this direction; null when none does. */
  readonly agreed: AgreedQuantity | null;
  /** The directions each claimant's figures are summed over ([] when nothing is agreed). */
  readonly directions: readonly { readonly from: string; readonly to: string }[];
  readonly claimants: readonly ClaimantFulfilment[];
}

/** One claimed figure as fulfilment reads it: its interval and the claims behind it. */
export interface DeliveredFigure {
  readonly interval: Interval;
  readonly claimIds: readonly string[];
}

/** A claimant's figures for one direction, as the totals computed them. */
export interface DirectionDelivery {
  readonly from: string;
  readonly to: string;
  readonly sourceId: string;
  readonly phaseSum: DeliveredFigure | null;
  readonly statedTotal: DeliveredFigure | null;
}

export function verdictOf(
  delivered: Interval,
  agreed: Interval,
): { verdict: FulfilmentVerdict; by: number } {
  if (delivered.lower > agreed.upper)
    return { verdict: 'exceeds', by: delivered.lower - agreed.upper };
  if (delivered.upper < agreed.lower)
    return { verdict: 'short', by: agreed.lower - delivered.upper };
  if (agreed.lower <= delivered.lower && delivered.upper <= agreed.upper)
    return { verdict: 'within', by: 0 };
  return { verdict: 'unknown', by: 0 };
}

function allDirections(parties: readonly Party[]): { from: string; to: string }[] {
  return parties.flatMap((a) =>
    parties.filter((b) => b.id !== a.id).map((b) => ({ from: a.id, to: b.id })),
  );
}

/** What the agreement's term says about this direction, and which directions it sums. */
function agreedFor(
  term: AgreementTerm | undefined,
  direction: { from: string; to: string },
  parties: readonly Party[],
): Pick<Fulfilment, 'agreed' | 'directions'> {
  const perParty = term?.agreedPerParty?.find((b) => b.party === direction.from);
  if (perParty !== undefined)
    return { agreed: { ...perParty, basis: 'per_party' }, directions: [direction] };
  const agreed = term?.agreedQuantity;
  if (agreed === undefined) return { agreed: null, directions: [] };
  if (agreed.basis === 'total') return { agreed, directions: allDirections(parties) };
  if (agreed.party !== undefined && agreed.party !== direction.from)
    return { agreed: null, directions: [] };
  return { agreed, directions: [direction] };
}

/** The sum of a claimant's figures over directions; a direction without one leaves it open above. */
function summed(figures: readonly (DeliveredFigure | null)[]): DeliveredFigure | null {
  const known = figures.filter((f): f is DeliveredFigure => f !== null);
  if (known.length === 0) return null;
  const sum = sumIntervals(known.map((f) => f.interval));
  return {
    interval: known.length === figures.length ? sum : { ...sum, upper: Infinity },
    claimIds: known.flatMap((f) => f.claimIds),
  };
}

function judged(figure: DeliveredFigure | null, agreed: Interval): DeliveryVerdict | null {
  if (figure === null) return null;
  return {
    delivered: toRange(figure.interval),
    claimIds: figure.claimIds,
    ...verdictOf(figure.interval, agreed),
  };
}

/**
 * The fulfilment of one (term, direction, measure) group: each of its claimants' deliveries against
 * the agreed quantity, summed over the directions the agreed quantity covers (`deliveries` holds
 * every claimant's figures for the term and measure, in every direction).
 */
export function fulfilmentOf(
  term: AgreementTerm | undefined,
  direction: { from: string; to: string },
  parties: readonly Party[],
  claimants: readonly string[],
  deliveries: readonly DirectionDelivery[],
): Fulfilment {
  const { agreed, directions } = agreedFor(term, direction, parties);
  if (agreed === null) return { agreed, directions, claimants: [] };
  const allowed = toInterval(agreed);
  return {
    agreed,
    directions,
    claimants: claimants.map((sourceId) => {
      const own = directions.map((d) =>
        deliveries.find((x) => x.sourceId === sourceId && x.from === d.from && x.to === d.to),
      );
      return {
        sourceId,
        phaseSum: judged(summed(own.map((x) => x?.phaseSum ?? null)), allowed),
        statedTotal: judged(summed(own.map((x) => x?.statedTotal ?? null)), allowed),
      };
    }),
  };
}
