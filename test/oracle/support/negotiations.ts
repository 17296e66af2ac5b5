import fc from 'fast-check';
import {
  decide,
  emptyModel,
  keyOf,
  type ModelCommand,
  type ModelState,
  type Refusal,
} from './ledger-model';
import type { Agreed, OracleClaim, Quantity } from './oracle';

/**
 * Random negotiations for the oracle's property test: two agreements in one ledger between the
 * same two parties, each with one term (agreed quantity of any kind, or none), drawing their claim
 * and dispute ids from one small shared pool (so ids clash across and within agreements); figures
 * of every bound from several sources in both directions, phases and running totals, a source's
 * newer figure on its key, revisions, retractions and corroborations (accepted and refused), and
 * random cut-offs for every time filter.
 */

export const PARTIES = ['alpha', 'beta'] as const;
/** Registered once per ledger: two party authorities, an official, a news agency and its relay. */
export const SOURCES = [
  { sourceId: 'oracle-alpha-ministry', kind: 'party_authority', affiliation: 'alpha' },
  { sourceId: 'oracle-alpha-minister', kind: 'party_official', affiliation: 'alpha' },
  { sourceId: 'oracle-beta-ministry', kind: 'party_authority', affiliation: 'beta' },
  { sourceId: 'oracle-wire', kind: 'news_agency' },
  { sourceId: 'oracle-relay', kind: 'media', relayOf: 'oracle-wire' },
] as const;
export const SIGNED_ON = '2025-07-01';
const AGREEMENTS = 2;
const CLAIM_IDS = 10;
const DISPUTE_IDS = 3;

/** Which claim an op acts on: usually a live one of its agreement, sometimes any, sometimes any pool id. */
interface Target {
  readonly pick: number;
  readonly stray: number;
}

type Op =
  | {
      readonly kind: 'report';
      readonly agreement: number;
      readonly claim: number | null;
      readonly source: number;
      readonly fromAlpha: boolean;
      readonly scope: 'first' | 'second' | null;
      readonly quantity: Quantity;
      readonly day: number;
      /** Stated before the agreement was signed (refused). */
      readonly early: boolean;
      readonly occurred: { readonly back: number; readonly length: number } | null;
      readonly dispute: number | null;
      /**
       * `echo` repeats the source's last live figure at the other scope (phase ↔ running total);
       * `rival` gives its own figure on the key of another source's last live claim.
       */
      readonly like: 'new' | 'echo' | 'rival';
    }
  | {
      readonly kind: 'revise';
      readonly agreement: number;
      readonly target: Target;
      readonly claim: number | null;
      readonly quantity: Quantity;
      readonly later: number;
      readonly dispute: number | null;
    }
  | {
      readonly kind: 'retract';
      readonly agreement: number;
      readonly target: Target;
      readonly later: number;
    }
  | {
      readonly kind: 'corroborate';
      readonly agreement: number;
      readonly target: Target;
      readonly source: number;
      readonly independence: 'independent' | 'relay' | null;
      readonly later: number;
    };

export interface Negotiation {
  readonly agreed: readonly (Agreed | null)[];
  readonly ops: readonly Op[];
  /** Cut-offs: accepted commands for asOfPosition and asOf, a day and hour for each time filter. */
  readonly cuts: {
    readonly position: number;
    readonly time: number;
    readonly claimed: readonly [number, number];
    readonly occurred: readonly [number, number];
  };
}

