import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEsdbEventStore } from './esdb';
import { type EsdbDouble, startEsdbDouble } from './esdb/testing/esdb-double';
import { readAllPage, readAllPages, readStreamPages } from './log-reader';
import { createMemoryEventStore } from './memory';
import type { EventStore, ReadAllOptions, RecordedEvent } from './port';
import { createSqliteEventStore } from './sqlite';
import { idsOf, someEvents, uniqueTag, withUnrelatedEvents } from './testing/contract-support';

/**
 * The one log reader, on every adapter: memory, SQLite, and EventStoreDB over gRPC to the wire
 * double, whose positions are byte-like offsets it refuses to read from unless an event (or the
 * start, or the end) is there, as a real node does.
 */
const dir = mkdtempSync(join(tmpdir(), 'log-reader-'));
let double: EsdbDouble;
beforeAll(async () => {
  double = await startEsdbDouble();
});
afterAll(async () => {
  await double.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The store, with every readAll's fromPosition noted (to prove where pages resume). */
function spied(store: EventStore): { store: EventStore; starts: bigint[] } {
  const starts: bigint[] = [];
  const readAll = (options?: ReadAllOptions): Promise<RecordedEvent[]> => {
    if (options?.fromPosition !== undefined) starts.push(options.fromPosition);
    return store.readAll(options);
  };
  return { store: Object.assign(Object.create(store) as EventStore, { readAll }), starts };
}

async function collect(pages: AsyncGenerator<RecordedEvent[]>): Promise<RecordedEvent[][]> {
  const all: RecordedEvent[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

const adapters: [string, () => Promise<EventStore>][] = [
  ['memory', async () => withUnrelatedEvents(createMemoryEventStore())],
  ['sqlite', async () => withUnrelatedEvents(createSqliteEventStore({ file: join(dir, 'l.db') }))],
  ['esdb double', async () => createEsdbEventStore({ connectionString: double.connectionString })],
];

describe.each(adapters)('the log reader on %s', (_name, open) => {
  let store: EventStore;
  let tag: string;
  let written: RecordedEvent[];
  beforeAll(async () => {
    store = await open();
    tag = uniqueTag();
    for (let n = 0; n < 7; n++) await store.appendToStream(`${tag}-${n % 3}`, someEvents(2));
    written = await store.readAll({ filter: { streamPrefixes: [tag] } });
  });
  afterAll(() => store.close());
  const filter = (): { streamPrefixes: string[] } => ({ streamPrefixes: [tag] });

  it('pages forwards through $all, every event once, resuming only from positions it returned', async () => {
    const { store: watched, starts } = spied(store);
    const pages = await collect(readAllPages(watched, { filter: filter(), pageSize: 3 }));
    expect(idsOf(pages.flat())).toEqual(idsOf(written));
    expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 3, 2]);
    const returned = new Set(pages.flat().map((event) => event.position));
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.filter((position) => !returned.has(position))).toEqual([]);
  });

  it('pages backwards, and from after a position, and up to an inclusive end', async () => {
    const backwards = await collect(
      readAllPages(store, { direction: 'backwards', filter: filter(), pageSize: 4 }),
    );
    expect(idsOf(backwards.flat())).toEqual(idsOf([...written].reverse()));
    const [, second, , , fifth] = written as [RecordedEvent, RecordedEvent, ...RecordedEvent[]];
    const after = (
      await collect(readAllPages(store, { after: second.position, filter: filter(), pageSize: 2 }))
    ).flat();
    expect(idsOf(after)).toEqual(idsOf(written.slice(2)));
    const bounded = await collect(
      readAllPages(store, {
        after: second.position,
        to: fifth?.position,
        pageSize: 2,
        filter: filter(),
      }),
    );
    expect(idsOf(bounded.flat())).toEqual(idsOf(written.slice(2, 5)));
  });

  it('says a page ended the log when it did, and the next read from its last event is empty', async () => {
    const head = await store.headPosition();
    const last = await readAllPage(store, {
      after: (written.at(-1) as RecordedEvent).position,
      filter: filter(),
    });
    expect(last).toEqual({ events: [], ended: true });
    const tail = await readAllPage(store, { after: head, pageSize: 5 });
    expect(tail).toEqual({ events: [], ended: true });
  });

  it('pages through one stream by revision, and through none for a stream that does not exist', async () => {
    const pages = await collect(readStreamPages(store, `${tag}-0`, { pageSize: 2 }));
    expect(pages.flat().map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
    expect(pages.every((page) => page.length <= 2)).toBe(true);
    const rest = await collect(readStreamPages(store, `${tag}-0`, { afterRevision: 3n }));
    expect(rest.flat().map((event) => event.revision)).toEqual([4n, 5n]);
    expect(await collect(readStreamPages(store, `${tag}-missing`))).toEqual([]);
  });
});

describe('why the reader never computes a position', () => {
  it('EventStoreDB (the double, like a real node) refuses to read $all from "last position + 1"', async () => {
    const store = createEsdbEventStore({ connectionString: double.connectionString });
    try {
      const tag = uniqueTag();
      await store.appendToStream(tag, someEvents(2));
      const [first] = await store.readAll({ filter: { streamPrefixes: [tag] } });
      const computed = (first as RecordedEvent).position + 1n;
      await expect(store.readAll({ fromPosition: computed })).rejects.toBeInstanceOf(RangeError);
      const page = await readAllPage(store, {
        after: (first as RecordedEvent).position,
        filter: { streamPrefixes: [tag] },
      });
      expect(page.events).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
