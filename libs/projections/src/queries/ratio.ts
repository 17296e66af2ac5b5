import { type AgreedRatio, type Interval, type QuantityRange, toRange } from '@ledger/domain';
import { type DeliveredFigure, type DirectionDelivery } from './fulfilment';

/**
 * An agreed ratio between the parties' deliveries ("3 released for each one received"): `party`
 * releases `releases` for each `receives` the counterparty releases to it. Checked per claimant,
 * for its phase sums and for its stated totals, with interval arithmetic: the ratio holds for some
 * counts the claimant's figures admit → `within`; for none → `off`, with how far at least; a
 * direction without a figure → `unknown`. Across claimants, the same check on the counts every
 * claimant's figures admit (their intersection per direction), null when they do not agree.
 */
export type RatioVerdict = 'within' | 'off' | 'unknown';

export interface RatioFigure {
  readonly delivered: QuantityRange;
  readonly claimIds: readonly string[];
}

export interface RatioCheck {
  /** What `party` delivered to the counterparty, and what it received from it. */
  readonly released: RatioFigure | null;
  readonly received: RatioFigure | null;
  readonly verdict: RatioVerdict;
  /** For `off`: how many of the party's releases, at least, the figures are from the ratio. */
  readonly by: number;
}

export interface ClaimantRatio {
  readonly sourceId: string;
  readonly phaseSum: RatioCheck;
  readonly statedTotal: RatioCheck;
}

export interface RatioFulfilment {
  readonly agreed: AgreedRatio;
  readonly claimants: readonly ClaimantRatio[];
  /** Null for a figure kind on which the claimants' figures for a direction admit no common count. */
  readonly acrossClaimants: {
    readonly phaseSum: RatioCheck | null;
    readonly statedTotal: RatioCheck | null;
  };
}

type FigureKind = 'phaseSum' | 'statedTotal';

/** n × k exactly (counts pass 2^53 − 1 once scaled); null stands for an unbounded end. */
const scaled = (n: number, k: number): bigint | null =>
  Number.isFinite(n) ? BigInt(n) * BigInt(k) : null;

/** The gap between released × receives and received × releases (0 when they share a value). */
function ratioGap(released: Interval, received: Interval, ratio: AgreedRatio): bigint {
  const rLow = scaled(released.lower, ratio.receives) ?? 0n;
  const rHigh = scaled(released.upper, ratio.receives);
  const vLow = scaled(received.lower, ratio.releases) ?? 0n;
  const vHigh = scaled(received.upper, ratio.releases);
  if (vHigh !== null && rLow > vHigh) return rLow - vHigh;
  if (rHigh !== null && vLow > rHigh) return vLow - rHigh;
  return 0n;
}

const asRatioFigure = (f: DeliveredFigure | null): RatioFigure | null =>
  f === null ? null : { delivered: toRange(f.interval), claimIds: f.claimIds };

export function ratioCheck(
  released: DeliveredFigure | null,
  received: DeliveredFigure | null,
  ratio: AgreedRatio,
): RatioCheck {
  const figures = { released: asRatioFigure(released), received: asRatioFigure(received) };
  if (released === null || received === null) return { ...figures, verdict: 'unknown', by: 0 };
  const gap = ratioGap(released.interval, received.interval, ratio);
  if (gap === 0n) return { ...figures, verdict: 'within', by: 0 };
  const divisor = BigInt(ratio.receives);
  return { ...figures, verdict: 'off', by: Number((gap + divisor - 1n) / divisor) };
}

/** The counts every figure admits; null when they share none, undefined when there is none. */
function common(figures: readonly DeliveredFigure[]): DeliveredFigure | null | undefined {
  if (figures.length === 0) return undefined;
  const lower = Math.max(...figures.map((f) => f.interval.lower));
  const upper = Math.min(...figures.map((f) => f.interval.upper));
  if (lower > upper) return null;
  return { interval: { lower, upper }, claimIds: figures.flatMap((f) => f.claimIds) };
}

function across(
  released: readonly DirectionDelivery[],
  received: readonly DirectionDelivery[],
  kind: FigureKind,
  ratio: AgreedRatio,
): RatioCheck | null {
  const known = (ds: readonly DirectionDelivery[]): DeliveredFigure[] =>
    ds.map((d) => d[kind]).filter((f): f is DeliveredFigure => f !== null);
  const r = common(known(released));
  const v = common(known(received));
  if (r === null || v === null) return null;
  return ratioCheck(r ?? null, v ?? null, ratio);
}

/**
 * The ratio's verdicts from every claimant's per-direction figures of one term and measure
 * (`deliveries`, as fulfilment reads them).
 */
export function ratioFulfilmentOf(
  ratio: AgreedRatio,
  deliveries: readonly DirectionDelivery[],
): RatioFulfilment {
  const released = deliveries.filter((d) => d.from === ratio.party && d.to === ratio.counterparty);
  const received = deliveries.filter((d) => d.from === ratio.counterparty && d.to === ratio.party);
  const sources = [...new Set([...released, ...received].map((d) => d.sourceId))];
  const check = (sourceId: string, kind: FigureKind): RatioCheck =>
    ratioCheck(
      released.find((d) => d.sourceId === sourceId)?.[kind] ?? null,
      received.find((d) => d.sourceId === sourceId)?.[kind] ?? null,
      ratio,
    );
  return {
    agreed: ratio,
    claimants: sources.map((sourceId) => ({
      sourceId,
      phaseSum: check(sourceId, 'phaseSum'),
      statedTotal: check(sourceId, 'statedTotal'),
    })),
    acrossClaimants: {
      phaseSum: across(released, received, 'phaseSum', ratio),
      statedTotal: across(released, received, 'statedTotal', ratio),
    },
  };
}
