/**
 * The reference oracle: what the ledger should answer, computed from a plain list of claims by
 * the rules written out again here, independently of libs/ (no import from the ledger's code).
 * Small and obviously right on purpose: no indexes, no caching, one pass per question.
 */

export type Precision = 'exact' | 'at_least' | 'up_to' | 'about';

export interface Quantity {
  readonly value: number;
  readonly precision: Precision;
  readonly lower?: number;
  readonly upper?: number;
}

export interface Agreed extends Quantity {
  readonly basis: 'total' | 'per_party';
  readonly party?: string;
}

/** One claim as the negotiation made it: when it was recorded (the command's index) and how it ended. */
export interface OracleClaim {
  readonly agreementId: string;
  readonly claimId: string;
  readonly sourceId: string;
  readonly from: string;
  readonly to: string;
  /** A phase label, or null for the running total ("so far"). */
  readonly phase: string | null;
  readonly quantity: Quantity;
  readonly statedAt: string;
  /** Canonical instants or days, as the command gave them. */
  readonly occurred?: { readonly from: string; readonly to: string };
  readonly recordedAt: number;
  /** The claim it revises, if any. */
  readonly supersedes?: string;
  /** Retracted, or superseded `by` a newer claim, by the command `at`. */
  readonly ended?: { readonly at: number; readonly statedAt: string; readonly by?: string };
  readonly corroborations: readonly {
    readonly sourceId: string;
    readonly independence: string;
    readonly at: number;
  }[];
}

export interface Cut {
  /** The last op recorded (an asOfPosition cut-off); Infinity for the head. */
  readonly upTo: number;
  readonly claimedBefore?: string;
  readonly occurredBefore?: string;
}

export interface Range {
  readonly lower: number;
  readonly upper: number | null;
}

interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** "about N" is N ± 5 % rounded outward; explicit bounds win. */
export function interval(q: Quantity): Interval {
  const tolerance = Math.ceil((q.value * 5) / 100);
  switch (q.precision) {
    case 'exact':
      return { lower: q.value, upper: q.value };
    case 'at_least':
      return { lower: q.value, upper: q.upper ?? Infinity };
    case 'up_to':
      return { lower: q.lower ?? 0, upper: q.value };
    case 'about':
      return {
        lower: q.lower ?? Math.max(0, q.value - tolerance),
        upper: q.upper ?? q.value + tolerance,
      };
  }
}

const range = (i: Interval): Range => ({
  lower: i.lower,
  upper: i.upper === Infinity ? null : i.upper,
});

const add = (a: Interval, b: Interval): Interval => ({
  lower: a.lower + b.lower,
  upper: a.upper + b.upper,
});

/** The last instant an occurrence covers: a day lasts until its UTC midnight. */
function lastInstant(occurred: OracleClaim['occurred']): string | undefined {
  if (occurred === undefined) return undefined;
  return occurred.to.length === 10 ? `${occurred.to}T23:59:59.999Z` : occurred.to;
}

/** Whether the claim stood as of the cut. */
export function stands(c: OracleClaim, cut: Cut): boolean {
  if (c.recordedAt > cut.upTo) return false;
  const ended = c.ended !== undefined && c.ended.at <= cut.upTo ? c.ended : undefined;
  if (cut.occurredBefore !== undefined) {
    const last = lastInstant(c.occurred);
    if (last === undefined || !(last < cut.occurredBefore)) return false;
  }
  if (cut.claimedBefore === undefined) return ended === undefined;
  return (
    c.statedAt < cut.claimedBefore && (ended === undefined || ended.statedAt >= cut.claimedBefore)
  );
}

export interface OracleClaimant {
  readonly sourceId: string;
  readonly phases: readonly { readonly phase: string; readonly claimId: string }[];
  readonly phaseSum: Range | null;
  readonly statedTotal: string | null;
  readonly reconciliation: {
    readonly outcome: 'reconciled' | 'discrepancy';
    readonly kind: 'phases_exceed_total' | 'phases_short_of_total' | null;
    readonly gap: number;
  } | null;
}

export interface OracleDelivery {
  readonly delivered: Range;
  readonly claimIds: readonly string[];
  readonly verdict: 'within' | 'exceeds' | 'short' | 'unknown';
  readonly by: number;
}

export interface OracleGroup {
  readonly direction: { readonly from: string; readonly to: string };
  readonly claimants: readonly OracleClaimant[];
  readonly fulfilment: {
    readonly agreed: Agreed | null;
    readonly claimants: readonly {
      readonly sourceId: string;
      readonly phaseSum: OracleDelivery | null;
      readonly statedTotal: OracleDelivery | null;
    }[];
  };
}

interface Figures {
  readonly phases: OracleClaim[];
  readonly total: OracleClaim | undefined;
}

/** A claimant's figures in one direction: its latest standing figure per phase, its latest total. */
function figures(claims: readonly OracleClaim[]): Figures {
  const phases = new Map<string, OracleClaim>();
  let total: OracleClaim | undefined;
  for (const c of claims) {
    if (c.phase === null) total = c;
    else phases.set(c.phase, c);
  }
  return { phases: [...phases.values()], total };
}

const sumOf = (phases: readonly OracleClaim[]): Interval | undefined =>
  phases.length === 0
    ? undefined
    : phases.map((p) => interval(p.quantity)).reduce(add, { lower: 0, upper: 0 });

function reconciliation(f: Figures): OracleClaimant['reconciliation'] {
  const sum = sumOf(f.phases);
  if (sum === undefined || f.total === undefined) return null;
  const total = interval(f.total.quantity);
  if (sum.lower > total.upper)
    return { outcome: 'discrepancy', kind: 'phases_exceed_total', gap: sum.lower - total.upper };
  if (total.lower > sum.upper)
    return { outcome: 'discrepancy', kind: 'phases_short_of_total', gap: total.lower - sum.upper };
  return { outcome: 'reconciled', kind: null, gap: 0 };
}

