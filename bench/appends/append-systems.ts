import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import {
  createSqliteEventStore,
  type EventStore,
  type ExpectedRevision,
} from '@ledger/event-store';
import { createEsdbEventStore } from '../../libs/event-store/src/esdb';
import { spawnEsdbDouble } from '../../libs/event-store/src/esdb/testing/double-process';
import { migrate } from '../../libs/event-store/src/sqlite/schema';
import { requireBaseline } from '../lib/baselines';
import { type SampleEvent } from './sample-event';

/** One writer's next append to its own stream; resolves when the append is durable. */
export type Appender = (writer: number) => Promise<void>;

export interface AppendSystem {
  readonly appender: Appender;
  /** Appends that failed and were tried again (emmett-sqlite only, see below). */
  retries(): number;
  close(): Promise<void>;
}

export type AppendSystemName = 'ledger' | 'raw' | 'emmett' | 'esdb';

const streamOf = (writer: number): string => `agreement-bench-${writer}`;

/** Our embedded store through the port, as the command path uses it: exact expected revision, WAL + FULL. */
function ledgerSystem(file: string, event: SampleEvent): AppendSystem {
  return portSystem(createSqliteEventStore({ file, synchronous: 'FULL' }), event);
}

/**
 * The EventStoreDB adapter through the port, over gRPC to the wire double running as a process
 * of its own (a stand-in for a server: it measures the adapter, the client and the wire, not
 * EventStoreDB's storage engine).
 */
async function esdbSystem(file: string, event: SampleEvent): Promise<AppendSystem> {
  const double = await spawnEsdbDouble({ dataFile: `${file}.esdb.jsonl` });
  const system = portSystem(
    createEsdbEventStore({ connectionString: double.connectionString }),
    event,
  );
  return { ...system, close: () => system.close().then(() => double.kill()) };
}

/** Appends through the port with the exact expected revision each writer's stream is at. */
function portSystem(store: EventStore, event: SampleEvent): AppendSystem {
  const revisions = new Map<number, ExpectedRevision>();
  return {
    async appender(writer) {
      const expectedRevision = revisions.get(writer) ?? 'no_stream';
      const { nextExpectedRevision } = await store.appendToStream(
        streamOf(writer),
        [{ id: randomUUID(), ...event }],
        { expectedRevision },
      );
      revisions.set(writer, nextExpectedRevision);
    },
    retries: () => 0,
    close: () => store.close(),
  };
}

/**
 * What a user would write with better-sqlite3 alone: the same table and indexes (our schema), the
 * same row, one BEGIN IMMEDIATE … COMMIT per append on one connection, WAL + synchronous=FULL, so
 * every append is fsynced before it is acknowledged. Concurrent writers take turns: each append is
 * synchronous, and a writer yields to the others between two appends.
 */
function rawSystem(file: string, event: SampleEvent): AppendSystem {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  migrate(db);
  const insert = db.prepare(
    'INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const revisions = new Map<number, number>();
  const appendOne = db.transaction((writer: number, revision: number) => {
    insert.run(
      randomUUID(),
      streamOf(writer),
      revision,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      Date.now(),
    );
  });
  return {
    async appender(writer) {
      const revision = (revisions.get(writer) ?? -1) + 1;
      appendOne.immediate(writer, revision);
      revisions.set(writer, revision);
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    retries: () => 0,
    async close() {
      db.close();
    },
  };
}

/** The part of @event-driven-io/emmett-sqlite the benchmark uses. */
interface EmmettSqlite {
  getSQLiteEventStore(options: { fileName: string }): {
    appendToStream(
      stream: string,
      events: { type: string; data: unknown; metadata?: unknown }[],
      options?: { expectedStreamVersion?: bigint },
    ): Promise<{ nextExpectedStreamVersion: bigint }>;
  };
}

/**
 * emmett-sqlite appending the same events (its own schema; WAL; node-sqlite3's default
 * synchronous=FULL). It opens a connection per append and cannot take concurrent appends on one
 * store (SQLITE_MISUSE: the first to finish closes the shared connection) nor on one store per
 * writer (SQLITE_BUSY: no busy timeout), so concurrent writers queue on one store, which is what a
 * user of it would have to add. Even alone, an append now and then fails at COMMIT with
 * "SQLITE_BUSY: cannot commit transaction - SQL statements in progress" (a RETURNING statement not
 * yet finalized) and is rolled back: it is tried again, at most 5 times, and counted.
 */
function emmettSystem(file: string, event: SampleEvent): AppendSystem {
  const { getSQLiteEventStore } = requireBaseline<EmmettSqlite>('@event-driven-io/emmett-sqlite');
  const store = getSQLiteEventStore({ fileName: file });
  const versions = new Map<number, bigint>();
  let queue: Promise<unknown> = Promise.resolve();
  let retries = 0;
  const append = async (writer: number): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await store.appendToStream(
          streamOf(writer),
          [{ type: event.type, data: event.data, metadata: event.metadata }],
          {
            expectedStreamVersion: versions.get(writer) ?? 0n,
          },
        );
        versions.set(writer, result.nextExpectedStreamVersion);
        return;
      } catch (error: unknown) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 5) throw error;
        retries++;
      }
    }
  };
  return {
    appender(writer) {
      const turn = queue.then(() => append(writer));
      queue = turn.catch(() => undefined);
      return turn;
    },
    retries: () => retries,
    close: async () => undefined,
  };
}

export async function openAppendSystem(
  name: AppendSystemName,
  file: string,
  event: SampleEvent,
): Promise<AppendSystem> {
  switch (name) {
    case 'esdb':
      return esdbSystem(file, event);
    case 'ledger':
      return ledgerSystem(file, event);
    case 'raw':
      return rawSystem(file, event);
    case 'emmett':
      return emmettSystem(file, event);
  }
}
