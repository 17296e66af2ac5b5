import { createHash } from 'node:crypto';
import { type ReadModelDb } from './read-model-db';
import { READ_MODEL_TABLES } from './tables';

/**
 * A fingerprint of the read models as they stood at a position: every row version written up to
 * it, with versions closed later counted as still open. Two files projected from the same log
 * have the same digest at any position both have reached, whatever their batches were, so a
 * rebuilt generation can be checked against the live one. Bookkeeping tables without history
 * (the audit trail's cause pointers) are left out: they only hold the current state.
 */
export interface ReadModelDigest {
  readonly position: string;
  readonly tables: Readonly<Record<string, { readonly rows: number; readonly sha256: string }>>;
}

const text = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

export function readModelDigest(
  readModels: ReadModelDb,
  at: bigint = readModels.checkpoint().position,
): ReadModelDigest {
  const { db } = readModels;
  const tables: Record<string, { rows: number; sha256: string }> = {};
  for (const spec of READ_MODEL_TABLES.filter((t) => t.history !== false)) {
    const columns = [
      ...Object.keys(spec.columns),
      'valid_from',
      'CASE WHEN valid_to > @at THEN NULL ELSE valid_to END',
    ];
    const sql = `SELECT ${columns.join(', ')} FROM ${spec.name} WHERE valid_from <= @at ORDER BY ${[...spec.key, 'valid_from'].join(', ')}`;
    const hash = createHash('sha256');
    let rows = 0;
    for (const row of db.prepare(sql).raw().iterate({ at }) as Iterable<unknown[]>) {
      hash.update(text(row)).update('\n');
      rows++;
    }
    tables[spec.name] = { rows, sha256: hash.digest('hex') };
  }
  return { position: at.toString(), tables };
}