/** Mostly a few round figures, so that claims on one key clash often and gaps repeat across keys. */
const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(10, 12, 15, 20, 30, 40, 60) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 120 }) },
);
const width = fc.integer({ min: 0, max: 30 });
/** Every kind of figure: exact, about (± 5 % or given bounds), at least/over, up to, ranges; rarely an invalid one. */
const quantity: fc.Arbitrary<Quantity> = fc.oneof(
  { arbitrary: value.map((v) => ({ value: v, precision: 'exact' as const })), weight: 6 },
  { arbitrary: value.map((v) => ({ value: v, precision: 'at_least' as const })), weight: 2 },
  { arbitrary: value.map((v) => ({ value: v, precision: 'up_to' as const })), weight: 2 },
  { arbitrary: value.map((v) => ({ value: v, precision: 'about' as const })), weight: 2 },
  {
    weight: 1,
    arbitrary: fc.tuple(value, width, width, fc.integer({ min: 0, max: 2 })).map(([v, w, x, k]) => {
      const lower = Math.max(0, v - w);
      const upper = v + x;
      const bounds = [{ lower, upper }, { lower }, { upper }][k]!;
      return { value: v, precision: 'about' as const, ...bounds };
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(value, width)
      .map(([v, w]) => ({ value: v, precision: 'at_least' as const, upper: v + w })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(value, width)
      .map(([v, w]) => ({ value: v, precision: 'up_to' as const, lower: Math.max(0, v - w) })),
  },
  {
    // A bound on the wrong side of its value: 400 invalid_quantity.
    weight: 1,
    arbitrary: fc
      .tuple(value, fc.integer({ min: 1, max: 10 }))
      .map(([v, w]) => ({ value: v, precision: 'up_to' as const, lower: v + w })),
  },
);

const agreed: fc.Arbitrary<Agreed | null> = fc.oneof(
  fc.constant(null),
  fc
    .tuple(
      quantity.filter((q) => (q.lower ?? 0) <= q.value),
      fc.constantFrom<Pick<Agreed, 'basis' | 'party'>>(
        { basis: 'per_party' },
        { basis: 'per_party', party: 'alpha' },
        { basis: 'total' },
      ),
    )
    .map(([q, basis]) => ({ ...q, ...basis })),
);

/** Mostly the first agreement, so that its keys gather several sources' figures. */
const agreement = fc.constantFrom(0, 0, 1);
const claimIx = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: CLAIM_IDS - 1 }) },
);
const disputeIx = fc.option(fc.integer({ min: 0, max: DISPUTE_IDS - 1 }), { nil: null });
const sourceIx = fc.integer({ min: 0, max: SOURCES.length - 1 });
const later = fc.integer({ min: -2, max: 6 });
const target = fc.record({ pick: fc.nat(), stray: fc.integer({ min: 0, max: 7 }) });

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      agreement,
      claim: claimIx,
      source: sourceIx,
      fromAlpha: fc.integer({ min: 0, max: 3 }).map((k) => k > 0),
      scope: fc.constantFrom('first' as const, 'first' as const, 'second' as const, null, null),
      quantity,
      day: fc.integer({ min: 1, max: 20 }),
      early: fc.integer({ min: 0, max: 15 }).map((k) => k === 0),
      occurred: fc.option(
        fc.record({ back: fc.integer({ min: 0, max: 3 }), length: fc.integer({ min: 0, max: 2 }) }),
        { nil: null },
      ),
      dispute: disputeIx,
      like: fc.constantFrom(
        'new' as const,
        'new' as const,
        'echo' as const,
        'rival' as const,
        'rival' as const,
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('revise' as const),
      agreement,
      target,
      claim: claimIx,
      quantity,
      later,
      dispute: disputeIx,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('retract' as const), agreement, target, later }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('corroborate' as const),
      agreement,
      target,
      source: sourceIx,
      independence: fc.constantFrom('independent' as const, 'relay' as const, null, null),
      later,
    }),
  },
);

export const negotiation: fc.Arbitrary<Negotiation> = fc.record({
  agreed: fc.array(agreed, { minLength: AGREEMENTS, maxLength: AGREEMENTS }),
  ops: fc.array(op, { minLength: 6, maxLength: 20, size: 'medium' }),
  cuts: fc.record({
    position: fc.nat(),
    time: fc.nat(),
    claimed: fc.tuple(fc.integer({ min: 2, max: 22 }), fc.integer({ min: 0, max: 23 })),
    occurred: fc.tuple(fc.integer({ min: 1, max: 26 }), fc.integer({ min: 0, max: 23 })),
  }),
});

const pad = (n: number): string => String(n).padStart(2, '0');
export const dayOf = (d: number): string =>
  d === 0 ? '2025-06-30' : `2025-07-${pad(Math.min(d, 31))}`;
export const instant = (d: number, h = 12): string => `${dayOf(d)}T${pad(h)}:00:00.000Z`;
/** Early enough to be before 1 July everywhere on Earth (before its first moment at UTC+14). */
const BEFORE_SIGNING = '2025-06-30T08:00:00.000Z';

export interface Command {
  readonly path: string;
  readonly body: unknown;
}

/** One command to post, and what the oracle expects of it: accepted (no refusal) or refused. */
export interface Step {
  readonly command: Command;
  readonly model: ModelCommand;
  readonly refusal?: Refusal;
  /** The oracle's state after the step (unchanged by a refused one). */
  readonly after: ModelState;
}

/** A negotiation made concrete: its agreements, the steps in order, the oracle's final state. */
export interface Plan {
  readonly agreementIds: readonly string[];
  readonly claimIds: readonly string[];
  readonly steps: readonly Step[];
  readonly final: ModelState;
}

export const MODEL_SOURCES = SOURCES.map((s) => ({
  sourceId: s.sourceId,
  ...('affiliation' in s ? { affiliation: s.affiliation } : {}),
  ...('relayOf' in s ? { relayOf: s.relayOf } : {}),
}));

