import fc from 'fast-check';
import type { Agreed, OracleClaim, Quantity } from './oracle';

/**
 * Random negotiations for the oracle's property test: one agreement between two parties with one
 * term (agreed quantity of any kind, or none), figures from several sources in both directions,
 * phases and running totals, revisions and retractions, and random cut-offs for every time filter.
 */

export const PARTIES = ['alpha', 'beta'] as const;
/** Registered once per ledger: two party authorities, an official, a news agency. */
export const SOURCES = [
  { sourceId: 'oracle-alpha-ministry', kind: 'party_authority', affiliation: 'alpha' },
  { sourceId: 'oracle-alpha-minister', kind: 'party_official', affiliation: 'alpha' },
  { sourceId: 'oracle-beta-ministry', kind: 'party_authority', affiliation: 'beta' },
  { sourceId: 'oracle-wire', kind: 'news_agency' },
] as const;

type Op =
  | {
      readonly kind: 'report';
      readonly source: number;
      readonly fromAlpha: boolean;
      readonly scope: 'first' | 'second' | 'third' | null;
      readonly quantity: Quantity;
      readonly day: number;
      readonly occurred: { readonly back: number; readonly length: number } | null;
    }
  | {
      readonly kind: 'revise';
      readonly target: number;
      readonly quantity: Quantity;
      readonly later: number;
    }
  | { readonly kind: 'retract'; readonly target: number; readonly later: number };

export interface Negotiation {
  readonly agreed: Agreed | null;
  readonly ops: readonly Op[];
  /** Cut-offs: an op index for asOfPosition, a day and hour for each of the two time filters. */
  readonly cuts: {
    readonly op: number;
    readonly claimed: readonly [number, number];
    readonly occurred: readonly [number, number];
  };
}

const value = fc.integer({ min: 0, max: 120 });
const quantity: fc.Arbitrary<Quantity> = fc.oneof(
  value.map((v) => ({ value: v, precision: 'exact' as const })),
  value.map((v) => ({ value: v, precision: 'at_least' as const })),
  value.map((v) => ({ value: v, precision: 'up_to' as const })),
  value.map((v) => ({ value: v, precision: 'about' as const })),
  fc.tuple(value, fc.integer({ min: 0, max: 20 })).map(([v, w]) => ({
    value: v,
    precision: 'about' as const,
    lower: Math.max(0, v - w),
    upper: v + w,
  })),
  fc.tuple(value, fc.integer({ min: 0, max: 30 })).map(([v, w]) => ({
    value: v,
    precision: 'at_least' as const,
    upper: v + w,
  })),
);

const agreed: fc.Arbitrary<Agreed | null> = fc.oneof(
  fc.constant(null),
  fc
    .tuple(
      quantity,
      fc.constantFrom<Pick<Agreed, 'basis' | 'party'>>(
        { basis: 'per_party' },
        { basis: 'per_party', party: 'alpha' },
        { basis: 'total' },
      ),
    )
    .map(([q, basis]) => ({ ...q, ...basis })),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      source: fc.integer({ min: 0, max: SOURCES.length - 1 }),
      fromAlpha: fc.boolean(),
      scope: fc.constantFrom('first' as const, 'second' as const, 'third' as const, null),
      quantity,
      day: fc.integer({ min: 2, max: 20 }),
      occurred: fc.option(
        fc.record({ back: fc.integer({ min: 0, max: 3 }), length: fc.integer({ min: 0, max: 2 }) }),
        { nil: null },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('revise' as const),
      target: fc.nat(),
      quantity,
      later: fc.integer({ min: 1, max: 6 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('retract' as const),
      target: fc.nat(),
      later: fc.integer({ min: 1, max: 6 }),
    }),
  },
);

export const negotiation: fc.Arbitrary<Negotiation> = fc.record({
  agreed,
  ops: fc.array(op, { minLength: 1, maxLength: 6 }),
  cuts: fc.record({
    op: fc.nat(),
    claimed: fc.tuple(fc.integer({ min: 3, max: 22 }), fc.integer({ min: 0, max: 23 })),
    occurred: fc.tuple(fc.integer({ min: 1, max: 26 }), fc.integer({ min: 0, max: 23 })),
  }),
});

const pad = (n: number): string => String(n).padStart(2, '0');
export const dayOf = (d: number): string => `2025-07-${pad(d)}`;
export const instant = (d: number, h = 12): string => `2025-07-${pad(d)}T${pad(h)}:00:00.000Z`;

export interface Command {
  readonly path: string;
  readonly body: unknown;
}

