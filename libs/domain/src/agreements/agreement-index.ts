import { MapEditor, PersistentMap } from '../shared/persistent-map';
import {
  type CharacterizationClaim,
  type Claim,
  type DisputeState,
  type SignedAgreement,
  type TransferClaim,
} from './agreement-state';

/**
 * What the agreement's rules look up instead of scanning every claim, folded on with the state
 * (persistent maps, so a fold changes it in place in O(1) per event) and kept beside it in a WeakMap, so
 * states stay plain data. A state not folded here (a test's literal) gets its index built once,
 * on first use.
 */
export interface AgreementIndex {
  /**
   * The live claims per slot (see slotsOf): id and position in the claims (recorded order); and
   * the unresolved disputes, per quantity key and all together: id and the order they were raised.
   */
  readonly live: PersistentMap<string, Slot>;
  /** The order each dispute was raised in, which it keeps when it is reopened. */
  readonly disputeOrder: PersistentMap<string, number>;
}

/** A slot's live claims: while few, an array copied on change; beyond that, a PersistentMap. */
type Slot =
  readonly (readonly [claimId: string, position: number])[] | PersistentMap<string, number>;

const FEW = 16;

const indexes = new WeakMap<SignedAgreement, AgreementIndex>();

const part = (s: string): string => encodeURIComponent(s);

/** A quantity key's slot: its live transfer claims. */
const onKey = (quantityKey: string): string => `k:${quantityKey}`;

/** A characterization subject's slot: live characterizations of one property of one term (or the agreement). */
const onProperty = (termId: string | undefined, property: string): string =>
  `c:${termId === undefined ? '' : `t${part(termId)}`}/${part(property)}`;

/**
 * A claimant's reconciliation group's slot: what reconciliationKey names (the agreement is the
 * state's), joined by a control character no validated id or label holds: cheaper than the
 * URI-encoded key, and this is computed for every claim folded.
 */
const inGroup = (
  { sourceId, termId, direction, measure }: TransferClaim,
  scope: TransferClaim['scope']['kind'],
): string =>
  `g${scope}:${sourceId}\u0000${termId}\u0000${direction.from}\u0000${direction.to}\u0000${measure}`;

/** The slots of unresolved disputes: on one quantity key, and all of the agreement's. */
const unresolvedOnKey = (quantityKey: string): string => `d:${quantityKey}`;
const UNRESOLVED = 'd*';

/** A dispute counts as open (may be followed, linked, or block another on its key) until resolved. */
const isUnresolved = (dispute: DisputeState | undefined): boolean =>
  dispute !== undefined && dispute.status !== 'resolved';

function slotsOf(claim: Claim): string[] {
  switch (claim.kind) {
    case 'transfer':
      return [onKey(claim.quantityKey), inGroup(claim, claim.scope.kind)];
    case 'characterization':
      return [onProperty(claim.termId, claim.propertyKey)];
    case 'completion':
      return [];
  }
}

/** An index being folded on, changed in place (MapEditor): O(1) per claim or dispute. */
export class IndexDraft {
  readonly #live: MapEditor<string, Slot>;
  /** Slots this fold changed: arrays it owns, or editors of their maps. */
  readonly #few = new Map<string, (readonly [string, number])[]>();
  readonly #many = new Map<string, MapEditor<string, number>>();
  readonly #disputeOrder: MapEditor<string, number>;

  /** A draft of `index`, or of a new, empty one. */
  constructor(index?: AgreementIndex) {
    this.#live = index === undefined ? MapEditor.fresh() : index.live.edit();
    this.#disputeOrder = index === undefined ? MapEditor.fresh() : index.disputeOrder.edit();
  }

