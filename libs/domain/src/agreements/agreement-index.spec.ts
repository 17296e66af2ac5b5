import { domainEvent, foldEvents } from '../shared/messages';
import { AGREEMENT_ID, agreementSigned } from '../testing/agreement-fixtures';
import { agreementDecider } from './agreement-decider';
import { type AgreementEvent, type DisputeStatus } from './agreement-events';
import { indexOf, keepIndex, unresolvedDisputes } from './agreement-index';
import { type AgreementState, type SignedAgreement } from './agreement-state';

const keyOf = (i: number): string => `key-${i % 5}`;

function raised(i: number): AgreementEvent {
  return domainEvent('FigureDisputed', {
    agreementId: AGREEMENT_ID,
    disputeId: `d-${i}`,
    quantityKey: keyOf(i),
    claims: [],
    delta: i,
    detectedBy: 'person' as const,
    reason: 'checked by hand',
  });
}

function statusChanged(
  i: number,
  previousStatus: DisputeStatus,
  status: DisputeStatus,
): AgreementEvent {
  return domainEvent('DisputeStatusChanged', {
    agreementId: AGREEMENT_ID,
    disputeId: `d-${i}`,
    quantityKey: keyOf(i),
    previousStatus,
    status,
    reason: 'checked by hand',
    by: 'person' as const,
  });
}

/** Disputes raised, resolved, some reopened and some closed again, on five keys. */
function disputeHistory(n: number): AgreementEvent[] {
  const events: AgreementEvent[] = [agreementSigned];
  for (let i = 0; i < n; i++) {
    events.push(raised(i));
    if (i % 3 !== 0) events.push(statusChanged(i, 'open', 'resolved'));
    if (i % 7 === 1) events.push(statusChanged(i, 'resolved', 'acknowledged'));
    if (i % 14 === 1) events.push(statusChanged(i, 'acknowledged', 'resolved'));
    if (i % 3 === 0 && i % 2 === 0) events.push(statusChanged(i, 'open', 'explained'));
  }
  return events;
}

function signed(state: AgreementState): SignedAgreement {
  if (state.status !== 'signed') throw new Error('not signed');
  return state;
}

const ids = (disputes: readonly { disputeId: string }[]): string[] =>
  disputes.map((d) => d.disputeId);

/** What the index stands for: a scan of every dispute, in the order raised. */
const scanned = (state: SignedAgreement, key?: string): string[] =>
  ids(
    [...state.disputes.values()].filter(
      (d) => d.status !== 'resolved' && (key === undefined || d.quantityKey === key),
    ),
  );

describe('the index of unresolved disputes', () => {
  it('finds what a scan of every dispute finds, at every step of folding', () => {
    const events = disputeHistory(60);
    let state = agreementDecider.initialState();
    for (const event of events) {
      state = agreementDecider.evolve(state, event);
      if (state.status !== 'signed') continue;
      expect(ids(unresolvedDisputes(state))).toEqual(scanned(state));
      for (let k = 0; k < 5; k++)
        expect(ids(unresolvedDisputes(state, `key-${k}`))).toEqual(scanned(state, `key-${k}`));
    }
    expect(scanned(signed(state)).length).toBeGreaterThan(20);
  });

  it('is the same when built from a state that was not folded here', () => {
    const folded = signed(foldEvents(agreementDecider, disputeHistory(60)));
    const literal: SignedAgreement = { ...folded, disputes: new Map(folded.disputes) };
    expect(ids(unresolvedDisputes(literal))).toEqual(ids(unresolvedDisputes(folded)));
    expect(ids(unresolvedDisputes(literal, 'key-1'))).toEqual(scanned(folded, 'key-1'));
  });

  it('reads the unresolved disputes only, however many were resolved before', () => {
    // Counted, not timed: the disputes read to answer, with 100 and with 10,000 raised and resolved.
    const readFor = (n: number): number => {
      const events: AgreementEvent[] = [agreementSigned];
      for (let i = 0; i < n; i++) events.push(raised(i), statusChanged(i, 'open', 'resolved'));
      events.push(raised(n));
      const state = signed(foldEvents(agreementDecider, events));
      let reads = 0;
      const disputes = new Proxy(state.disputes, {
        get(target, property) {
          if (property === 'get') reads++;
          if (property === 'values' || property === 'entries' || property === Symbol.iterator)
            throw new Error('the disputes were scanned');
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
        },
      });
      const counting: SignedAgreement = { ...state, disputes };
      keepIndex(counting, indexOf(state));
      expect(ids(unresolvedDisputes(counting, keyOf(n)))).toEqual([`d-${n}`]);
      expect(ids(unresolvedDisputes(counting))).toEqual([`d-${n}`]);
      return reads;
    };
    expect(readFor(100)).toBe(2);
    expect(readFor(10_000)).toBe(2);
  });
});
