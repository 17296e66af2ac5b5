import type Database from 'better-sqlite3';
import {
  type CellValue,
  type ColumnType,
  type ReadAccess,
  type Row,
  type RowChange,
  type TableSpec,
} from './row';
import { READ_MODEL_TABLES } from './tables';
import { decode, encode, type SqlValue } from './temporal-writer';

/** A version as the writer holds it: its rowid, its range, its values as bound, and whether the file has it yet. */
interface Version {
  readonly rowid: number | bigint;
  validFrom: bigint;
  validTo: bigint | null;
  values: readonly SqlValue[];
  inFile: boolean;
}

type Key = string | bigint;

/**
 * Which keys a table has ever been given: a Bloom filter of fixed size (no false negatives, a few
 * false positives, which only cost a lookup that finds nothing). It spares a brand-new key (most
 * rows: every audit entry, every new claim) the lookup of its current version in the file, without
 * keeping every key in memory.
 */
class KeyFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  constructor(log2Bits = 24) {
    this.bits = new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  /** Whether the key may have been added before; adds it. */
  testAndAdd(key: Key): boolean {
    const [h1, h2] = hashes(key);
    let seen = true;
    for (let i = 0; i < 3; i++) {
      const bit = (h1 + i * h2) & this.mask;
      const word = this.bits[bit >>> 5] as number;
      if ((word & (1 << (bit & 31))) === 0) {
        seen = false;
        this.bits[bit >>> 5] = word | (1 << (bit & 31));
      }
    }
    return seen;
  }