/** Turns the ops into commands, and has the oracle decide each one in turn. */
export function plan(n: Negotiation, run: string): Plan {
  const agreementIds = n.agreed.map((_, i) => `${run}-${'ab'[i]}`);
  const claimIds = Array.from({ length: CLAIM_IDS }, (_, i) => `${run}-c${i}`);
  const disputeIds = Array.from({ length: DISPUTE_IDS }, (_, i) => `${run}-d${i}`);
  let state = emptyModel(SIGNED_ON);
  const steps: Step[] = [];
  const step = (model: ModelCommand) => {
    const decided = decide(state, model, steps.length, MODEL_SOURCES);
    state = decided.state;
    steps.push({ command: toHttp(model), model, after: state, ...decided });
  };
  n.agreed.forEach((a, i) => step({ kind: 'sign', agreementId: agreementIds[i]!, agreed: a }));
  const ids = { agreementIds, claimIds, disputeIds };
  for (const o of n.ops) step(concrete(o, state, ids));
  return { agreementIds, claimIds, steps, final: state };
}

interface Ids {
  readonly agreementIds: readonly string[];
  readonly claimIds: readonly string[];
  readonly disputeIds: readonly string[];
}

function concrete(o: Op, state: ModelState, ids: Ids): ModelCommand {
  const agreementId = ids.agreementIds[o.agreement]!;
  const disputeId = (d: number | null) => (d === null ? {} : { disputeId: ids.disputeIds[d]! });
  if (o.kind === 'report') return reportOf(o, state, agreementId, ids);
  // An op on an agreement with no claim yet acts on the other one's (when it has some).
  const other = ids.agreementIds[(o.agreement + 1) % AGREEMENTS]!;
  const acting = state.claims.some((c) => c.agreementId === agreementId) ? agreementId : other;
  const claim = targetOf(state, acting, o.target, ids);
  const day = Math.min(28, Math.max(1, Number(claim.statedAt.slice(8, 10)) + o.later));
  const base = { agreementId: acting, claimId: claim.claimId, statedAt: instant(day, 18) };
  switch (o.kind) {
    case 'revise':
      return {
        kind: 'revise',
        ...base,
        newClaimId: claimIdOf(o.claim, state, ids),
        quantity: o.quantity,
        ...disputeId(o.dispute),
      };
    case 'retract':
      return { kind: 'retract', ...base };
    case 'corroborate':
      return {
        kind: 'corroborate',
        ...base,
        sourceId: SOURCES[o.source]!.sourceId,
        ...(o.independence === null ? {} : { independence: o.independence }),
      };
  }
}

type Figure = Pick<OracleClaim, 'sourceId' | 'from' | 'to' | 'phase' | 'quantity'>;

/** The same figure at the other scope: a phase's as the running total, a running total's as a phase. */
const mirrored = (c: Figure): Figure => ({
  sourceId: c.sourceId,
  from: c.from,
  to: c.to,
  phase: c.phase === null ? 'first' : null,
  quantity: c.quantity,
});

/**
 * What a report takes from an earlier live claim. A rival: another source's key. An echo: a
 * disputed figure repeated at the other scope by its own source (so that the gap shows twice and
 * the two disputes are linked), else the source's own last figure at the other scope.
 */
function likeOf(
  o: Extract<Op, { kind: 'report' }>,
  state: ModelState,
  agreementId: string,
  sourceId: string,
): Figure | undefined {
  const live = state.claims.filter((c) => c.agreementId === agreementId && c.ended === undefined);
  if (o.like === 'rival') {
    // An exact rival figure lies a fixed 3 above the other's value, so that gaps repeat.
    const rival = live.findLast((c) => c.sourceId !== sourceId);
    const quantity =
      o.quantity.precision === 'exact' && rival !== undefined
        ? { value: rival.quantity.value + 3, precision: 'exact' as const }
        : o.quantity;
    return rival && { sourceId, from: rival.from, to: rival.to, phase: rival.phase, quantity };
  }
  if (o.like === 'new') return undefined;
  const disputed = state.disputes
    .filter((d) => d.agreementId === agreementId && d.open)
    .flatMap((d) => d.claimIds)
    .map((id) => live.find((c) => c.claimId === id))
    .filter((c) => c !== undefined)
    .map(mirrored)
    .find(
      (m) =>
        !live.some((c) => keyOf(c) === keyOf({ ...m, agreementId }) && c.sourceId === m.sourceId),
    );
  return (
    disputed ??
    live
      .filter((c) => c.sourceId === sourceId)
      .map(mirrored)
      .at(-1)
  );
}

