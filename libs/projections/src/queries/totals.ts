import {
  type AgreementTerm,
  type Interval,
  type Party,
  phasesAgainstTotal,
  type Quantity,
  type QuantityRange,
  spreadOf,
  sumIntervals,
  toInterval,
  toRange,
} from '@ledger/domain';
import { type ClaimRow, type DiscrepancyRow, type ReconciliationRow } from '../read-model/tables';
import { computeExchanges, exchangeKeyOf, type ExchangeTotals } from './exchanges';
import { type DirectionDelivery, type Fulfilment, fulfilmentOf } from './fulfilment';
import { type OpenDispute, openDisputesBy } from './open-disputes';
import { type ScopeLinkView } from './views';

/**
 * The totals of an agreement, per term, direction and what is counted: each claimant's figures
 * side by side, never a winner. Computed at query time from the claims read model as of the asked
 * position, so statement-time and occurrence-time filters apply to the figures themselves.
 *
 * Per claimant, as the ledger's reconciliation rule reads them: its latest figure for each phase,
 * their sum (an interval), and its latest stated cumulative total.
 *
 * One cut-off, one answer: every part of a group (figures, sums, the reconciliation verdict, the
 * fulfilment verdicts) is computed from the same filtered claims. Only the reconciliation's
 * `since` comes from the ledger's recorded outcome, and only when no statement or occurrence
 * filter applies (then the recorded outcome is the one the claims give).
 */

/** Statement and occurrence cut-offs, canonical instants; a figure counts only if it stood then. */
export interface ClaimTimeFilter {
  readonly claimedBefore?: string;
  readonly occurredBefore?: string;
}

export interface FigureView {
  readonly claimId: string;
  readonly sourceId: string;
  readonly quantity: Quantity;
  readonly statedAt: string;
  /** 'day' or 'approximate'; absent when statedAt is an instant. */
  readonly statedAtPrecision?: string;
}

/** A phase figure: `phase` names the phase; `reportedAs` the label it was reported under, when a scope link made another label name it. */
export type PhaseFigureView = FigureView & { readonly phase: string; readonly reportedAs?: string };

export interface ClaimantTotals {
  readonly sourceId: string;
  readonly phases: readonly PhaseFigureView[];
  readonly phaseSum: QuantityRange | null;
  readonly statedTotals: readonly (FigureView & { readonly period: string | null })[];
  readonly statedTotal: (FigureView & { readonly period: string | null }) | null;
  /**
   * This claimant's phase sum against its own stated total, from the figures above (null when it
   * lacks either). `since`: when the ledger recorded this outcome; null under a statement or
   * occurrence filter, whose outcome the ledger never recorded.
   */
  readonly reconciliation: {
    readonly outcome: 'reconciled' | 'discrepancy';
    readonly kind: 'phases_exceed_total' | 'phases_short_of_total' | null;
    readonly gap: number;
    readonly since: { readonly position: string; readonly recordedAt: string } | null;
  } | null;
}

export interface PhaseAcrossClaimants {
  readonly phase: string;
  readonly figures: readonly FigureView[];
  /** From the lowest to the highest count any claimant admits (upper null when open-ended). */
  readonly range: QuantityRange;
  /** The gap between the claimants' figures, 0 when they overlap. */
  readonly spread: number;
}

export interface TotalsGroup {
  readonly termId: string;
  readonly direction: { readonly from: string; readonly to: string };
  readonly measure: string;
  readonly claimants: readonly ClaimantTotals[];
  readonly phases: readonly PhaseAcrossClaimants[];
  /** Across claimants: the range of their phase sums and of their stated totals. */
  readonly range: {
    readonly phaseSum: QuantityRange | null;
    readonly statedTotal: QuantityRange | null;
  };
  /** What the term agreed beside what each claimant says was delivered, each with its verdict. */
  readonly fulfilment: Fulfilment;
  /** The open disputes on the group's phases and running totals, linked ones naming each other; null under a time filter. */
  readonly openDisputes: readonly OpenDispute[] | null;
  /** The scope links of this term, direction and measure: their labels are one phase or period here. */
  readonly scopeLinks: readonly ScopeLinkView[];
}

