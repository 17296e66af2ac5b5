import { type Agreed, interval, type OracleClaim, type Quantity } from './oracle';

/**
 * The reference model of the ledger's commands, restated from docs/DOMAIN-RULES.md over plain
 * data (no import from libs/): which commands the ledger refuses (with the problem+json code), and
 * what an accepted one changes — claims, their ends and corroborations, and the figure disputes
 * the rule opens, follows, resolves and links. Several agreements share one model, as they share
 * one ledger, so ids are unique across all of them. The state is small: each command works on a
 * copy and keeps it only if accepted (a refused command writes nothing).
 *
 * Where several rules refuse one command, the first in the order the rules are listed below wins
 * (the docs do not rank them; the order is the ledger's guard order).
 */

export interface Source {
  readonly sourceId: string;
  readonly affiliation?: string;
  readonly relayOf?: string;
}

export type ModelCommand =
  | { readonly kind: 'sign'; readonly agreementId: string; readonly agreed: Agreed | null }
  | (Pick<
      OracleClaim,
      'agreementId' | 'claimId' | 'sourceId' | 'from' | 'to' | 'phase' | 'quantity' | 'statedAt'
    > & {
      readonly kind: 'report';
      readonly occurred?: OracleClaim['occurred'];
      readonly disputeId?: string;
    })
  | {
      readonly kind: 'revise';
      readonly agreementId: string;
      readonly claimId: string;
      readonly newClaimId: string;
      readonly quantity: Quantity;
      readonly statedAt: string;
      readonly disputeId?: string;
    }
  | {
      readonly kind: 'retract';
      readonly agreementId: string;
      readonly claimId: string;
      readonly statedAt: string;
    }
  | {
      readonly kind: 'corroborate';
      readonly agreementId: string;
      readonly claimId: string;
      readonly sourceId: string;
      readonly independence?: 'independent' | 'relay';
      readonly statedAt: string;
    };

export interface Refusal {
  readonly status: 400 | 404 | 409 | 422;
  readonly code: string;
}

export interface ModelDispute {
  readonly agreementId: string;
  readonly disputeId: string;
  readonly key: string;
  claimIds: string[];
  delta: number;
  open: boolean;
  links: string[];
}

export interface ModelState {
  readonly signedOn: string;
  readonly agreed: Record<string, Agreed | null>;
  claims: OracleClaim[];
  disputes: ModelDispute[];
  /** Who holds each claim and dispute id: `claim:<id>` / `dispute:<id>` → agreement. */
  holders: Record<string, string>;
}

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
  }
}

const STATUS = { not_found: 404, conflict: 409, rule: 422, invalid: 400 } as const;
function refuseIf(condition: boolean, kind: keyof typeof STATUS, code: string): void {
  if (condition) throw new Refused({ status: STATUS[kind], code });
}

export const keyOf = (c: Pick<OracleClaim, 'agreementId' | 'from' | 'to' | 'phase'>): string =>
  `${c.agreementId}|${c.from}>${c.to}|${c.phase ?? 'so far'}`;

const live = (s: ModelState, key: string): OracleClaim[] =>
  s.claims.filter((c) => c.ended === undefined && keyOf(c) === key);

const disjoint = (a: Quantity, b: Quantity): boolean => {
  const [x, y] = [interval(a), interval(b)];
  return x.lower > y.upper || y.lower > x.upper;
};

/** The widest gap between the intervals: highest lower bound − lowest upper bound, at least 0. */
export function deltaOf(quantities: readonly Quantity[]): number {
  if (quantities.length < 2) return 0;
  const all = quantities.map(interval);
  return Math.max(0, Math.max(...all.map((i) => i.lower)) - Math.min(...all.map((i) => i.upper)));
}

/** Valid figure: whole counts, a bound only where its precision takes one, on the right side. */
function validQuantity(q: Quantity): boolean {
  const lowerOk = q.lower === undefined || (q.precision !== 'exact' && q.precision !== 'at_least');
  const upperOk = q.upper === undefined || (q.precision !== 'exact' && q.precision !== 'up_to');
  return lowerOk && upperOk && (q.lower ?? 0) <= q.value && (q.upper ?? q.value) >= q.value;
}