function judge(delivered: Interval, agreed: Interval): Pick<OracleDelivery, 'verdict' | 'by'> {
  if (delivered.lower > agreed.upper)
    return { verdict: 'exceeds', by: delivered.lower - agreed.upper };
  if (delivered.upper < agreed.lower)
    return { verdict: 'short', by: agreed.lower - delivered.upper };
  if (delivered.lower >= agreed.lower && delivered.upper <= agreed.upper)
    return { verdict: 'within', by: 0 };
  return { verdict: 'unknown', by: 0 };
}

/** A claimant's delivery over some directions: figures it lacks in one leave the sum open above. */
function delivery(
  parts: readonly ({ interval: Interval; claimIds: string[] } | undefined)[],
  agreed: Interval,
): OracleDelivery | null {
  const known = parts.filter((p) => p !== undefined);
  if (known.length === 0) return null;
  let sum = known.map((p) => p.interval).reduce(add, { lower: 0, upper: 0 });
  if (known.length < parts.length) sum = { lower: sum.lower, upper: Infinity };
  return {
    delivered: range(sum),
    claimIds: known.flatMap((p) => p.claimIds),
    ...judge(sum, agreed),
  };
}

/**
 * The totals of one agreement's negotiation (one term, one measure, two parties) as of the cut:
 * per direction in order of its first standing claim, per claimant in order of its first claim.
 */
export function oracleTotals(
  claims: readonly OracleClaim[],
  agreed: Agreed | undefined,
  parties: readonly [string, string],
  cut: Cut,
): OracleGroup[] {
  const standing = [...claims]
    .sort((a, b) => a.recordedAt - b.recordedAt)
    .filter((c) => stands(c, cut));
  const directions = [...new Set(standing.map((c) => `${c.from}>${c.to}`))];
  const own = (sourceId: string, d: string) =>
    figures(standing.filter((c) => c.sourceId === sourceId && `${c.from}>${c.to}` === d));
  return directions.map((d) => {
    const [from, to] = d.split('>') as [string, string];
    const sources = [
      ...new Set(standing.filter((c) => `${c.from}>${c.to}` === d).map((c) => c.sourceId)),
    ];
    const claimants = sources.map((sourceId): OracleClaimant => {
      const f = own(sourceId, d);
      const sum = sumOf(f.phases);
      return {
        sourceId,
        phases: f.phases.map((p) => ({ phase: p.phase as string, claimId: p.claimId })),
        phaseSum: sum === undefined ? null : range(sum),
        statedTotal: f.total?.claimId ?? null,
        reconciliation: reconciliation(f),
      };
    });
    const applies =
      agreed !== undefined &&
      (agreed.basis === 'total' || agreed.party === undefined || agreed.party === from);
    if (!applies)
      return { direction: { from, to }, claimants, fulfilment: { agreed: null, claimants: [] } };
    const summed =
      agreed.basis === 'total'
        ? [`${parties[0]}>${parties[1]}`, `${parties[1]}>${parties[0]}`]
        : [d];
    return {
      direction: { from, to },
      claimants,
      fulfilment: {
        agreed,
        claimants: sources.map((sourceId) => {
          const each = summed.map((dir) => own(sourceId, dir));
          return {
            sourceId,
            phaseSum: delivery(
              each.map((f) => {
                const sum = sumOf(f.phases);
                return sum && { interval: sum, claimIds: f.phases.map((p) => p.claimId) };
              }),
              interval(agreed),
            ),
            statedTotal: delivery(
              each.map(
                (f) =>
                  f.total && { interval: interval(f.total.quantity), claimIds: [f.total.claimId] },
              ),
              interval(agreed),
            ),
          };
        }),
      },
    };
  });
}

/** A claim as the claims listing shows it as of the cut: its status then and who corroborated it. */
export interface OracleListedClaim {
  readonly claimId: string;
  readonly sourceId: string;
  readonly status: 'live' | 'superseded' | 'retracted';
  readonly supersedes: string | null;
  readonly supersededBy: string | null;
  readonly corroborations: readonly { readonly sourceId: string; readonly independence: string }[];
}

/**
 * The claims listing of one agreement as of the cut, in recorded order: `claimedBefore` keeps
 * the claims stated before it, `occurredBefore` those whose whole occurrence ended before it.
 */
export function oracleClaimList(
  claims: readonly OracleClaim[],
  agreementId: string,
  cut: Cut,
): OracleListedClaim[] {
  return claims
    .filter((c) => c.agreementId === agreementId && c.recordedAt <= cut.upTo)
    .filter((c) => cut.claimedBefore === undefined || c.statedAt < cut.claimedBefore)
    .filter((c) => {
      if (cut.occurredBefore === undefined) return true;
      const last = lastInstant(c.occurred);
      return last !== undefined && last < cut.occurredBefore;
    })
    .sort((a, b) => a.recordedAt - b.recordedAt)
    .map((c) => {
      const ended = c.ended !== undefined && c.ended.at <= cut.upTo ? c.ended : undefined;
      return {
        claimId: c.claimId,
        sourceId: c.sourceId,
        status: ended === undefined ? 'live' : ended.by === undefined ? 'retracted' : 'superseded',
        supersedes: c.supersedes ?? null,
        supersededBy: ended?.by ?? null,
        corroborations: c.corroborations
          .filter((x) => x.at <= cut.upTo)
          .map(({ sourceId, independence }) => ({ sourceId, independence })),
      };
    });
}
