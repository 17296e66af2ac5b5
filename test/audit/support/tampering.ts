import Database from 'better-sqlite3';

/**
 * The figure 1245 of the seed's final claim, rewritten in place in a SQLite event log (through a
 * connection of its own, as an attacker with the file would): every hash from there on disagrees.
 * Answers the rows changed (1 when the seed is in the file).
 */
export function alterSeedFigure(file: string): number {
  const db = new Database(file);
  try {
    return db
      .prepare(
        "UPDATE events SET data = replace(data, '1245', '1246') WHERE rowid = (SELECT min(rowid) FROM events WHERE data LIKE '%1245%')",
      )
      .run().changes;
  } finally {
    db.close();
  }
}