  mightHave(key: Key): boolean {
    const [h1, h2] = hashes(key);
    for (let i = 0; i < 3; i++) {
      const bit = (h1 + i * h2) & this.mask;
      if (((this.bits[bit >>> 5] as number) & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** Two 32-bit FNV-1a hashes (different offsets) of the key's text. */
function hashes(key: Key): [number, number] {
  const text = typeof key === 'string' ? key : key.toString();
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return [a >>> 0, (b >>> 0) | 1];
}

/**
 * Versions already in the file that a later one replaced: their valid_to, written by `apply` in
 * rowid order once the load is done, so the updates walk the table once instead of seeking a
 * random page each. Until then the file's last version of a key (by valid_from) is still its
 * current one, which is all the writer reads back. Typed arrays: nothing for the GC to trace.
 */
class DeferredCloses {
  private rowids = new Float64Array(1024);
  private validTo = new BigInt64Array(1024);
  private count = 0;

  add(rowid: number | bigint, validTo: bigint): void {
    if (this.count === this.rowids.length) {
      const rowids = new Float64Array(this.count * 2);
      rowids.set(this.rowids);
      this.rowids = rowids;
      const validTos = new BigInt64Array(this.count * 2);
      validTos.set(this.validTo);
      this.validTo = validTos;
    }
    this.rowids[this.count] = Number(rowid);
    this.validTo[this.count] = validTo;
    this.count++;
  }

  apply(close: Database.Statement): void {
    const order = new Uint32Array(this.count).map((_v, i) => i);
    order.sort((a, b) => (this.rowids[a] as number) - (this.rowids[b] as number));
    for (const i of order) close.run(this.validTo[i], this.rowids[i]);
    this.count = 0;
  }
}

class TableState {
  readonly columns: readonly string[];
  readonly types: readonly ColumnType[];
  readonly keyIndexes: readonly number[];
  /** Current versions held since the last flush (new ones, and ones read back from the file). */
  current = new Map<Key, Version>();
  /** Versions not yet inserted, in rowid order: a version replaced before it is written is written closed. */
  pending: Version[] = [];
  /** Rowids are handed out as SQLite would (the table starts empty and nothing is deleted). */
  nextRowid = 1;
  readonly keys = new KeyFilter();
  readonly closes = new DeferredCloses();
  readonly insert: Database.Statement;
  readonly close: Database.Statement;
  readonly overwrite: Database.Statement;
  readonly selectLast: Database.Statement;

  constructor(
    db: Database.Database,
    readonly spec: TableSpec,
  ) {
    this.columns = Object.keys(spec.columns);
    this.types = this.columns.map((c) => spec.columns[c] as ColumnType);
    this.keyIndexes = spec.key.map((k) => this.columns.indexOf(k));
    const keyWhere = spec.key.map((k) => `${k} = ?`).join(' AND ');
    const columns = this.columns.join(', ');
    this.insert = db.prepare(
      `INSERT INTO ${spec.name} (rowid, ${columns}, valid_from, valid_to) VALUES (?, ${this.columns.map(() => '?').join(', ')}, ?, ?)`,
    );
    this.close = db.prepare(`UPDATE ${spec.name} SET valid_to = ? WHERE rowid = ?`);
    this.overwrite = db.prepare(
      `UPDATE ${spec.name} SET ${this.columns.map((c) => `${c} = ?`).join(', ')}, valid_from = ? WHERE rowid = ?`,
    );
    // The key's last version, by the primary key (key, valid_from): current unless it has a valid_to.
    this.selectLast = db
      .prepare(
        `SELECT rowid, ${columns}, valid_from, valid_to FROM ${spec.name} WHERE ${keyWhere} ORDER BY valid_from DESC LIMIT 1`,
      )
      .raw(true);
  }

  /** One Map key per table key: the value itself, or for a composite key an unambiguous text. */
  keyOf(keyValues: readonly SqlValue[]): Key {
    if (keyValues.length === 1) return keyValues[0] as string | bigint;
    let key = '';
    for (const v of keyValues) {
      const part = String(v);
      key += `${part.length}:${part}`;
    }
    return key;
  }

  /** The key's current version: held, or in the file when the key was ever given. */
  find(key: Key, keyValues: readonly SqlValue[]): Version | undefined {
    const held = this.current.get(key);
    return held !== undefined || !this.keys.mightHave(key) ? held : this.load(key, keyValues);
  }

  /** As find, for a key about to be written: a key never given before is remembered as given now. */
  findForWrite(key: Key, keyValues: readonly SqlValue[]): Version | undefined {
    const held = this.current.get(key);
    return held !== undefined || !this.keys.testAndAdd(key) ? held : this.load(key, keyValues);
  }

  private load(key: Key, keyValues: readonly SqlValue[]): Version | undefined {
    const stored = this.selectLast.get(keyValues) as unknown[] | undefined;
    if (stored === undefined || stored[this.columns.length + 2] !== null) return undefined;
    // As encode binds them: counts come back from SQLite as bigint.
    const values: SqlValue[] = [];
    for (let i = 0; i < this.columns.length; i++) {
      const v = stored[i + 1] as SqlValue;
      values.push(this.types[i] === 'int' && v !== null ? Number(v) : v);
    }
    const found: Version = {
      rowid: stored[0] as bigint,
      validFrom: stored[this.columns.length + 1] as bigint,
      validTo: null,
      values,
      inFile: true,
    };
    this.current.set(key, found);
    return found;
  }

  /** Inserts the versions not yet written and lets go of what is held: the file has it all. */
  flush(): void {
    for (const v of this.pending) this.insert.run([v.rowid, ...v.values, v.validFrom, v.validTo]);
    this.pending = [];
    this.current = new Map();
  }
}

/**
 * The rebuild's writer: the same row versions, with the same rowids, as TemporalWriter writes
 * incrementally, but for a new generation that only the rebuild writes. New versions are held
 * back (with their rowids already given) until `flush`, at most `maxHeld` of them: a version
 * replaced meanwhile is inserted once, already closed, and a projection reading a recent row
 * finds it in a Map. A key never given before is known to have no current version without asking
 * the file (KeyFilter); other reads select it by the primary key, and the valid_to of an older
 * version is written at the end, all in rowid order (DeferredCloses); `finish` must be called. Nothing else writes the file, so what it holds is what the file holds.
 */
export class BulkTemporalWriter implements ReadAccess {
  private readonly tables = new Map<string, TableState>();
  private held = 0;

  constructor(
    db: Database.Database,
    private readonly maxHeld = 1_000,
  ) {
    for (const spec of READ_MODEL_TABLES) this.tables.set(spec.name, new TableState(db, spec));
  }

  get<R extends Row>(table: TableSpec<R>, key: Partial<R>): R | undefined {
    const t = this.table(table.name);
    const keyValues = t.spec.key.map((k) => encode(t.spec.columns[k] as ColumnType, key[k]));
    const current = t.find(t.keyOf(keyValues), keyValues);
    if (current === undefined) return undefined;
    const row: Record<string, CellValue> = {};
    for (let i = 0; i < t.columns.length; i++)
      row[t.columns[i] as string] = decode(t.types[i] as ColumnType, current.values[i]);
    return row as R;
  }

  /** The changes of one event, at its position; writes what is held once `maxHeld` versions are. */
  apply(changes: readonly RowChange[], position: bigint): void {
    for (const change of changes) this.put(this.table(change.table), change.row, position);
    if (this.held >= this.maxHeld) this.flush();
  }

  /** Writes the versions still held back; the caller does it before committing. */
  flush(): void {
    for (const t of this.tables.values()) t.flush();
    this.held = 0;
  }

  /** Writes everything held back, then the valid_to of the versions replaced since they were written. */
  finish(): void {
    this.flush();
    for (const t of this.tables.values()) t.closes.apply(t.close);
  }

  private put(t: TableState, row: Row, position: bigint): void {
    const values: SqlValue[] = [];
    for (let i = 0; i < t.columns.length; i++)
      values.push(encode(t.types[i] as ColumnType, row[t.columns[i] as string]));
    const keyValues: SqlValue[] = [];
    for (const i of t.keyIndexes) {
      const v = values[i] as SqlValue;
      if (v === null)
        throw new Error(`A ${t.spec.name} row lacks its key (${t.spec.key.join(', ')})`);
      keyValues.push(v);
    }
    const key = t.keyOf(keyValues);
    const current = t.findForWrite(key, keyValues);
    if (current !== undefined) {
      if (sameValues(current.values, values)) return;
      if (current.validFrom === position || t.spec.history === false) {
        if (current.inFile) t.overwrite.run([...values, position, current.rowid]);
        current.values = values;
        current.validFrom = position;
        return;
      }
      if (current.inFile) t.closes.add(current.rowid, position);
      else current.validTo = position;
    }
    const version: Version = {
      rowid: t.nextRowid++,
      validFrom: position,
      validTo: null,
      values,
      inFile: false,
    };
    t.pending.push(version);
    t.current.set(key, version);
    this.held++;
  }

  private table(name: string): TableState {
    const t = this.tables.get(name);
    if (t === undefined) throw new Error(`Unknown read-model table ${name}`);
    return t;
  }
}

function sameValues(stored: readonly SqlValue[], values: readonly SqlValue[]): boolean {
  for (let i = 0; i < values.length; i++) if (stored[i] !== values[i]) return false;
  return true;
}