/** Before the signing day everywhere on Earth: a date before it, an instant before its first moment at UTC+14. */
function beforeSigning(dateOrInstant: string, signedOn: string): boolean {
  if (dateOrInstant.length === 10) return dateOrInstant < signedOn;
  return Date.parse(dateOrInstant) < Date.parse(`${signedOn}T00:00:00+14:00`);
}

function requireClaim(s: ModelState, agreementId: string, claimId: string): OracleClaim {
  const claim = s.claims.find((c) => c.agreementId === agreementId && c.claimId === claimId);
  if (claim === undefined) throw new Refused({ status: 404, code: 'claim_not_found' });
  refuseIf(
    claim.ended !== undefined && claim.ended.by === undefined,
    'conflict',
    'claim_retracted',
  );
  refuseIf(claim.ended !== undefined, 'conflict', 'claim_superseded');
  return claim;
}

const requireNewClaimId = (s: ModelState, agreementId: string, claimId: string): void =>
  refuseIf(
    s.claims.some((c) => c.agreementId === agreementId && c.claimId === claimId),
    'conflict',
    'claim_already_exists',
  );

/** Ends `old` at command `at`: retracted, or superseded by `by`. */
function end(s: ModelState, old: OracleClaim, at: number, statedAt: string, by?: string): void {
  s.claims = s.claims.map((c) =>
    c === old ? { ...c, ended: { at, statedAt, ...(by === undefined ? {} : { by }) } } : c,
  );
}

function report(s: ModelState, c: Extract<ModelCommand, { kind: 'report' }>, at: number): string {
  requireNewClaimId(s, c.agreementId, c.claimId);
  refuseIf(!validQuantity(c.quantity), 'invalid', 'invalid_quantity');
  const times = [c.statedAt, c.occurred?.from, c.occurred?.to];
  refuseIf(
    times.some((t) => t !== undefined && beforeSigning(t, s.signedOn)),
    'rule',
    'before_agreement_signed',
  );
  const claim: OracleClaim = {
    agreementId: c.agreementId,
    claimId: c.claimId,
    sourceId: c.sourceId,
    from: c.from,
    to: c.to,
    phase: c.phase,
    quantity: c.quantity,
    statedAt: c.statedAt,
    recordedAt: at,
    corroborations: [],
    ...(c.occurred ? { occurred: c.occurred } : {}),
  };
  // One live figure per source and key: a newer one revises it, an older one is refused.
  const own = live(s, keyOf(claim)).find((o) => o.sourceId === c.sourceId);
  refuseIf(own !== undefined && c.statedAt < own.statedAt, 'rule', 'figure_older_than_live');
  if (own !== undefined) end(s, own, at, c.statedAt, c.claimId);
  s.claims.push(own === undefined ? claim : { ...claim, supersedes: own.claimId });
  return c.claimId;
}

function revise(s: ModelState, c: Extract<ModelCommand, { kind: 'revise' }>, at: number): string {
  const old = requireClaim(s, c.agreementId, c.claimId);
  requireNewClaimId(s, c.agreementId, c.newClaimId);
  refuseIf(!validQuantity(c.quantity), 'invalid', 'invalid_quantity');
  refuseIf(JSON.stringify(c.quantity) === JSON.stringify(old.quantity), 'rule', 'claim_unchanged');
  refuseIf(c.statedAt < old.statedAt, 'rule', 'statement_before_claim');
  end(s, old, at, c.statedAt, c.newClaimId);
  const { ended: _ended, ...rest } = old;
  s.claims.push({
    ...rest,
    claimId: c.newClaimId,
    quantity: c.quantity,
    statedAt: c.statedAt,
    recordedAt: at,
    supersedes: old.claimId,
    corroborations: [],
  });
  return c.newClaimId;
}

function retract(s: ModelState, c: Extract<ModelCommand, { kind: 'retract' }>, at: number): string {
  const old = requireClaim(s, c.agreementId, c.claimId);
  refuseIf(c.statedAt < old.statedAt, 'rule', 'statement_before_claim');
  end(s, old, at, c.statedAt);
  return c.claimId;
}

