import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type EventStore } from '@ledger/event-store';
import { ReadModelQueries } from './queries/read-model-queries';
import {
  currentGeneration,
  newGenerationName,
  pointTo,
  removeGenerations,
} from './read-model/generations';
import {
  type Checkpoint,
  ReadModelDb,
  ReadModelUnavailableError,
} from './read-model/read-model-db';
import {
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type RunnerState,
} from './runner/projection-runner';

export interface ReadModelsOptions extends ProjectionRunnerOptions {
  /** How often to look for a swapped generation (a finished rebuild), in ms; default 500. */
  readonly pointerCheckMs?: number;
  /** How often a reader polls the writer's checkpoint while a query waits for a position; default 25 ms. */
  readonly pollMs?: number;
}

type Role = { readonly kind: 'writer'; readonly store: EventStore } | { readonly kind: 'reader' };

/**
 * The read models of one data directory, as a process uses them:
 * - a writer (the API with inline projections, or apps/projector) runs the projection runner on
 *   the generation in use;
 * - a reader (the API when an external projector writes) opens that generation read-only.
 * Both follow a rebuild's swap: when the pointer names a new generation they close the old file
 * and open the new one (a writer resumes projecting from the new file's checkpoint).
 */
export class ReadModels {
  private db: ReadModelDb | undefined;
  private runner: ProjectionRunner | undefined;
  private generation: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private switching: Promise<void> | undefined;
  private closed = false;
  /** The queries of the file in use: their prepared statements and totals cache live as long as it. */
  private queries: { readonly db: ReadModelDb; readonly queries: ReadModelQueries } | undefined;

  private constructor(
    readonly dataDir: string,
    private readonly role: Role,
    private readonly options: ReadModelsOptions,
  ) {}

  /** Opens the read models and starts projecting from their checkpoint. */
  static async startWriter(
    store: EventStore,
    dataDir: string,
    options: ReadModelsOptions = {},
  ): Promise<ReadModels> {
    const models = new ReadModels(dataDir, { kind: 'writer', store }, options);
    await models.open(currentGeneration(dataDir));
    models.watchPointer();
    return models;
  }

  /** Opens the read models another process writes; until that file exists, queries are unavailable. */
  static openReader(dataDir: string, options: ReadModelsOptions = {}): ReadModels {
    const models = new ReadModels(dataDir, { kind: 'reader' }, options);
    models.openReadOnly(currentGeneration(dataDir));
    models.watchPointer();
    return models;
  }

  get file(): string | undefined {
    return this.db?.file;
  }

  get runnerState(): RunnerState | 'external' {
    return this.runner?.state ?? 'external';
  }

  get lastError(): Error | undefined {
    return this.runner?.lastError;
  }

  /** How far the read models have come; undefined while a reader has no file to read yet. */
  checkpoint(): Checkpoint | undefined {
    if (this.runner) return this.runner.checkpoint;
    this.ensureReaderOpen();
    return this.db?.checkpoint();
  }

  /** Runs `answer` in one read transaction, so the whole answer reflects one checkpoint. */
  read<T>(answer: (queries: ReadModelQueries, db: ReadModelDb, checkpoint: Checkpoint) => T): T {
    this.ensureReaderOpen();
    const db = this.db;
    if (db === undefined)
      throw new ReadModelUnavailableError(
        'The read models have not been written yet (is the projector running?)',
      );
    if (this.queries?.db !== db) this.queries = { db, queries: new ReadModelQueries(db.db) };
    const { queries } = this.queries;
    return db.read(() => answer(queries, db, db.checkpoint()));
  }

