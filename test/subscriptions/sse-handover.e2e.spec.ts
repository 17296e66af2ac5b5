import type { InspectableEventStore, RecordedEvent } from '@ledger/event-store';
import { appendMixed, readLog } from './support/events';
import { type SseLedger, startSseLedger, type TestStoreKind } from './support/sse-ledger';
import { SseReader } from './support/sse-reader';

/**
 * The catch-up → live hand-over, on every store: subscribers join at random moments while events
 * keep arriving, from the start or from a position they already hold, with and without filters;
 * each ends with exactly the events it asked for, in order, each once. Small history pages
 * make every subscriber cross many page boundaries and the hand-over while appends race it.
 */
const STORES: TestStoreKind[] = ['memory', 'sqlite', 'esdb'];
/** History pages: tiny on the local stores; larger over gRPC, where each page is a round trip to the double. */
const PAGE_SIZE: Record<TestStoreKind, string> = { memory: '3', sqlite: '3', esdb: '10' };
const EVENTS = 120;

interface Joiner {
  readonly reader: SseReader;
  readonly after: bigint;
  readonly wants: (event: RecordedEvent) => boolean;
}

describe.each(STORES)('hand-over from history to live on the %s store', (store) => {
  let ledger: SseLedger;

  beforeAll(async () => {
    ledger = await startSseLedger({
      store,
      catchUpPageSize: 5,
      sseEnv: { LEDGER_SSE_PAGE_SIZE: PAGE_SIZE[store] },
    });
  });
  afterAll(() => ledger.close());

  it('no gap and no duplicate for subscribers joining while events arrive', async () => {
    const joiners: Joiner[] = [];
    const join = async (i: number): Promise<void> => {
      const log = await readLog(ledger.store);
      const resumeAt =
        i % 2 === 1 && log.length > 0 ? log[Math.floor(log.length / 2)]!.position : 0n;
      const filtered = i % 3 === 0;
      const query = `from=${resumeAt}${filtered ? '&categories=source' : ''}`;
      const wants = (e: RecordedEvent): boolean =>
        e.position > resumeAt && (!filtered || e.stream.startsWith('source-'));
      joiners.push({
        reader: new SseReader(`${ledger.url}/subscriptions/all?${query}`, ledger.auth),
        after: resumeAt,
        wants,
      });
    };
    // Joins are spread over the writes: every 15 events, a new subscriber.
    for (let batch = 0; batch < EVENTS / 15; batch++) {
      await join(batch);
      await appendMixed(ledger.store, 15, batch * 15);
    }
    await join(99);
    const log = await readLog(ledger.store);
    expect(log).toHaveLength(EVENTS);
    try {
      for (const { reader, wants } of joiners) {
        const expected = log.filter(wants).map((e) => e.position.toString());
        await reader.until((r) => r.events.length >= expected.length);
        expect(reader.events.map((f) => f.id)).toEqual(expected);
      }
      // Nothing more arrives late (a duplicate would): a last event reaches them all, once.
      await appendMixed(ledger.store, 1, 1000);
      const last = (await readLog(ledger.store)).at(-1)!;
      for (const { reader, wants } of joiners) {
        if (!wants(last)) continue;
        await reader.until((r) => r.events.some((f) => f.id === last.position.toString()));
        const ids = reader.events.map((f) => f.id);
        expect(new Set(ids).size).toBe(ids.length);
      }
    } finally {
      joiners.forEach((j) => j.reader.close());
    }
  }, 180_000);
});

describe('live sessions share store subscriptions', () => {
  let ledger: SseLedger;
  beforeAll(async () => {
    ledger = await startSseLedger({ store: 'memory' });
  });
  afterAll(() => ledger.close());

  it('ten live subscribers with the same filter hold one store subscription, released when they leave', async () => {
    const store = ledger.store as InspectableEventStore;
    const baseline = store.liveListenerCount();
    const readers = Array.from(
      { length: 10 },
      (_, i) =>
        new SseReader(
          `${ledger.url}/subscriptions/all?${i % 2 === 0 ? 'categories=source' : 'from=end&categories=source'}`,
          ledger.auth,
        ),
    );
    const offers = new SseReader(`${ledger.url}/subscriptions/categories/offer`, ledger.auth);
    try {
      for (const reader of [...readers, offers])
        await reader.until((r) => r.frames.some((f) => f.event === 'caughtUp'));
      expect(ledger.connections.stats.liveHubs).toBe(2);
      expect(store.liveListenerCount()).toBe(baseline + 2);
      await appendMixed(ledger.store, 30);
      const log = await readLog(ledger.store);
      const sources = log
        .filter((e) => e.stream.startsWith('source-'))
        .map((e) => e.position.toString());
      for (const reader of readers) {
        await reader.until((r) => r.events.length === sources.length);
        expect(reader.events.map((f) => f.id)).toEqual(sources);
      }
    } finally {
      [...readers, offers].forEach((r) => r.close());
    }
    await until(() => ledger.connections.stats.active === 0);
    expect(ledger.connections.stats.liveHubs).toBe(0);
    expect(store.liveListenerCount()).toBe(baseline);
  });
});

async function until(check: () => boolean, timeoutMs = 25_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
