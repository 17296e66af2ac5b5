import { agreementDecider } from './agreement-decider';
import { type AgreementEvent } from './agreement-events';
import { type AgreementState } from './agreement-state';
import { foldEvents } from '../shared/messages';
import { SEED_SCENARIO } from '../seed/seed-scenario';
import { InMemoryLedger } from '../testing/in-memory-ledger';
import { agreementSigned, transferReported, UA_1245 } from '../testing/agreement-fixtures';

function seedAgreementEvents(): AgreementEvent[] {
  const ledger = new InMemoryLedger();
  ledger.executeAll(SEED_SCENARIO);
  return ledger.eventsOf('agreement-istanbul-2025') as AgreementEvent[];
}

function manyClaims(n: number): AgreementEvent[] {
  const events: AgreementEvent[] = [agreementSigned];
  for (let i = 0; i < n; i++)
    events.push(
      transferReported({
        claimId: `c-${i}`,
        sourceId: 'ru-mod',
        quantity: { value: i, precision: 'exact' },
        quantityKey: `key-${i}`,
      }),
    );
  return events;
}

describe('evolving the agreement', () => {
  it('folds a stream to the same state as evolving one event at a time', () => {
    const events = seedAgreementEvents();
    const stepByStep = events.reduce<AgreementState>(
      agreementDecider.evolve,
      agreementDecider.initialState(),
    );
    expect(foldEvents(agreementDecider, events)).toEqual(stepByStep);
    const half = Math.floor(events.length / 2);
    expect(
      agreementDecider.fold(
        foldEvents(agreementDecider, events.slice(0, half)),
        events.slice(half),
      ),
    ).toEqual(stepByStep);
  });

  it('never changes the state it is given', () => {
    const before = foldEvents(agreementDecider, [agreementSigned, transferReported(UA_1245)]);
    const snapshot = before.status === 'signed' ? [...before.claims.entries()] : [];
    agreementDecider.fold(before, seedAgreementEvents().slice(2));
    expect(before.status === 'signed' ? [...before.claims.entries()] : []).toEqual(snapshot);
  });

  it('refuses a claim event on a stream that never recorded the signing', () => {
    expect(() =>
      agreementDecider.evolve(agreementDecider.initialState(), transferReported(UA_1245)),
    ).toThrow('never signed');
  });

  it('replays long streams in linear work', () => {
    // Counted, not timed: every Map write (a copy through `new Map(old)` calls set per entry too).
    // Copying the maps per event (quadratic) took 13 s for 10,000 claims.
    const writesToFold = (n: number): { writes: number; claims: number | false } => {
      const events = manyClaims(n);
      const set = Map.prototype.set;
      let writes = 0;
      Map.prototype.set = function (this: Map<unknown, unknown>, key: unknown, value: unknown) {
        writes++;
        return set.call(this, key, value);
      };
      try {
        const state = foldEvents(agreementDecider, events);
        return { writes, claims: state.status === 'signed' && state.claims.size };
      } finally {
        Map.prototype.set = set;
      }
    };
    const small = writesToFold(10_000);
    const large = writesToFold(40_000);
    expect(small.claims).toBe(10_000);
    expect(large.claims).toBe(40_000);
    expect(large.writes).toBeGreaterThan(0);
    expect(large.writes / small.writes).toBeLessThan(4 * 1.1);
  });
});
