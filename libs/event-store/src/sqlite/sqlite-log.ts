import type Database from 'better-sqlite3';
import type { AppendLog } from '../local/apply-append';
import type { PositionRange, StreamRange } from '../local/local-event-store';
import type { NewStoredEvent, StoredEvent } from '../local/stored-event';

/** A row as better-sqlite3 returns it with safe integers on: every INTEGER is a bigint. */
interface EventRow {
  position: bigint;
  id: string;
  stream: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  recorded_at: bigint;
}

const COLUMNS = 'position, id, stream, revision, type, data, metadata, recorded_at';
/** SQLite's largest INTEGER: the open end of a range. */
const MAX_INTEGER = 9223372036854775807n;

function toStored(row: EventRow): StoredEvent {
  return {
    id: row.id,
    stream: row.stream,
    revision: row.revision,
    position: row.position,
    type: row.type,
    dataJson: row.data,
    metadataJson: row.metadata,
    recordedAtMs: Number(row.recorded_at),
  };
}

/** The log in the `events` table, through prepared statements. */
export class SqliteLog implements AppendLog {
  private readonly statements;
  private readonly filteredReads = new Map<string, Database.Statement<unknown[], EventRow>>();

  constructor(private readonly db: Database.Database) {
    this.statements = {
      lastRevision: db.prepare<[string], { revision: bigint }>(
        'SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
      ),
      findById: db.prepare<[string], EventRow>(`SELECT ${COLUMNS} FROM events WHERE id = ?`),
      lastRecordedAt: db.prepare<[], { recorded_at: bigint }>(
        'SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1',
      ),
      head: db.prepare<[], { position: bigint }>(
        'SELECT position FROM events ORDER BY position DESC LIMIT 1',
      ),
      insert: db.prepare(
        `INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at)
         VALUES (@id, @stream, @revision, @type, @data, @metadata, @recordedAt)`,
      ),
      streamForwards: db.prepare<[string, bigint, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
      ),
      streamBackwards: db.prepare<[string, bigint, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      ),
    };
  }

  lastRevision(stream: string): bigint | undefined {
    return this.statements.lastRevision.get(stream)?.revision;
  }

  findById(id: string): StoredEvent | undefined {
    const row = this.statements.findById.get(id);
    return row && toStored(row);
  }

  lastRecordedAtMs(): number {
    return Number(this.statements.lastRecordedAt.get()?.recorded_at ?? 0n);
  }

  headPosition(): bigint {
    return this.statements.head.get()?.position ?? 0n;
  }

  insert(event: NewStoredEvent): bigint {
    const { lastInsertRowid } = this.statements.insert.run({
      id: event.id,
      stream: event.stream,
      revision: event.revision,
      type: event.type,
      data: event.dataJson,
      metadata: event.metadataJson,
      recordedAt: BigInt(event.recordedAtMs),
    });
    return BigInt(lastInsertRowid);
  }

  readStream(range: StreamRange): StoredEvent[] {
    const forwards = range.direction === 'forwards';
    const statement = forwards ? this.statements.streamForwards : this.statements.streamBackwards;
    const from = range.from ?? (forwards ? 0n : MAX_INTEGER);
    return statement.all(range.stream, from, sqlLimit(range.limit)).map(toStored);
  }

  readAll(range: PositionRange): StoredEvent[] {
    const forwards = range.direction === 'forwards';
    const low = forwards ? (range.from ?? 0n) : (range.to ?? 0n);
    const high = forwards ? (range.to ?? MAX_INTEGER) : (range.from ?? MAX_INTEGER);
    const types = range.filter?.eventTypes ?? [];
    const prefixes = range.filter?.streamPrefixes ?? [];
    const statement = this.filteredRead(forwards, types.length, prefixes.length);
    return statement.all(low, high, ...types, ...prefixes, sqlLimit(range.limit)).map(toStored);
  }

  /**
   * One prepared statement per filter shape. `instr(stream, ?) = 1` is "starts with", exact and
   * case-sensitive whatever the characters (LIKE is neither).
   */
  private filteredRead(
    forwards: boolean,
    typeCount: number,
    prefixCount: number,
  ): Database.Statement<unknown[], EventRow> {
    const key = `${forwards ? 'f' : 'b'}:${typeCount}:${prefixCount}`;
    let statement = this.filteredReads.get(key);
    if (!statement) {
      const alternatives = [
        ...(typeCount > 0 ? [`type IN (${Array(typeCount).fill('?').join(', ')})`] : []),
        ...Array<string>(prefixCount).fill('instr(stream, ?) = 1'),
      ];
      const filter = alternatives.length > 0 ? `AND (${alternatives.join(' OR ')})` : '';
      statement = this.db.prepare<unknown[], EventRow>(
        `SELECT ${COLUMNS} FROM events
         WHERE position BETWEEN ? AND ? AND substr(type, 1, 1) <> '$' ${filter}
         ORDER BY position ${forwards ? 'ASC' : 'DESC'} LIMIT ?`,
      );
      this.filteredReads.set(key, statement);
    }
    return statement;
  }
}

/** SQLite reads LIMIT -1 as "no limit". */
function sqlLimit(limit: number | undefined): number {
  return limit ?? -1;
}