  #change(slot: string, claimId: string, position: number, live: boolean): void {
    let many = this.#many.get(slot);
    let few = this.#few.get(slot);
    if (many === undefined && few === undefined) {
      const kept = this.#live.get(slot) ?? [];
      if (kept instanceof PersistentMap) this.#many.set(slot, (many = kept.edit()));
      else this.#few.set(slot, (few = [...kept]));
    }
    if (many !== undefined) {
      if (live) many.set(claimId, position);
      else many.delete(claimId);
    } else if (few !== undefined) {
      if (!live) {
        const at = few.findIndex(([id]) => id === claimId);
        if (at >= 0) few.splice(at, 1);
      } else if (few.push([claimId, position]) > FEW) {
        this.#few.delete(slot);
        this.#many.set(slot, MapEditor.fresh(few));
      }
    }
  }

  /**
   * `after` replaced `before` (undefined: a new claim, recorded at `position` in the claims). A
   * claim is live only from when it is recorded (a revision records a new claim).
   */
  claimChanged(before: Claim | undefined, after: Claim, position: number): void {
    const wasLive = before?.status === 'live';
    const isLive = after.status === 'live';
    if (wasLive === isLive) return;
    for (const slot of slotsOf(after)) this.#change(slot, after.claimId, position, isLive);
  }

  /** `after` replaced `before` (undefined: raised now, the `order`-th dispute of the agreement). */
  disputeChanged(before: DisputeState | undefined, after: DisputeState, order: number): void {
    if (before === undefined) this.#disputeOrder.set(after.disputeId, order);
    const isOpen = isUnresolved(after);
    if (isUnresolved(before) === isOpen) return;
    const raised = this.#disputeOrder.get(after.disputeId) ?? order;
    for (const slot of [unresolvedOnKey(after.quantityKey), UNRESOLVED])
      this.#change(slot, after.disputeId, raised, isOpen);
  }

  /** The folded index; the draft is not used after. */
  done(): AgreementIndex {
    for (const [slot, few] of this.#few) this.#live.set(slot, few);
    for (const [slot, many] of this.#many) this.#live.set(slot, many.done());
    return { live: this.#live.done(), disputeOrder: this.#disputeOrder.done() };
  }
}

/** Keeps `index` as the index of `state`. */
export function keepIndex(state: SignedAgreement, index: AgreementIndex): void {
  indexes.set(state, index);
}

/** The index of a state, built from its claims and disputes when it was not folded here. */
export function indexOf(state: SignedAgreement): AgreementIndex {
  const kept = indexes.get(state);
  if (kept !== undefined) return kept;
  const draft = new IndexDraft();
  let position = 0;
  for (const claim of state.claims.values()) draft.claimChanged(undefined, claim, position++);
  let order = 0;
  for (const dispute of state.disputes.values()) draft.disputeChanged(undefined, dispute, order++);
  const index = draft.done();
  keepIndex(state, index);
  return index;
}

/** The ids in a slot, in order. */
function idsIn(state: SignedAgreement, slot: string): string[] {
  const entries = [...(indexOf(state).live.get(slot) ?? [])].sort(([, a], [, b]) => a - b);
  return entries.map(([id]) => id);
}

function liveIn<C extends Claim>(state: SignedAgreement, slot: string, kind: C['kind']): C[] {
  const claims: C[] = [];
  for (const id of idsIn(state, slot)) {
    const claim = state.claims.get(id);
    if (claim?.kind === kind) claims.push(claim as C);
  }
  return claims;
}

/** Live transfer claims on one quantity key, in recorded order. */
export function liveTransfersOnKey(state: SignedAgreement, quantityKey: string): TransferClaim[] {
  return liveIn<TransferClaim>(state, onKey(quantityKey), 'transfer');
}

/** Live transfer claims on any of several quantity keys (scope links), in recorded order. */
export function liveTransfersOnKeys(
  state: SignedAgreement,
  quantityKeys: readonly string[],
): TransferClaim[] {
  const [only] = quantityKeys;
  if (quantityKeys.length === 1 && only !== undefined) return liveTransfersOnKey(state, only);
  const live = quantityKeys.flatMap((k) => [...(indexOf(state).live.get(onKey(k)) ?? [])]);
  return live
    .sort(([, a], [, b]) => a - b)
    .map(([id]) => state.claims.get(id))
    .filter((c): c is TransferClaim => c?.kind === 'transfer');
}

/** Live transfer claims of one scope kind in `claim`'s reconciliation group (same claimant, term, direction, measure), in recorded order. */
export function liveTransfersInGroup(
  state: SignedAgreement,
  claim: TransferClaim,
  scope: TransferClaim['scope']['kind'],
): TransferClaim[] {
  return liveIn<TransferClaim>(state, inGroup(claim, scope), 'transfer');
}

/** Live characterizations of one property (by its framing key) of a term (undefined: of the agreement), in recorded order. */
export function liveCharacterizations(
  state: SignedAgreement,
  termId: string | undefined,
  propertyKey: string,
): CharacterizationClaim[] {
  return liveIn<CharacterizationClaim>(state, onProperty(termId, propertyKey), 'characterization');
}

/**
 * The disputes not resolved, on one quantity key or (no key) on any, in the order raised: what
 * following and linking disputes look at, however many were raised and resolved before.
 */
export function unresolvedDisputes(state: SignedAgreement, quantityKey?: string): DisputeState[] {
  const slot = quantityKey === undefined ? UNRESOLVED : unresolvedOnKey(quantityKey);
  const disputes: DisputeState[] = [];
  for (const id of idsIn(state, slot)) {
    const dispute = state.disputes.get(id);
    if (dispute !== undefined) disputes.push(dispute);
  }
  return disputes;
}