/**
 * The last instant an occurrence covers, canonical: its `to` end, else its `from` end; a day
 * covers up to 23:59:59.999Z. Null when the claim gives no occurrence. OCCURRENCE_LAST_SQL is the
 * same rule for the claims listing.
 */
export function occurrenceLast(from: string | null, to: string | null): string | null {
  const end = to ?? from;
  if (end === null) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(end) ? `${end}T23:59:59.999Z` : end;
}

export const OCCURRENCE_LAST_SQL =
  "(CASE WHEN length(COALESCE(occurred_to, occurred_from)) = 10 THEN COALESCE(occurred_to, occurred_from) || 'T23:59:59.999Z' ELSE COALESCE(occurred_to, occurred_from) END)";

/**
 * Whether a claim stood under the filter: live now, or (with claimedBefore) stated before it (the
 * whole of its statement time, for a day or "around" one) and not certainly ended by then; with occurredBefore, only a figure whose whole occurrence period lies before
 * the cut-off (a period still running then is left out, not counted as if it were over).
 */
export function figureStands(claim: ClaimRow, filter: ClaimTimeFilter): boolean {
  if (filter.occurredBefore !== undefined) {
    const last = occurrenceLast(claim.occurred_from, claim.occurred_to);
    if (last === null || !(last < filter.occurredBefore)) return false;
  }
  if (filter.claimedBefore === undefined) return claim.status === 'live';
  // Interval semantics: stated before T only if its whole span is; ended before T likewise.
  if (!(claim.stated_latest < filter.claimedBefore)) return false;
  return (
    claim.status === 'live' ||
    (claim.ended_stated_latest !== null && claim.ended_stated_latest >= filter.claimedBefore)
  );
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

const figure = (c: ClaimRow): FigureView => ({
  claimId: c.claim_id,
  sourceId: c.source_id,
  quantity: c.quantity as unknown as Quantity,
  statedAt: c.stated_at,
  ...(c.stated_precision === null ? {} : { statedAtPrecision: c.stated_precision }),
});

function hull(intervals: readonly Interval[]): QuantityRange | null {
  if (intervals.length === 0) return null;
  return toRange({
    lower: Math.min(...intervals.map((i) => i.lower)),
    upper: Math.max(...intervals.map((i) => i.upper)),
  });
}

const fromRange = (r: QuantityRange): Interval => ({ lower: r.lower, upper: r.upper ?? Infinity });

type Reconciliation = NonNullable<ClaimantTotals['reconciliation']>;

/** The ledger's reconciliation rule (libs/domain reconciliation.ts) applied to the figures shown. */
function reconcile(
  phaseSum: Interval | undefined,
  total: Interval | undefined,
): Omit<Reconciliation, 'since'> | null {
  if (phaseSum === undefined || total === undefined) return null;
  const against = phasesAgainstTotal(phaseSum, total);
  return { outcome: against.kind === null ? 'reconciled' : 'discrepancy', ...against };
}

/** When the ledger recorded the outcome, if the recorded outcome is this one. */
function recordedSince(
  computed: Omit<Reconciliation, 'since'>,
  row: ReconciliationRow | undefined,
): Reconciliation['since'] {
  if (row === undefined || row.outcome !== computed.outcome) return null;
  if ((row.discrepancy_kind ?? null) !== computed.kind) return null;
  if (computed.outcome === 'discrepancy' && row.gap !== computed.gap) return null;
  return { position: row.since_position.toString(), recordedAt: row.since_at };
}

/** Each linked quantity key to the key its claims are compared under (the domain's comparedKeyOf). */
type ComparedKey = (quantityKey: string | null) => string;

function comparedKeys(links: readonly ScopeLinkView[]): ComparedKey {
  const compared = new Map<string, string>();
  for (const link of links) for (const key of link.linkedKeys) compared.set(key, link.quantityKey);
  return (key) => (key === null ? '' : (compared.get(key) ?? key));
}

/** The phase a figure counts for: its own label, or the label of the key a scope link compares it under. */
function phaseFigure(c: ClaimRow, key: string): PhaseFigureView {
  const own = c.phase ?? '';
  if (key === c.quantity_key) return { ...figure(c), phase: own };
  const label = decodeURIComponent(key.slice(key.lastIndexOf('/phase:') + '/phase:'.length));
  return { ...figure(c), phase: label, reportedAs: own };
}

function claimantTotals(
  sourceId: string,
  claims: readonly ClaimRow[],
  recorded: ReconciliationRow | undefined,
  compared: ComparedKey,
): ClaimantTotals {
  // Per phase, linked labels counting once: the claimant's latest figure under any of them.
  const latestPerPhase = new Map<string, ClaimRow>();
  const totals: ClaimRow[] = [];
  for (const c of claims) {
    if (c.scope_kind === 'phase') latestPerPhase.set(compared(c.quantity_key), c);
    else totals.push(c);
  }
  const phases = [...latestPerPhase.entries()].map(([key, c]) => phaseFigure(c, key));
  const statedTotals = totals.map((c) => ({ ...figure(c), period: c.period }));
  const statedTotal = statedTotals.at(-1) ?? null;
  const sum =
    phases.length === 0 ? undefined : sumIntervals(phases.map((p) => toInterval(p.quantity)));
  const computed = reconcile(
    sum,
    statedTotal === null ? undefined : toInterval(statedTotal.quantity),
  );
  return {
    sourceId,
    phases,
    phaseSum: sum === undefined ? null : toRange(sum),
    statedTotals,
    statedTotal,
    reconciliation: computed && { ...computed, since: recordedSince(computed, recorded) },
  };
}

function phasesAcross(claimants: readonly ClaimantTotals[]): PhaseAcrossClaimants[] {
  const byPhase = new Map<string, FigureView[]>();
  for (const claimant of claimants) {
    for (const { phase, reportedAs: _label, ...f } of claimant.phases) pushTo(byPhase, phase, f);
  }
  return [...byPhase.entries()].map(([phase, figures]) => {
    const intervals = figures.map((f) => toInterval(f.quantity));
    return { phase, figures, range: hull(intervals) as QuantityRange, spread: spreadOf(intervals) };
  });
}

const defined = <T>(xs: readonly (T | undefined)[]): T[] =>
  xs.filter((x): x is T => x !== undefined);

/** The agreement as totals read it: its terms and parties. */
export interface TotalsAgreement {
  readonly terms: readonly AgreementTerm[];
  readonly parties: readonly Party[];
  /** The scope links recorded as of the answer's position. */
  readonly scopeLinks?: readonly ScopeLinkView[];
}

/** A group's claimants, before fulfilment (which needs the term's other directions) is known. */
type GroupFigures = Omit<TotalsGroup, 'fulfilment' | 'openDisputes' | 'scopeLinks'>;

function groupFigures(
  first: ClaimRow,
  claims: readonly ClaimRow[],
  reconciliations: readonly ReconciliationRow[] | undefined,
  compared: ComparedKey,
): GroupFigures {
  const bySource = new Map<string, ClaimRow[]>();
  for (const c of claims) pushTo(bySource, c.source_id, c);
  const claimants = [...bySource.entries()].map(([sourceId, own]) =>
    claimantTotals(
      sourceId,
      own,
      reconciliations?.find((r) => r.claimant_source_id === sourceId && sameGroup(r, first)),
      compared,
    ),
  );
  return {
    termId: first.term_id ?? '',
    direction: { from: first.dir_from ?? '', to: first.dir_to ?? '' },
    measure: first.measure ?? '',
    claimants,
    phases: phasesAcross(claimants),
    range: {
      phaseSum: hull(
        defined(claimants.map((c) => (c.phaseSum === null ? undefined : fromRange(c.phaseSum)))),
      ),
      statedTotal: hull(
        defined(
          claimants.map((c) =>
            c.statedTotal === null ? undefined : toInterval(c.statedTotal.quantity),
          ),
        ),
      ),
    },
  };
}

/** Every claimant's delivery in every group, as fulfilment sums them. */
function deliveries(
  groups: readonly GroupFigures[],
): (DirectionDelivery & { termId: string; measure: string })[] {
  return groups.flatMap((g) =>
    g.claimants.map((c) => ({
      termId: g.termId,
      measure: g.measure,
      ...g.direction,
      sourceId: c.sourceId,
      phaseSum:
        c.phaseSum === null
          ? null
          : { interval: fromRange(c.phaseSum), claimIds: c.phases.map((p) => p.claimId) },
      statedTotal:
        c.statedTotal === null
          ? null
          : { interval: toInterval(c.statedTotal.quantity), claimIds: [c.statedTotal.claimId] },
    })),
  );
}

const groupKey = (r: {
  term_id: string | null;
  dir_from: string | null;
  dir_to: string | null;
  measure: string | null;
}): string => JSON.stringify([r.term_id, r.dir_from, r.dir_to, r.measure]);

const sameGroup = (r: ReconciliationRow, c: ClaimRow): boolean => groupKey(r) === groupKey(c);

/** Where a claim's disputes are shown: its direction's group, or its whole exchange. */
const disputeKey = (c: ClaimRow): string =>
  c.scope_kind === 'exchange' ? `exchange:${exchangeKeyOf(c)}` : groupKey(c);

const hasTimeFilter = (filter: ClaimTimeFilter): boolean =>
  filter.claimedBefore !== undefined || filter.occurredBefore !== undefined;

/** The totals answer's parts: the per-direction groups and the whole exchanges between parties. */
export interface TotalsParts {
  readonly groups: TotalsGroup[];
  readonly exchanges: ExchangeTotals[];
}

/**
 * Groups the agreement's transfer claims (in recorded order) into totals. Only figures that stand
 * under the filter count; groups are ordered by their first recorded claim. Whole-exchange figures
 * are in no direction's group: they are checked against the groups in `exchanges`.
 */
export function computeTotals(
  transferClaims: readonly ClaimRow[],
  agreement: TotalsAgreement,
  recorded: {
    readonly reconciliations: readonly ReconciliationRow[];
    readonly disputes: readonly DiscrepancyRow[];
  },
  filter: ClaimTimeFilter,
): TotalsParts {
  const byGroup = new Map<string, ClaimRow[]>();
  const exchangeClaims: ClaimRow[] = [];
  for (const c of transferClaims) {
    if (!figureStands(c, filter)) continue;
    if (c.scope_kind === 'exchange') exchangeClaims.push(c);
    else pushTo(byGroup, groupKey(c), c);
  }
  const filtered = hasTimeFilter(filter);
  const links = agreement.scopeLinks ?? [];
  const compared = comparedKeys(links);
  const groups = [...byGroup.values()].map((claims) =>
    groupFigures(
      claims[0] as ClaimRow,
      claims,
      filtered ? undefined : recorded.reconciliations,
      compared,
    ),
  );
  const delivered = deliveries(groups);
  const disputes = openDisputesBy(recorded.disputes, transferClaims, disputeKey);
  const disputesOn = (key: string): readonly OpenDispute[] | null =>
    filtered ? null : (disputes.get(key) ?? []);
  return {
    groups: groups.map((g) => ({
      ...g,
      fulfilment: fulfilmentOf(
        agreement.terms.find((t) => t.termId === g.termId),
        g.direction,
        agreement.parties,
        g.claimants.map((c) => c.sourceId),
        delivered.filter((d) => d.termId === g.termId && d.measure === g.measure),
      ),
      openDisputes: disputesOn(
        groupKey({
          term_id: g.termId,
          dir_from: g.direction.from,
          dir_to: g.direction.to,
          measure: g.measure,
        }),
      ),
      scopeLinks: links.filter(
        (l) =>
          l.termId === g.termId &&
          l.measure === g.measure &&
          l.direction.from === g.direction.from &&
          l.direction.to === g.direction.to,
      ),
    })),
    exchanges: computeExchanges(exchangeClaims, delivered, agreement.terms, (key) =>
      disputesOn(`exchange:${key}`),
    ),
  };
}