/** A figure: as generated, or echoing the source's last live figure at the other scope. */
function reportOf(
  o: Extract<Op, { kind: 'report' }>,
  state: ModelState,
  agreementId: string,
  ids: Ids,
): ModelCommand {
  const [from, to] = o.fromAlpha ? PARTIES : ([PARTIES[1], PARTIES[0]] as const);
  const generated = { sourceId: SOURCES[o.source]!.sourceId, from, to, phase: o.scope };
  const figure = likeOf(o, state, agreementId, generated.sourceId) ?? {
    ...generated,
    quantity: o.quantity,
  };
  const occurred = figure.phase === null ? undefined : occurrence(o);
  return {
    kind: 'report',
    agreementId,
    claimId: claimIdOf(o.claim, state, ids),
    ...figure,
    statedAt: o.early ? BEFORE_SIGNING : instant(o.day),
    ...(occurred ? { occurred } : {}),
    ...(o.dispute === null ? {} : { disputeId: ids.disputeIds[o.dispute]! }),
  };
}

function claimIdOf(ix: number | null, state: ModelState, ids: Ids): string {
  const free = ids.claimIds.find((id) => state.holders[`claim:${id}`] === undefined);
  return ix === null && free !== undefined ? free : ids.claimIds[(ix ?? 0) % ids.claimIds.length]!;
}

/** The claim an op acts on (its id and statement date; a pool id unknown here is stated mid-July). */
function targetOf(
  state: ModelState,
  agreementId: string,
  t: Target,
  ids: Ids,
): Pick<OracleClaim, 'claimId' | 'statedAt'> {
  const mine = state.claims.filter((c) => c.agreementId === agreementId);
  const live = mine.filter((c) => c.ended === undefined);
  const among = t.stray === 1 || live.length === 0 ? mine : live;
  const found = among[t.pick % Math.max(1, among.length)];
  if (t.stray === 0 || found === undefined) {
    const claimId = ids.claimIds[t.pick % ids.claimIds.length]!;
    const known = mine.find((c) => c.claimId === claimId);
    return { claimId, statedAt: known?.statedAt ?? instant(12) };
  }
  return found;
}

/** When a phase happened: days ending no later than the day it was stated (the first may precede the signing). */
function occurrence(o: Extract<Op, { kind: 'report' }>): { from: string; to: string } | undefined {
  if (o.occurred === null || o.early) return undefined;
  const start = Math.max(0, o.day - o.occurred.back);
  return { from: dayOf(start), to: dayOf(Math.min(o.day, start + o.occurred.length)) };
}

const term = (agreed: Agreed | null) => ({
  termId: 'exchange',
  kind: 'prisoner_exchange',
  description: 'An exchange of people',
  reciprocity: 'mutual',
  ...(agreed === null ? {} : { agreedQuantity: agreed }),
});

function toHttp(c: ModelCommand): Command {
  const claimPath = (id: string) => `/agreements/${c.agreementId}/claims/${id}`;
  const disputeId = 'disputeId' in c && c.disputeId !== undefined ? { disputeId: c.disputeId } : {};
  switch (c.kind) {
    case 'sign':
      return {
        path: '/agreements',
        body: {
          agreementId: c.agreementId,
          title: `Generated negotiation ${c.agreementId}`,
          venue: 'Geneva',
          signedOn: SIGNED_ON,
          parties: PARTIES.map((id) => ({ id, name: id })),
          mediators: [],
          terms: [term(c.agreed)],
        },
      };
    case 'report':
      return {
        path: `/agreements/${c.agreementId}/transfers`,
        body: {
          claimId: c.claimId,
          termId: 'exchange',
          direction: { from: c.from, to: c.to },
          measure: 'people',
          quantity: c.quantity,
          scope:
            c.phase === null
              ? { kind: 'cumulative', period: 'so far' }
              : { kind: 'phase', phase: c.phase },
          statedAt: c.statedAt,
          sourceId: c.sourceId,
          ...(c.occurred ? { occurredAt: c.occurred } : {}),
          ...disputeId,
        },
      };
    case 'revise':
      return {
        path: `${claimPath(c.claimId)}/revisions`,
        body: {
          newClaimId: c.newClaimId,
          quantity: c.quantity,
          reason: 'corrected count',
          statedAt: c.statedAt,
          ...disputeId,
        },
      };
    case 'retract':
      return {
        path: `${claimPath(c.claimId)}/retraction`,
        body: { reason: 'withdrawn by its source', statedAt: c.statedAt },
      };
    case 'corroborate':
      return {
        path: `${claimPath(c.claimId)}/corroborations`,
        body: {
          sourceId: c.sourceId,
          statedAt: c.statedAt,
          ...(c.independence === undefined ? {} : { independence: c.independence }),
        },
      };
  }
}