/** A negotiation made concrete: the commands to post, in order, and the claims they make. */
export interface Plan {
  readonly agreementId: string;
  readonly commands: readonly Command[];
  readonly claims: readonly OracleClaim[];
}

/**
 * Turns the ops into commands the ledger accepts: a source reports each (direction, scope) at
 * most once (a second figure is a revision), revisions and retractions name a live claim and are
 * stated no earlier than it and change its figure, and every date falls after the signing (1 July).
 */
export function plan(n: Negotiation, agreementId: string): Plan {
  const made: Plan = { agreementId, commands: [signing(n, agreementId)], claims: [] };
  const reported = new Set<string>();
  for (const o of n.ops) {
    if (o.kind === 'report') report(made, o, reported);
    else endClaim(made, o);
  }
  return made;
}

type Building = Plan & { readonly commands: Command[]; readonly claims: OracleClaim[] };

function report(p: Plan, o: Extract<Op, { kind: 'report' }>, reported: Set<string>): void {
  const { commands, claims } = p as Building;
  const sourceId = SOURCES[o.source]!.sourceId;
  const [from, to] = o.fromAlpha ? PARTIES : ([PARTIES[1], PARTIES[0]] as const);
  const key = `${sourceId}/${from}/${o.scope ?? 'total'}`;
  if (reported.has(key)) return;
  reported.add(key);
  const claimId = `${p.agreementId}-c${commands.length}`;
  const occurred = occurrence(o);
  const statedAt = instant(o.day);
  claims.push({
    claimId,
    sourceId,
    from,
    to,
    phase: o.scope,
    quantity: o.quantity,
    statedAt,
    recordedAt: commands.length,
    ...(occurred ? { occurred } : {}),
  });
  commands.push({
    path: `/agreements/${p.agreementId}/transfers`,
    body: {
      claimId,
      termId: 'exchange',
      direction: { from, to },
      measure: 'people',
      quantity: o.quantity,
      scope:
        o.scope === null
          ? { kind: 'cumulative', period: 'so far' }
          : { kind: 'phase', phase: o.scope },
      statedAt,
      sourceId,
      ...(occurred ? { occurredAt: occurred } : {}),
    },
  });
}

/** A revision or retraction of a live claim, stated some days after it. */
function endClaim(p: Plan, o: Exclude<Op, { kind: 'report' }>): void {
  const { commands, claims } = p as Building;
  const at = commands.length;
  const live = claims.filter((c) => c.ended === undefined);
  if (live.length === 0) return;
  const index = claims.indexOf(live[o.target % live.length]!);
  const target = claims[index]!;
  // A revision must change the figure (the ledger refuses one that does not: claim_unchanged).
  if (o.kind === 'revise' && JSON.stringify(o.quantity) === JSON.stringify(target.quantity)) return;
  const statedAt = instant(Math.min(28, Number(target.statedAt.slice(8, 10)) + o.later), 18);
  claims[index] = { ...target, ended: { at, statedAt } };
  const path = `/agreements/${p.agreementId}/claims/${target.claimId}`;
  if (o.kind === 'retract') {
    commands.push({
      path: `${path}/retraction`,
      body: { reason: 'withdrawn by its source', statedAt },
    });
    return;
  }
  const claimId = `${p.agreementId}-c${at}`;
  const { ended: _ended, ...rest } = target;
  claims.push({ ...rest, claimId, quantity: o.quantity, statedAt, recordedAt: at });
  commands.push({
    path: `${path}/revisions`,
    body: { newClaimId: claimId, quantity: o.quantity, reason: 'corrected count', statedAt },
  });
}

/** When a phase happened: days ending no later than the day it was stated; totals have none. */
function occurrence(o: Extract<Op, { kind: 'report' }>): { from: string; to: string } | undefined {
  if (o.occurred === null || o.scope === null) return undefined;
  const start = Math.max(1, o.day - o.occurred.back);
  return { from: dayOf(start), to: dayOf(Math.min(o.day, start + o.occurred.length)) };
}

function signing(n: Negotiation, agreementId: string): Command {
  return {
    path: '/agreements',
    body: {
      agreementId,
      title: `Generated negotiation ${agreementId}`,
      venue: 'Geneva',
      signedOn: '2025-07-01',
      parties: PARTIES.map((id) => ({ id, name: id })),
      mediators: [],
      terms: [
        {
          termId: 'exchange',
          kind: 'prisoner_exchange',
          description: 'An exchange of people',
          reciprocity: 'mutual',
          ...(n.agreed === null ? {} : { agreedQuantity: n.agreed }),
        },
      ],
    },
  };
}
