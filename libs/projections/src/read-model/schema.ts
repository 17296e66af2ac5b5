import type Database from 'better-sqlite3';
import { type TableSpec } from './row';
import { READ_MODEL_TABLES } from './tables';

/**
 * The read-model schema version. Read models are derived data: a file with another version is
 * not migrated but rebuilt from the event log (ReadModelFiles opens a new generation).
 */
export const READ_MODEL_SCHEMA_VERSION = 6;

/**
 * SHA-256 of the schema each version created, as SQLite reports it (sqlite_master; schema.spec.ts
 * computes it). The spec fails when the DDL no longer matches the current version's hash: a
 * change to the tables, columns or indexes must bump the version and add its hash here.
 */
export const READ_MODEL_SCHEMA_DDL_SHA256: Readonly<Record<number, string>> = {
  1: 'b535b2f1eff4a701e74e68d113840ffc553f6c792243583b6903a25a56003241',
  // Claims, discrepancies and audit entries keyed by agreement too (issue 19: identity).
  2: '0f1a5a8f066cd282ea8a3393ffa88ba984ebb8d62a30861670855a063efd6263',
  // Discrepancies name their linked disputes (issue 19: one gap, one finding).
  3: 'cd7bd41379d5081ac5e8746053eded4a507f23b2028cc894768de028744e3331',
  // Half the bytes (issue 18: storage): an event's shared audit change once, in audit_events; no
  // current-version or by-claim index on the audit trail.
  4: '147f0f15d049695e013d14a3eecd742e3f6740447b4236608b477dd8fab6b3f2',
  // Claims keep framing keys and a revision's reporter; the desk's inferences (issue 19).
  5: '66eeccd6cca0a65099debd861931c0ff4afc815ca512b8f2652424205f30dc11',
  // Agreements keep their scope links, discrepancies the link that opened or joined them, claims
  // their statement time's precision and last instant (issue 19: scope links, approximate times).
  6: '64e689c46af6ce3993b92978a1ec3d67a184186557cca37023a7c1780c080b4d',
};

const SQL_TYPE = { text: 'TEXT', int: 'INTEGER', pos: 'INTEGER', json: 'TEXT' } as const;

/**
 * A temporal table: one version per (key, valid_from). The partial unique index keeps at most one
 * current version per key and serves the projections' lookups (left out with currentIndex: false,
 * where the primary key serves them); the secondary indexes end with valid_from so an as-of query
 * can bound its scan.
 */
export function temporalTableDdl(spec: TableSpec): string {
  return [temporalTableOnlyDdl(spec), temporalIndexDdl(spec)].join('\n');
}

/** The table itself, with its primary key (key, valid_from) and no other index. */
function temporalTableOnlyDdl(spec: TableSpec): string {
  const columns = Object.entries(spec.columns).map(([name, type]) => {
    const notNull = spec.key.includes(name) ? ' NOT NULL' : '';
    return `${name} ${SQL_TYPE[type]}${notNull}`;
  });
  return `CREATE TABLE ${spec.name} (${columns.join(', ')}, valid_from INTEGER NOT NULL, valid_to INTEGER, PRIMARY KEY (${spec.key.join(', ')}, valid_from));`;
}

/** The current-version index and the secondary indexes: what a rebuild creates after the load. */
function temporalIndexDdl(spec: TableSpec): string {
  const current =
    spec.currentIndex === false
      ? []
      : [
          `CREATE UNIQUE INDEX ${spec.name}_current ON ${spec.name} (${spec.key.join(', ')}) WHERE valid_to IS NULL`,
        ];
  const statements = [
    ...current,
    ...spec.indexes.map(
      (cols, i) =>
        `CREATE INDEX ${spec.name}_by_${i} ON ${spec.name} (${[...cols, 'valid_from'].join(', ')})`,
    ),
  ];
  return statements.map((s) => `${s};`).join('\n');
}

/**
 * Bookkeeping beside the read models:
 * - checkpoint: the position of the last event projected, written in the same transaction as the
 *   rows it produced (so each event lands in the read models exactly once);
 * - recorded_times: for each recording time, the last position recorded at it (an `asOf` time
 *   maps to a position with one indexed lookup; recordedAt never decreases in global order);
 * - meta: the schema version and the identity of the event log the file was built from.
 */
const BOOKKEEPING_DDL = `
CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL, events INTEGER NOT NULL, recorded_at INTEGER);
INSERT INTO checkpoint (id, position, events, recorded_at) VALUES (1, 0, 0, NULL);
CREATE TABLE recorded_times (recorded_at INTEGER PRIMARY KEY, last_position INTEGER NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * Creates the schema in an empty file. `withoutIndexes` leaves out every index but the primary
 * keys, for a rebuild that loads a new generation first and indexes it once at the end
 * (createDeferredIndexes): the finished file has exactly the schema of one created whole.
 */
export function createReadModelSchema(
  db: Database.Database,
  options: { readonly withoutIndexes?: boolean } = {},
): void {
  db.transaction(() => {
    db.exec(BOOKKEEPING_DDL);
    for (const spec of READ_MODEL_TABLES)
      db.exec(options.withoutIndexes ? temporalTableOnlyDdl(spec) : temporalTableDdl(spec));
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(
      'schema_version',
      String(READ_MODEL_SCHEMA_VERSION),
    );
    db.pragma(`user_version = ${READ_MODEL_SCHEMA_VERSION}`);
  })();
}

/** The indexes createReadModelSchema left out with `withoutIndexes`. */
export function createDeferredIndexes(db: Database.Database): void {
  db.transaction(() => {
    for (const spec of READ_MODEL_TABLES) db.exec(temporalIndexDdl(spec));
  })();
}

/** True when the file holds no schema yet (a new generation). */
export function isEmptyDatabase(db: Database.Database): boolean {
  const row = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
    n: number | bigint;
  };
  return Number(row.n) === 0;
}

export function schemaVersionOf(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}
