import { closeSync, fsyncSync, openSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { createPrivateFile, type RecordedEvent } from '@ledger/event-store';
import { projectEvent } from '../projection/project';
import { EventApplier } from './apply-events';
import { BulkTemporalWriter } from './bulk-writer';
import { syncDirectory } from './generations';
import { type Checkpoint, type Projection } from './read-model-db';
import { createDeferredIndexes, createReadModelSchema, READ_MODEL_SCHEMA_VERSION } from './schema';

/** How a generation under construction is written; only its builder ever opens it. */
export interface GenerationBuilderOptions {
  /** New row versions held in memory before they are written (default 1,000). */
  readonly maxHeldRows?: number;
  /** SQLite's page cache for the load, in KiB (default: SQLite's own, 2 MiB). */
  readonly cacheKiB?: number;
}

/**
 * A new read-model generation being built by a rebuild. No reader opens it until the rebuild
 * points `read-models.current` at it, so it is written the fast way: no rollback journal, no
 * fsync, one connection holding the file exclusively, row versions written by BulkTemporalWriter
 * (new keys never looked up, recent versions held back, older ones closed at the end in rowid
 * order), and the current-version and secondary indexes built once the rows are in. The file says schema version 0 until `finish`, so nothing accepts a half-built
 * one (ReadModelDb.open refuses it). `finish` indexes it, switches it to WAL and makes it durable
 * (fsync of the file and its directory) before the caller publishes it; after a crash or a failed
 * batch the file is garbage, which `abandon` (or the next rebuild) deletes.
 */
export class GenerationBuilder {
  private readonly writer: BulkTemporalWriter;
  private readonly applier: EventApplier;
  private current: Checkpoint = { position: 0n, events: 0, recordedAtMs: null };

  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
    options: GenerationBuilderOptions,
  ) {
    this.writer = new BulkTemporalWriter(db, options.maxHeldRows);
    this.applier = new EventApplier(db);
  }

  /** Creates the file (which must not exist yet) with the schema but no index beyond the primary keys. */
  static create(file: string, options: GenerationBuilderOptions = {}): GenerationBuilder {
    createPrivateFile(file);
    const db = new Database(file);
    try {
      db.defaultSafeIntegers(true);
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
      if (options.cacheKiB !== undefined) db.pragma(`cache_size = ${-options.cacheKiB}`);
      db.pragma('temp_store = MEMORY');
      createReadModelSchema(db, { withoutIndexes: true });
      db.pragma('user_version = 0');
      return new GenerationBuilder(db, file, options);
    } catch (error: unknown) {
      db.close();
      throw error;
    }
  }

  get checkpoint(): Checkpoint {
    return this.current;
  }

  /**
   * Projects events (in log order) in one transaction, as ReadModelDb.applyBatch does: the same
   * rows, recording times and checkpoint. A batch that throws leaves the file unusable: abandon it.
   */
  applyBatch(events: readonly RecordedEvent[], projection: Projection = projectEvent): Checkpoint {
    this.current = this.db.transaction(() =>
      this.applier.apply(events, this.current, this.writer, projection),
    )();
    return this.current;
  }

  /** Indexes the generation, marks it complete, switches it to WAL and makes it durable; closes it. */
  finish(): Checkpoint {
    this.db.transaction(() => this.writer.finish())();
    createDeferredIndexes(this.db);
    this.db.pragma(`user_version = ${READ_MODEL_SCHEMA_VERSION}`);
    this.db.pragma('locking_mode = NORMAL');
    this.db.pragma('journal_mode = WAL');
    this.db.close();
    fsyncFile(this.file);
    syncDirectory(dirname(this.file));
    return this.current;
  }

  /** Closes and deletes a generation that will not be finished. */
  abandon(): void {
    if (this.db.open) this.db.close();
    for (const suffix of ['', '-journal', '-wal', '-shm'])
      rmSync(`${this.file}${suffix}`, { force: true });
  }
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
