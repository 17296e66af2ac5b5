import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError, WrongExpectedVersionError } from '../errors';
import { describeEventStoreContract } from '../testing/contract';
import {
  anEvent,
  idsOf,
  rejectionOf,
  someEvents,
  useRecordings,
  withUnrelatedEvents,
} from '../testing/contract-support';
import { describeLocalAdapterBehaviour } from '../testing/local-adapter-behaviour';
import {
  createSqliteEventStore,
  type SqliteEventStore,
  type SqliteEventStoreOptions,
} from './sqlite-event-store';

const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const freshFile = (): string => join(dir, `${randomUUID()}.db`);

// One file shared by the whole contract (it opens and closes it once per section), as a real
// deployment's store is shared and never empty.
const contractFile = freshFile();
describeEventStoreContract('sqlite', () =>
  withUnrelatedEvents(createSqliteEventStore({ file: contractFile, catchUpPageSize: 10 })),
);
describeLocalAdapterBehaviour('sqlite', async (options) =>
  createSqliteEventStore({ file: freshFile(), ...options }),
);

describe('sqlite event store', () => {
  const opened: SqliteEventStore[] = [];
  const open = (options: Partial<SqliteEventStoreOptions> = {}): SqliteEventStore => {
    const store = createSqliteEventStore({ file: freshFile(), ...options });
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  describe('the file', () => {
    it('creates missing directories, uses WAL and synchronous=FULL by default, and records its schema version', async () => {
      const file = join(dir, 'nested', randomUUID(), 'ledger.db');
      const store = open({ file });
      await store.appendToStream('source', [anEvent()]);
      const inspector = new Database(file, { readonly: true });
      try {
        expect(inspector.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(inspector.pragma('user_version', { simple: true })).toBe(1);
      } finally {
        inspector.close();
      }
    });

    it('keeps everything across close and reopen, and continues revisions and positions', async () => {
      const file = freshFile();
      const first = createSqliteEventStore({ file });
      const batch = someEvents(3);
      const written = await first.appendToStream('agreement', batch);
      await first.appendToStream('claims', someEvents(2));
      const before = await first.readAll();
      await first.close();

      const reopened = open({ file });
      expect(await reopened.readAll()).toEqual(before);
      expect(
        await reopened.appendToStream('agreement', batch, { expectedRevision: 'no_stream' }),
      ).toEqual(written);
      const next = await reopened.appendToStream('agreement', [anEvent()], {
        expectedRevision: 2n,
      });
      expect(next.nextExpectedRevision).toBe(3n);
      expect(next.position).toBe(6n);
    });

    it('never reuses a position, even after a refused append', async () => {
      const store = open();
      await store.appendToStream('a', [anEvent()]);
      await expect(
        store.appendToStream('a', [anEvent()], { expectedRevision: 'no_stream' }),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect((await store.appendToStream('a', [anEvent()])).position).toBe(2n);
    });

    it('finishes queued appends before close() resolves', async () => {
      const file = freshFile();
      const store = createSqliteEventStore({ file });
      const queued = store.appendToStream('late', someEvents(2));
      await store.close();
      expect((await queued).nextExpectedRevision).toBe(1n);
      expect(await open({ file }).readStream('late')).toHaveLength(2);
    });

    it('refuses a file written by a newer schema, and a file that is not a database, with StoreUnavailableError', () => {
      const newer = freshFile();
      const db = new Database(newer);
      db.pragma('user_version = 99');
      db.close();
      expect(() => createSqliteEventStore({ file: newer })).toThrow(/schema version 99/);
      const garbage = freshFile();
      writeFileSync(garbage, 'not a database, just text '.repeat(200));
      expect(() => createSqliteEventStore({ file: garbage })).toThrow(StoreUnavailableError);
    });

    it('honours synchronous=NORMAL when asked', async () => {
      const file = freshFile();
      const store = open({ file, synchronous: 'NORMAL' });
      await store.appendToStream('a', [anEvent()]);
      expect(await store.readStream('a')).toHaveLength(1);
    });
  });

  describe('group commit', () => {
    it('commits appends queued in one tick together, each checked on its own and seeing the earlier ones', async () => {
      const store = open();
      await store.appendToStream('contested', [anEvent()]);
      const retried = someEvents(2);
      const chained = [
        store.appendToStream('chain', [anEvent()], { expectedRevision: 'no_stream' }),
        store.appendToStream('chain', [anEvent()], { expectedRevision: 0n }),
        store.appendToStream('chain', [anEvent()], { expectedRevision: 1n }),
      ];
      const own = Array.from({ length: 50 }, (_, w) =>
        store.appendToStream(`own-${w}`, someEvents(2), { expectedRevision: 'no_stream' }),
      );
      const contested = Array.from({ length: 50 }, () =>
        store.appendToStream('contested', [anEvent()], { expectedRevision: 0n }),
      );
      const retries = [
        store.appendToStream('retried', retried),
        store.appendToStream('retried', retried),
      ];

      expect((await Promise.all(chained)).map((r) => r.nextExpectedRevision)).toEqual([0n, 1n, 2n]);
      expect(new Set((await Promise.all(own)).map((r) => r.position)).size).toBe(50);
      const outcomes = await Promise.allSettled(contested);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes)
        if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedVersionError);
      const [original, retry] = await Promise.all(retries);
      expect(retry).toEqual(original);
      expect(idsOf(await store.readStream('retried'))).toEqual(idsOf(retried));
    });

    it('keeps 50 concurrent writers correct over many rounds: revisions contiguous, positions unique', async () => {
      const store = open();
      const writer = async (w: number): Promise<string[]> => {
        const ids: string[] = [];
        let expectedRevision: 'no_stream' | bigint = 'no_stream';
        for (let round = 0; round < 8; round++) {
          const events = someEvents(1 + ((w + round) % 3));
          expectedRevision = (
            await store.appendToStream(`writer-${w}`, events, { expectedRevision })
          ).nextExpectedRevision;
          ids.push(...idsOf(events));
        }
        return ids;
      };
      const written = await Promise.all(Array.from({ length: 50 }, (_, w) => writer(w)));
      for (const [w, ids] of written.entries()) {
        const stream = await store.readStream(`writer-${w}`);
        expect(idsOf(stream)).toEqual(ids);
        expect(stream.map((e) => e.revision)).toEqual(ids.map((_, i) => BigInt(i)));
      }
      const all = await store.readAll();
      expect(all).toHaveLength(written.flat().length);
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => BigInt(i + 1)));
    });
  });

  describe('another process on the same file', () => {
    const record = useRecordings(5000);

    it('is noticed by live subscriptions, polling only while they exist', async () => {
      const file = freshFile();
      const api = open({ file, pollIntervalMs: 20 });
      const cli = open({ file });
      expect(api.isPollingForOtherWriters()).toBe(false);
      const all = record(api.subscribeToAll());
      const stream = record(api.subscribeToStream('imported'));
      await Promise.all([all.waitForCaughtUp(), stream.waitForCaughtUp()]);
      expect(api.isPollingForOtherWriters()).toBe(true);

      const imported = someEvents(3);
      await cli.appendToStream('imported', imported);
      await Promise.all([all.waitForIds(idsOf(imported)), stream.waitForIds(idsOf(imported))]);
      expect(idsOf(all.events)).toEqual(idsOf(imported));
      all.stop();
      stream.stop();
      expect(api.isPollingForOtherWriters()).toBe(false);
      expect(api.liveListenerCount()).toBe(0);
    });

    it('keeps positions, revisions and recordedAt ordered across connections with different clocks', async () => {
      const file = freshFile();
      const ahead = open({ file, clock: () => 20_000 });
      const behind = open({ file, clock: () => 10_000 });
      await ahead.appendToStream('shared', [anEvent()]);
      await behind.appendToStream('shared', [anEvent()], { expectedRevision: 0n });
      const error = await rejectionOf(
        ahead.appendToStream('shared', [anEvent()], { expectedRevision: 0n }),
      );
      expect(error).toMatchObject({ actual: 1n });
      const events = await ahead.readStream('shared');
      expect(events.map((e) => [e.revision, e.position, e.recordedAt.getTime()])).toEqual([
        [0n, 1n, 20_000],
        [1n, 2n, 20_000],
      ]);
    });
  });
});
