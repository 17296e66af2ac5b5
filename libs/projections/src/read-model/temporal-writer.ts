import type Database from 'better-sqlite3';
import { type JsonValue } from '@ledger/domain';
import {
  type CellValue,
  type ColumnType,
  type ReadAccess,
  type Row,
  type RowChange,
  type TableSpec,
} from './row';
import { READ_MODEL_TABLES } from './tables';

export type SqlValue = string | number | bigint | null;

/** A projection value as it is bound to SQLite. */
export function encode(type: ColumnType, value: CellValue | undefined): SqlValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'json':
      return JSON.stringify(value);
    case 'int':
      return Number(value);
    case 'pos':
      return BigInt(value as number | bigint);
    case 'text':
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** A stored value (raw from SQLite, or as encode bound it) as the projections see it. */
export function decode(type: ColumnType, value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'json':
      return JSON.parse(value as string) as JsonValue;
    case 'int':
      return Number(value);
    case 'pos':
      return BigInt(value as bigint);
    case 'text':
      return value as string;
  }
}

interface TableStatements {
  readonly spec: TableSpec;
  readonly columns: readonly string[];
  readonly types: readonly ColumnType[];
  readonly keyIndexes: readonly number[];
  /** The current version as an array: the columns in order, then valid_from. */
  readonly selectCurrent: Database.Statement;
  readonly close: Database.Statement;
  readonly insert: Database.Statement;
  /** Rewrites the current version (same position, or a table that keeps no history). */
  readonly overwrite: Database.Statement;
}

function prepareTable(db: Database.Database, spec: TableSpec): TableStatements {
  const columns = Object.keys(spec.columns);
  const keyWhere = spec.key.map((k) => `${k} = ?`).join(' AND ');
  return {
    spec,
    columns,
    types: columns.map((c) => spec.columns[c] as ColumnType),
    keyIndexes: spec.key.map((k) => columns.indexOf(k)),
    selectCurrent: db
      .prepare(
        `SELECT ${columns.join(', ')}, valid_from FROM ${spec.name} WHERE ${keyWhere} AND valid_to IS NULL`,
      )
      .raw(true),
    close: db.prepare(
      `UPDATE ${spec.name} SET valid_to = ? WHERE ${keyWhere} AND valid_to IS NULL`,
    ),
    insert: db.prepare(
      `INSERT INTO ${spec.name} (${columns.join(', ')}, valid_from, valid_to) VALUES (${columns.map(() => '?').join(', ')}, ?, NULL)`,
    ),
    overwrite: db.prepare(
      `UPDATE ${spec.name} SET ${columns.map((c) => `${c} = ?`).join(', ')}, valid_from = ? WHERE ${keyWhere} AND valid_to IS NULL`,
    ),
  };
}

/** Whether a stored version (raw from SQLite, integers as bigint) holds exactly these encoded values. */
function sameValues(
  t: TableStatements,
  stored: readonly unknown[],
  values: readonly SqlValue[],
): boolean {
  return values.every(
    (v, i) =>
      (t.types[i] === 'int' && stored[i] !== null ? Number(stored[i] as bigint) : stored[i]) === v,
  );
}

/**
 * Writes row versions into the temporal tables and reads the current ones. A change at position p
 * closes the key's current version (valid_to = p) and inserts the new one (valid_from = p); an
 * unchanged row writes nothing; a second change to the same key at the same position replaces
 * the version that position created; a table that keeps no history is rewritten in place.
 * Callers run it inside their transaction.
 */
export class TemporalWriter implements ReadAccess {
  private readonly tables = new Map<string, TableStatements>();

  constructor(db: Database.Database) {
    for (const spec of READ_MODEL_TABLES) this.tables.set(spec.name, prepareTable(db, spec));
  }

  get<R extends Row>(table: TableSpec<R>, key: Partial<R>): R | undefined {
    const t = this.table(table.name);
    const stored = t.selectCurrent.get(
      ...t.spec.key.map((k) => encode(t.spec.columns[k] as ColumnType, key[k])),
    ) as unknown[] | undefined;
    if (stored === undefined) return undefined;
    const row: Record<string, CellValue> = {};
    t.columns.forEach((c, i) => (row[c] = decode(t.types[i] as ColumnType, stored[i])));
    return row as R;
  }

  apply(changes: readonly RowChange[], position: bigint): void {
    for (const change of changes) this.put(this.table(change.table), change.row, position);
  }

  private put(t: TableStatements, row: Row, position: bigint): void {
    const values = t.columns.map((c, i) => encode(t.types[i] as ColumnType, row[c]));
    const keyValues = t.keyIndexes.map((i) => values[i] as SqlValue);
    if (keyValues.some((v) => v === null))
      throw new Error(`A ${t.spec.name} row lacks its key (${t.spec.key.join(', ')})`);
    const stored = t.selectCurrent.get(...keyValues) as unknown[] | undefined;
    if (stored !== undefined) {
      if (sameValues(t, stored, values)) return;
      if (stored[t.columns.length] === position || t.spec.history === false) {
        t.overwrite.run(...values, position, ...keyValues);
        return;
      }
      t.close.run(position, ...keyValues);
    }
    t.insert.run(...values, position);
  }

  private table(name: string): TableStatements {
    const t = this.tables.get(name);
    if (t === undefined) throw new Error(`Unknown read-model table ${name}`);
    return t;
  }
}

/** Decodes a raw row of a read-model table (as a query returns it) into projection values. */
export function decodeRow<R extends Row>(spec: TableSpec<R>, raw: Record<string, unknown>): R {
  const row: Record<string, CellValue> = {};
  for (const [c, type] of Object.entries(spec.columns)) row[c] = decode(type, raw[c]);
  return row as R;
}