/** Independence as the rules derive it, or the refusal of an `independent` that is not. */
function independence(
  c: Extract<ModelCommand, { kind: 'corroborate' }>,
  source: Source,
  claimant: Source,
): string {
  if (c.independence === 'relay') return 'relay';
  const affiliated =
    source.affiliation !== undefined && source.affiliation === claimant.affiliation;
  if (c.independence === 'independent') {
    refuseIf(source.relayOf !== undefined, 'rule', 'relay_not_independent');
    refuseIf(affiliated, 'rule', 'affiliated_not_independent');
    return 'independent';
  }
  if (source.relayOf !== undefined) return 'relay';
  return affiliated ? 'affiliated' : 'independent';
}

function corroborate(
  s: ModelState,
  c: Extract<ModelCommand, { kind: 'corroborate' }>,
  at: number,
  sources: readonly Source[],
): void {
  const claim = requireClaim(s, c.agreementId, c.claimId);
  const source = sources.find((x) => x.sourceId === c.sourceId)!;
  const claimant = sources.find((x) => x.sourceId === claim.sourceId)!;
  refuseIf(source === claimant, 'rule', 'self_corroboration');
  refuseIf(
    source.relayOf === claimant.sourceId || claimant.relayOf === source.sourceId,
    'rule',
    'relay_of_claimant',
  );
  const how = independence(c, source, claimant);
  refuseIf(
    claim.corroborations.some((x) => x.sourceId === c.sourceId),
    'conflict',
    'already_corroborated',
  );
  const own = live(s, keyOf(claim)).find((o) => o.sourceId === c.sourceId);
  refuseIf(
    own !== undefined && disjoint(own.quantity, claim.quantity),
    'rule',
    'corroborator_contradicts_claim',
  );
  refuseIf(c.statedAt < claim.statedAt, 'rule', 'corroboration_before_claim');
  s.claims = s.claims.map((x) =>
    x === claim
      ? {
          ...x,
          corroborations: [...x.corroborations, { sourceId: c.sourceId, independence: how, at }],
        }
      : x,
  );
}

/** The live claims on a key whose interval shares no count with another source's live claim. */
function conflicting(s: ModelState, key: string): OracleClaim[] {
  const onKey = live(s, key);
  return onKey.filter((a) =>
    onKey.some((b) => b.sourceId !== a.sourceId && disjoint(a.quantity, b.quantity)),
  );
}

/** The claim standing in place of `claimId` now, following its revisions; undefined if none. */
function successor(s: ModelState, agreementId: string, claimId: string): string | undefined {
  const c = s.claims.find((x) => x.agreementId === agreementId && x.claimId === claimId);
  if (c === undefined) return undefined;
  if (c.ended === undefined) return c.claimId;
  return c.ended.by === undefined ? undefined : successor(s, agreementId, c.ended.by);
}

const claimOf = (s: ModelState, agreementId: string, id: string): OracleClaim =>
  s.claims.find((c) => c.agreementId === agreementId && c.claimId === id)!;

/**
 * One gap, one finding: the open disputes (other than `d`) over the other scope kind of the same
 * direction, with the same delta, holding claims of at least two of `d`'s sources.
 */
function linksOf(s: ModelState, d: ModelDispute): string[] {
  if (d.delta === 0) return [];
  const mine = d.claimIds.map((id) => claimOf(s, d.agreementId, id));
  const sources = new Set(mine.map((c) => c.sourceId));
  const [sample] = mine;
  return s.disputes
    .filter((o) => o.agreementId === d.agreementId && o.open && o.key !== d.key)
    .filter((o) => o.delta === d.delta)
    .filter((o) => {
      const theirs = o.claimIds.map((id) => claimOf(s, o.agreementId, id));
      const [other] = theirs;
      return (
        sample !== undefined &&
        other !== undefined &&
        other.from === sample.from &&
        (other.phase === null) !== (sample.phase === null) &&
        theirs.filter((c) => sources.has(c.sourceId)).length >= 2
      );
    })
    .map((o) => o.disputeId);
}

/**
 * The answers show a link on both disputes: `d` names `named` now; each named one names `d` back;
 * a link no longer named is dropped from an open dispute, a closed one keeps it as history.
 */
