import { DuplicateEventIdError, StoreUnavailableError, WrongExpectedVersionError } from '../errors';
import type { InspectableEventStore } from '../local/local-event-store';
import {
  anEvent,
  idsOf,
  rejectionOf,
  someEvents,
  uniqueTag,
  useRecordings,
} from './contract-support';

/** How a test opens an in-process store: its clock and catch-up page size may be chosen. */
export type OpenLocalStore = (options?: {
  readonly clock?: () => number;
  readonly catchUpPageSize?: number;
}) => Promise<InspectableEventStore>;

/**
 * What the in-process adapters (memory, sqlite) promise beyond the contract: their choices where
 * EventStoreDB's behaviour is looser (globally unique event ids), and their inner workings
 * (listeners released, clock clamped, first position 1n).
 */
export function describeLocalAdapterBehaviour(adapterName: string, open: OpenLocalStore): void {
  describe(`${adapterName}: in-process adapter behaviour`, () => {
    const opened: InspectableEventStore[] = [];
    const openStore: OpenLocalStore = async (options) => {
      const store = await open(options);
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });
    describeEventIds(openStore);
    describePositionsAndClock(openStore);
    describeSubscriptionResources(openStore);
  });
}

function describeEventIds(open: OpenLocalStore): void {
  it('refuses an event id already used in another stream with DuplicateEventIdError, writing nothing', async () => {
    const store = await open();
    const event = anEvent();
    await store.appendToStream('claims-a', [event]);
    const fresh = anEvent();
    const error = await rejectionOf(store.appendToStream('claims-b', [fresh, event]));
    expect(error).toBeInstanceOf(DuplicateEventIdError);
    expect(error).toMatchObject({ eventId: event.id });
    expect(await store.readAll()).toHaveLength(1);
  });

  it('refuses a known id carrying different data or type with DuplicateEventIdError', async () => {
    const store = await open();
    const event = anEvent('TransferReported', { quantity: 1245 });
    await store.appendToStream('transfer', [event]);
    await expect(
      store.appendToStream('transfer', [{ ...event, data: { quantity: 1248 } }], {
        expectedRevision: 'no_stream',
      }),
    ).rejects.toBeInstanceOf(DuplicateEventIdError);
    await expect(
      store.appendToStream('transfer', [{ ...event, type: 'OfferMade' }]),
    ).rejects.toBeInstanceOf(DuplicateEventIdError);
  });

  it('refuses a batch mixing stored and new ids, or stored ids out of order, with DuplicateEventIdError', async () => {
    const store = await open();
    const [a, b] = someEvents(2) as [ReturnType<typeof anEvent>, ReturnType<typeof anEvent>];
    await store.appendToStream('phase', [a, b]);
    await expect(store.appendToStream('phase', [a, anEvent()])).rejects.toBeInstanceOf(
      DuplicateEventIdError,
    );
    await expect(store.appendToStream('phase', [b, a])).rejects.toBeInstanceOf(
      DuplicateEventIdError,
    );
    expect(idsOf(await store.readStream('phase'))).toEqual([a.id, b.id]);
  });

  it('answers WrongExpectedVersionError when the same events are retried at another expected revision', async () => {
    const store = await open();
    await store.appendToStream('offer', [anEvent()]);
    const batch = someEvents(2);
    await store.appendToStream('offer', batch, { expectedRevision: 0n });
    const error = await rejectionOf(store.appendToStream('offer', batch, { expectedRevision: 2n }));
    expect(error).toMatchObject({ expected: 2n, actual: 2n });
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    await expect(
      store.appendToStream('offer', batch, { expectedRevision: 'no_stream' }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
  });

  it('recognises a retry whatever the key order of its data, and whatever the case of its ids', async () => {
    const store = await open();
    const event = anEvent('AgreementSigned', { venue: 'Istanbul', parties: ['RU', 'UA'] });
    const original = await store.appendToStream('agreement', [event]);
    const reordered = {
      ...event,
      id: event.id.toUpperCase(),
      data: { parties: ['RU', 'UA'], venue: 'Istanbul' },
    };
    expect(
      await store.appendToStream('agreement', [reordered], { expectedRevision: 'no_stream' }),
    ).toEqual(original);
    expect((await store.readStream('agreement')).map((e) => e.id)).toEqual([
      event.id.toLowerCase(),
    ]);
  });
}

function describePositionsAndClock(open: OpenLocalStore): void {
  it('starts an empty store at head 0n and gives the first event position 1n', async () => {
    const store = await open();
    expect(await store.headPosition()).toBe(0n);
    expect((await store.appendToStream('first', [anEvent()])).position).toBe(1n);
    expect(await store.headPosition()).toBe(1n);
  });

  it('never lets recordedAt go backwards when the clock does', async () => {
    const readings = [5_000, 9_000, 7_000, 9_500];
    const store = await open({ clock: () => readings.shift() ?? 10_000 });
    for (let i = 0; i < 4; i++) await store.appendToStream('clock', [anEvent()]);
    const times = (await store.readAll()).map((e) => e.recordedAt.getTime());
    expect(times).toEqual([5_000, 9_000, 9_000, 9_500]);
  });

  it('refuses malformed read options with a RangeError', async () => {
    const store = await open();
    await store.appendToStream('reads', [anEvent()]);
    await expect(store.readStream('reads', { maxCount: -1 })).rejects.toBeInstanceOf(RangeError);
    await expect(store.readAll({ fromPosition: -1n })).rejects.toBeInstanceOf(RangeError);
    await expect(store.readAll({ direction: 'sideways' as 'forwards' })).rejects.toBeInstanceOf(
      RangeError,
    );
    expect(() => store.subscribeToAll({ from: { after: -5n } })).toThrow(RangeError);
  });

  it('answers maxCount 0 with no events', async () => {
    const store = await open();
    await store.appendToStream('reads', someEvents(2));
    expect(await store.readStream('reads', { maxCount: 0 })).toEqual([]);
    expect(await store.readAll({ maxCount: 0 })).toEqual([]);
  });

  it('can be closed twice', async () => {
    const store = await open();
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });
}

function describeSubscriptionResources(open: OpenLocalStore): void {
  const record = useRecordings(5000);

  it('releases every live listener when subscriptions are unsubscribed, in catch-up or live', async () => {
    const store = await open({ catchUpPageSize: 2 });
    await store.appendToStream('claims', someEvents(9));
    const live = [record(store.subscribeToAll()), record(store.subscribeToStream('claims'))];
    await Promise.all(live.map((r) => r.waitForCaughtUp()));
    const inCatchUp = record(store.subscribeToAll());
    expect(store.liveListenerCount()).toBe(2);
    for (const recording of [...live, inCatchUp]) recording.stop();
    await store.appendToStream('claims', someEvents(1));
    expect(store.liveListenerCount()).toBe(0);
    expect(inCatchUp.caughtUpCount).toBe(0);
  });

  it('delivers every event once when a subscriber appends from inside its own handler', async () => {
    const store = await open({ catchUpPageSize: 3 });
    await store.appendToStream('echo', someEvents(4));
    let echoes = 0;
    const recording = record(store.subscribeToStream('echo'), (message) => {
      if (message.kind === 'event' && echoes < 6) {
        echoes++;
        void store.appendToStream('echo', [anEvent()]);
      }
    });
    await recording.waitForEventCount(10);
    const written = await store.readStream('echo');
    await recording.waitForIds(idsOf(written));
    expect(idsOf(recording.events)).toEqual(idsOf(written));
  });

  it('delivers an event appended at the very moment of the hand-over, with no later append to wake it', async () => {
    const store = await open();
    await store.appendToStream('handover', someEvents(3));
    const atHandOver = anEvent();
    const recording = record(store.subscribeToStream('handover'), (message) => {
      // The memory store commits inside this call: right between catching up and the first live read.
      if (message.kind === 'caughtUp') void store.appendToStream('handover', [atHandOver]);
    });
    await recording.waitForIds([atHandOver.id]);
    expect(recording.events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
  });

  it('ends live subscriptions with StoreUnavailableError on close, and refuses new ones', async () => {
    const store = await open();
    const recording = record(store.subscribeToAll());
    await recording.waitForCaughtUp();
    await store.close();
    expect(await recording.waitForError()).toBeInstanceOf(StoreUnavailableError);
    expect(store.liveListenerCount()).toBe(0);
    const refused = record(store.subscribeToStream('any'));
    expect(await refused.waitForError()).toBeInstanceOf(StoreUnavailableError);
  });

  it('pages through a long history with a small page size, then goes live', async () => {
    const store = await open({ catchUpPageSize: 4 });
    const tag = uniqueTag();
    for (let i = 0; i < 5; i++) await store.appendToStream(`${tag}-${i}`, someEvents(5));
    const recording = record(store.subscribeToAll({ filter: { streamPrefixes: [tag] } }));
    await recording.waitForCaughtUp();
    await store.appendToStream(`${tag}-live`, someEvents(3));
    await recording.waitForEventCount(28);
    expect(idsOf(recording.events)).toEqual(idsOf(await store.readAll()));
    expect(recording.history).toHaveLength(25);
  });
}
