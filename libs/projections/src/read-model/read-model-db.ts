import Database from 'better-sqlite3';
import { createPrivateFile, type RecordedEvent } from '@ledger/event-store';
import { projectEvent } from '../projection/project';
import { EventApplier } from './apply-events';
import {
  createReadModelSchema,
  isEmptyDatabase,
  READ_MODEL_SCHEMA_VERSION,
  schemaVersionOf,
} from './schema';
import { preparedStatement } from './statements';
import { TemporalWriter } from './temporal-writer';

/** How far the read models have come: the last event projected, and how many events that was. */
export interface Checkpoint {
  readonly position: bigint;
  readonly events: number;
  /** The recording time of that event (ms since the epoch), null before the first. */
  readonly recordedAtMs: number | null;
}

/** The projection function; tests substitute one that fails to prove a failed batch leaves no trace. */
export type Projection = typeof projectEvent;

/** The read models' file cannot be used by this build (another schema version, or unreadable). */
export class ReadModelUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReadModelUnavailableError';
  }
}

interface CheckpointRow {
  position: bigint;
  events: bigint;
  recorded_at: bigint | null;
}

/**
 * One read-model SQLite file (WAL). A writer opens it read-write and projects batches of events;
 * readers (the API when an external projector writes) open it read-only. synchronous=NORMAL is
 * enough: a commit lost to a power cut takes its checkpoint with it, and the events are projected
 * again from the log.
 */
export class ReadModelDb {
  private writer: TemporalWriter | undefined;
  private applier: EventApplier | undefined;
  private readonly inTransaction: (answer: () => unknown) => unknown;

  private constructor(
    readonly db: Database.Database,
    readonly file: string,
  ) {
    this.inTransaction = db.transaction((answer: () => unknown) => answer());
  }

  static open(file: string, options: { readonly readonly?: boolean } = {}): ReadModelDb {
    let db: Database.Database | undefined;
    try {
      if (!options.readonly && file !== ':memory:') createPrivateFile(file);
      db = new Database(file, {
        readonly: options.readonly ?? false,
        fileMustExist: options.readonly ?? false,
      });
      db.defaultSafeIntegers(true);
      if (!options.readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        if (isEmptyDatabase(db)) createReadModelSchema(db);
      }
      const version = schemaVersionOf(db);
      if (version !== READ_MODEL_SCHEMA_VERSION) {
        throw new ReadModelUnavailableError(
          `${file} holds read-model schema ${version}; this build needs ${READ_MODEL_SCHEMA_VERSION}: rebuild the read models`,
        );
      }
      return new ReadModelDb(db, file);
    } catch (error: unknown) {
      db?.close();
      if (error instanceof ReadModelUnavailableError) throw error;
      throw new ReadModelUnavailableError(
        `Cannot open the read models at ${file}: ${String(error)}`,
        { cause: error },
      );
    }
  }

  /** The statement for `sql`, prepared on first use and kept while the file is open. */
  statement(sql: string): Database.Statement {
    return preparedStatement(this.db, sql);
  }

  /** Runs `answer` in one read transaction: every statement in it sees the same checkpoint. */
  read<T>(answer: () => T): T {
    return this.inTransaction(answer) as T;
  }

  checkpoint(): Checkpoint {
    const row = this.statement(
      'SELECT position, events, recorded_at FROM checkpoint WHERE id = 1',
    ).get() as CheckpointRow;
    return {
      position: row.position,
      events: Number(row.events),
      recordedAtMs: row.recorded_at === null ? null : Number(row.recorded_at),
    };
  }

  /** The last position recorded at or before `timeMs` (0n when nothing had been recorded yet). */
  positionRecordedBy(timeMs: number): bigint {
    const row = this.statement(
      'SELECT last_position FROM recorded_times WHERE recorded_at <= ? ORDER BY recorded_at DESC LIMIT 1',
    ).get(timeMs) as { last_position: bigint } | undefined;
    return row?.last_position ?? 0n;
  }

  meta(key: string): string | undefined {
    return (
      this.statement('SELECT value FROM meta WHERE key = ?').get(key) as
        { value: string } | undefined
    )?.value;
  }

  /**
   * Projects a batch in one transaction together with the checkpoint: either every event of the
   * batch lands in the read models and the checkpoint moves past it, or nothing does. Events at
   * or below the checkpoint (a redelivery) are skipped, so each event is projected exactly once.
   */
  applyBatch(events: readonly RecordedEvent[], projection: Projection = projectEvent): Checkpoint {
    return this.db.transaction(() => this.applyAll(events, projection)).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private applyAll(events: readonly RecordedEvent[], projection: Projection): Checkpoint {
    const writer = (this.writer ??= new TemporalWriter(this.db));
    const applier = (this.applier ??= new EventApplier(this.db));
    return applier.apply(events, this.checkpoint(), writer, projection);
  }
}
