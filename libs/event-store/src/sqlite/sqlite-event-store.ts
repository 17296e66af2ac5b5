import Database from 'better-sqlite3';
import { EventStoreError, StoreUnavailableError } from '../errors';
import { applyAppend } from '../local/apply-append';
import { LiveFeed } from '../local/live-feed';
import {
  createLocalEventStore,
  type InspectableEventStore,
  type LocalEngine,
} from '../local/local-event-store';
import type { ValidAppend } from '../validate';
import { DataVersionPoller } from './data-version-poller';
import { type AppendOutcome, GroupCommitter } from './group-commit';
import { createPrivateFile } from '../private-files';
import { migrate } from './schema';
import { SqliteLog } from './sqlite-log';

const DEFAULT_LOCK_WAIT_MS = 1000;
const OPEN_BUSY_TIMEOUT_MS = 5000;

export interface SqliteEventStoreOptions {
  /** The database file; its directory is created if missing. */
  readonly file: string;
  /**
   * FULL (default): an acknowledged append survives a power cut (the WAL is fsynced at every
   * commit). NORMAL: it survives a crash of the process, but the last commits may be lost if the
   * machine loses power.
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /**
   * How long an append waits for another connection's write lock before StoreUnavailableError
   * (ms, default 1000). The wait is on timers, never SQLite's busy timeout, which sleeps on the
   * event loop; only opening the file (the schema migration) waits synchronously, at start.
   */
  readonly busyTimeoutMs?: number;
  /** How often live subscriptions look for commits by other processes (ms). */
  readonly pollIntervalMs?: number;
  /** The store's clock in ms since the epoch (tests may make it run backwards). */
  readonly clock?: () => number;
  /** Events per catch-up page. */
  readonly catchUpPageSize?: number;
}

export interface SqliteEventStore extends InspectableEventStore {
  /** True while the cross-process poll timer runs (only while live subscriptions exist). */
  isPollingForOtherWriters(): boolean;
}

/** The embedded SQLite adapter: one file, WAL, group commit, live delivery across processes. */
export function createSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  const db = openDatabase(options);
  const log = new SqliteLog(db);
  const clock = options.clock ?? Date.now;
  const poller = new DataVersionPoller(db, options.pollIntervalMs ?? 100, () => feed.notify());
  const feed = new LiveFeed((active) => (active ? poller.start() : poller.stop()));
  const commitGroup = db.transaction((appends: readonly ValidAppend[]) =>
    appends.map((append) => decide(append)),
  );
  const decide = (append: ValidAppend): AppendOutcome => {
    try {
      return { result: applyAppend(log, append, clock()) };
    } catch (error: unknown) {
      // applyAppend checks before it writes, so a typed refusal leaves the group's transaction clean.
      if (error instanceof EventStoreError) return { error };
      throw error;
    }
  };
  // BEGIN IMMEDIATE: take the write lock before reading revisions, so other processes cannot interleave.
  const committer = new GroupCommitter(
    (appends) => commitGroup.immediate(appends),
    () => feed.notify(),
    options.busyTimeoutMs ?? DEFAULT_LOCK_WAIT_MS,
  );
  const engine: LocalEngine = {
    append: (append) => committer.submit(append),
    readStream: (range) => log.readStream(range),
    readAll: (range) => log.readAll(range),
    lastRevision: (stream) => log.lastRevision(stream),
    headPosition: () => log.headPosition(),
    feed,
    async close() {
      committer.flush({ final: true });
      poller.stop();
      db.close();
    },
  };
  const store = createLocalEventStore('sqlite', engine, options.catchUpPageSize);
  return { ...store, isPollingForOtherWriters: () => poller.running };
}

function openDatabase(options: SqliteEventStoreOptions): Database.Database {
  let db: Database.Database | undefined;
  try {
    createPrivateFile(options.file);
    db = new Database(options.file);
    db.defaultSafeIntegers(true);
    // Opening may wait for another process's migration: synchronously, but only at start.
    db.pragma(`busy_timeout = ${OPEN_BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    migrate(db);
    // From here on no statement sleeps on the event loop for a lock: see GroupCommitter.
    db.pragma('busy_timeout = 0');
    return db;
  } catch (cause: unknown) {
    db?.close();
    if (cause instanceof StoreUnavailableError) throw cause;
    throw new StoreUnavailableError(
      `Cannot open the SQLite event store at ${options.file}: ${String(cause)}`,
      {
        cause,
      },
    );
  }
}
