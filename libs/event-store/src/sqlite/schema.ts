import type Database from 'better-sqlite3';
import { StoreUnavailableError } from '../errors';

/**
 * The schema, one entry per version (PRAGMA user_version holds how many have run). Append a new
 * entry for a change; never edit one that has shipped.
 *
 * position is an AUTOINCREMENT key, so it is strictly increasing and never reused, even after a
 * rolled-back append. The UNIQUE constraints back the port's rules: one event per (stream,
 * revision), an event id used once in the whole log.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE events (
     position    INTEGER PRIMARY KEY AUTOINCREMENT,
     id          TEXT    NOT NULL UNIQUE,
     stream      TEXT    NOT NULL,
     revision    INTEGER NOT NULL,
     type        TEXT    NOT NULL,
     data        TEXT    NOT NULL,
     metadata    TEXT    NOT NULL,
     recorded_at INTEGER NOT NULL,
     UNIQUE (stream, revision)
   );
   CREATE INDEX events_by_type ON events (type, position);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

function userVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings the file to the current schema. Each step runs in a write transaction that re-reads the
 * version, so two processes opening a fresh file at once do not both migrate it.
 */
export function migrate(db: Database.Database): void {
  const migrateOnce = db.transaction(() => {
    const version = userVersion(db);
    if (version > MIGRATIONS.length) {
      throw new StoreUnavailableError(
        `The ledger file has schema version ${version}; this build knows up to ${MIGRATIONS.length}. Upgrade the ledger.`,
      );
    }
    for (let next = version; next < MIGRATIONS.length; next++) {
      db.exec(MIGRATIONS[next] as string);
      db.pragma(`user_version = ${next + 1}`);
    }
  });
  migrateOnce.immediate();
}