  /** True once the read models hold `position`; false when `timeoutMs` passes first. */
  async waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.runner) return this.runner.waitForPosition(position, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((this.checkpoint()?.position ?? -1n) >= position) return true;
      if (Date.now() >= deadline || this.closed) return false;
      await new Promise((resolve) =>
        setTimeout(
          resolve,
          Math.min(this.options.pollMs ?? 25, Math.max(1, deadline - Date.now())),
        ),
      );
    }
  }

  /** Resolves once the writer has caught up with the store's history. */
  async whenCaughtUp(): Promise<Checkpoint | undefined> {
    return this.runner ? this.runner.whenCaughtUp() : this.checkpoint();
  }

  /** Follows the pointer to a new generation, if a rebuild swapped one in. */
  async refresh(): Promise<void> {
    if (this.closed) return;
    if (this.switching) return this.switching;
    const wanted = currentGeneration(this.dataDir);
    if (wanted === this.generation) return;
    this.switching = this.switchTo(wanted).finally(() => (this.switching = undefined));
    return this.switching;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.switching;
    await this.runner?.stop();
    this.db?.close();
  }

  /** Opens the new generation before letting go of the old one, so queries never find none. */
  private async switchTo(name: string): Promise<void> {
    const previous = this.db;
    if (this.role.kind === 'writer') {
      const next = await this.prepare(this.role.store, name);
      await this.runner?.stop();
      this.install(this.role.store, next.db, next.name);
    } else {
      this.openReadOnly(name);
    }
    previous?.close();
  }

  private async open(name: string): Promise<void> {
    if (this.role.kind !== 'writer') return;
    const next = await this.prepare(this.role.store, name);
    this.install(this.role.store, next.db, next.name);
  }

  /** The generation to project into: `name`, unless it was built from another log or schema. */
  private async prepare(
    store: EventStore,
    name: string,
  ): Promise<{ db: ReadModelDb; name: string }> {
    const db = this.openOrDiscard(name);
    if (db !== undefined && (await builtFrom(db, store))) return { db, name };
    db?.close();
    const fresh = newGenerationName(this.dataDir, Date.now());
    this.options.logger?.log(
      `Read models in ${name} do not match the event log; projecting afresh into ${fresh}`,
    );
    const freshDb = ReadModelDb.open(join(this.dataDir, fresh));
    pointTo(this.dataDir, fresh);
    // Generations projected from another log answer nothing true about this one.
    removeGenerations(this.dataDir, [fresh]);
    return { db: freshDb, name: fresh };
  }

  private install(store: EventStore, db: ReadModelDb, name: string): void {
    this.db = db;
    this.generation = name;
    this.runner = new ProjectionRunner(store, db, this.options);
    this.runner.start();
  }

  /** A generation of another schema version cannot be read: the writer starts a new one. */
  private openOrDiscard(name: string): ReadModelDb | undefined {
    try {
      return ReadModelDb.open(join(this.dataDir, name));
    } catch (error: unknown) {
      if (!(error instanceof ReadModelUnavailableError)) throw error;
      this.options.logger?.error(error.message);
      return undefined;
    }
  }

  private openReadOnly(name: string): void {
    const file = join(this.dataDir, name);
    this.generation = name;
    this.db = existsSync(file) ? ReadModelDb.open(file, { readonly: true }) : undefined;
  }

  /** A reader retries opening a file the writer had not created yet. */
  private ensureReaderOpen(): void {
    if (
      this.role.kind === 'reader' &&
      this.db === undefined &&
      this.generation !== undefined &&
      !this.closed
    )
      this.openReadOnly(this.generation);
  }

  private watchPointer(): void {
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        this.options.logger?.error(`Could not switch read-model generation: ${String(error)}`),
      );
    }, this.options.pointerCheckMs ?? 500);
    this.timer.unref();
  }
}

/** Whether the file was projected from this store (and not, say, from a memory store since discarded). */
async function builtFrom(db: ReadModelDb, store: EventStore): Promise<boolean> {
  const checkpoint = db.checkpoint();
  if (checkpoint.events === 0) return true;
  if (checkpoint.position > (await store.headPosition())) return false;
  const [first] = await store.readAll({ maxCount: 1 });
  return first !== undefined && first.id === db.meta('first_event_id');
}
