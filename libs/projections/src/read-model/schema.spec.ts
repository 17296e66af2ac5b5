import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import {
  createDeferredIndexes,
  createReadModelSchema,
  READ_MODEL_SCHEMA_DDL_SHA256,
  READ_MODEL_SCHEMA_VERSION,
  schemaVersionOf,
} from './schema';

/** The schema as SQLite itself reports it (sqlite_master), in a stable order. */
function schemaText(db: Database.Database): string {
  const rows = db
    .prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name')
    .all() as { type: string; name: string; tbl_name: string; sql: string | null }[];
  return rows.map((r) => `${r.type} ${r.name} ${r.tbl_name}\n${r.sql ?? ''}`).join('\n\n');
}

function schemaOf(create: (db: Database.Database) => void): { text: string; version: number } {
  const db = new Database(':memory:');
  try {
    create(db);
    return { text: schemaText(db), version: schemaVersionOf(db) };
  } finally {
    db.close();
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('the read-model schema version', () => {
  it('names exactly the DDL it was recorded for: a DDL change needs a version bump', () => {
    const { text, version } = schemaOf((db) => createReadModelSchema(db));
    expect(version).toBe(READ_MODEL_SCHEMA_VERSION);
    const hash = sha256(text);
    const hint =
      `The read-model DDL changed (sha256 ${hash}). Bump READ_MODEL_SCHEMA_VERSION (old files ` +
      'are then rebuilt, not misread) and record the new hash under the new version.';
    expect({ hash, hint }).toEqual({
      hash: READ_MODEL_SCHEMA_DDL_SHA256[READ_MODEL_SCHEMA_VERSION],
      hint,
    });
  });

  it('keeps every earlier version recorded, each with a DDL of its own', () => {
    const versions = Object.keys(READ_MODEL_SCHEMA_DDL_SHA256).map(Number);
    expect(Math.max(...versions)).toBe(READ_MODEL_SCHEMA_VERSION);
    const hashes = Object.values(READ_MODEL_SCHEMA_DDL_SHA256);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('is the same schema when a rebuild creates the indexes after the load', () => {
    const whole = schemaOf((db) => createReadModelSchema(db));
    const deferred = schemaOf((db) => {
      createReadModelSchema(db, { withoutIndexes: true });
      createDeferredIndexes(db);
    });
    expect(deferred).toEqual(whole);
  });
});