function relink(s: ModelState, d: ModelDispute, named: readonly string[]): void {
  const other = (id: string) =>
    s.disputes.find((o) => o.agreementId === d.agreementId && o.disputeId === id);
  const previous = d.links;
  for (const id of new Set([...named, ...previous])) {
    const o = other(id);
    if (o === undefined) continue;
    const keep = named.includes(id) || !o.open;
    o.links = keep
      ? o.links.includes(d.disputeId)
        ? o.links
        : [...o.links, d.disputeId]
      : o.links.filter((x) => x !== d.disputeId);
  }
  d.links = [
    ...previous.filter((id) => !named.includes(id) && other(id)?.open === false),
    ...named,
  ];
}

/** An open dispute on the cause's key follows the conflicting set; the rule resolves it when it may. */
function follow(s: ModelState, d: ModelDispute): void {
  const successors = d.claimIds
    .map((id) => successor(s, d.agreementId, id))
    .filter((id) => id !== undefined);
  const now = conflicting(s, d.key).map((c) => c.claimId);
  const members = now.length === 0 ? successors : now;
  const same =
    members.length === d.claimIds.length && members.every((id) => d.claimIds.includes(id));
  if (same) return;
  d.claimIds = members;
  d.delta = deltaOf(members.map((id) => claimOf(s, d.agreementId, id).quantity));
  relink(s, d, linksOf(s, d));
  if (members.length < 2 || d.delta === 0) d.open = false;
}

/** The disputes a change to `cause` calls for, on its key only. Returns the dispute id it opens. */
function scrutinise(s: ModelState, cause: OracleClaim, disputeId: string): string | undefined {
  const key = keyOf(cause);
  const open = s.disputes.find((d) => d.key === key && d.open);
  if (open !== undefined) {
    follow(s, open);
    return undefined;
  }
  if (cause.ended !== undefined) return undefined;
  const now = conflicting(s, key);
  const delta = deltaOf(now.map((c) => c.quantity));
  if (now.length < 2 || delta === 0) return undefined;
  refuseIf(
    s.disputes.some((d) => d.agreementId === cause.agreementId && d.disputeId === disputeId),
    'conflict',
    'dispute_already_exists',
  );
  const d: ModelDispute = {
    agreementId: cause.agreementId,
    disputeId,
    key,
    claimIds: now.map((c) => c.claimId),
    delta,
    open: true,
    links: [],
  };
  s.disputes.push(d);
  relink(s, d, linksOf(s, d));
  return disputeId;
}

/** Ids are unique across the ledger: an id another agreement holds is refused (claim first). */
function reserve(s: ModelState, agreementId: string, ids: readonly [string, string][]): void {
  for (const [kind, id] of ids) {
    const holder = s.holders[`${kind}:${id}`];
    refuseIf(holder !== undefined && holder !== agreementId, 'conflict', `${kind}_id_taken`);
  }
  for (const [kind, id] of ids) s.holders[`${kind}:${id}`] = agreementId;
}

/**
 * Decides command number `at` against `state`: the state after it, or the refusal (and the
 * state unchanged).
 */
export function decide(
  state: ModelState,
  command: ModelCommand,
  at: number,
  sources: readonly Source[],
): { readonly state: ModelState; readonly refusal?: Refusal } {
  const s = structuredClone(state);
  try {
    if (command.kind === 'sign') {
      s.agreed[command.agreementId] = command.agreed;
      return { state: s };
    }
    if (command.kind === 'corroborate') {
      corroborate(s, command, at, sources);
      return { state: s };
    }
    const claimId =
      command.kind === 'report'
        ? report(s, command, at)
        : command.kind === 'revise'
          ? revise(s, command, at)
          : retract(s, command, at);
    const cause = claimOf(s, command.agreementId, claimId);
    const named = command.kind === 'retract' ? undefined : command.disputeId;
    const opened = scrutinise(s, cause, named ?? `dispute-${claimId}`);
    const ids: [string, string][] = command.kind === 'retract' ? [] : [['claim', claimId]];
    if (opened !== undefined) ids.push(['dispute', opened]);
    reserve(s, command.agreementId, ids);
    return { state: s };
  } catch (error) {
    if (error instanceof Refused) return { state, refusal: error.refusal };
    throw error;
  }
}

export const emptyModel = (signedOn: string): ModelState => ({
  signedOn,
  agreed: {},
  claims: [],
  disputes: [],
  holders: {},
});
