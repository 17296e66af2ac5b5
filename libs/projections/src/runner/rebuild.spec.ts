import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { SEED_SCENARIO } from '@ledger/domain';
import { createMemoryEventStore, type EventStore } from '@ledger/event-store';
import { projectEvent } from '../projection/project';
import { GenerationBuilder } from '../read-model/generation-builder';
import { currentGeneration, DEFAULT_GENERATION } from '../read-model/generations';
import { ReadModelDb } from '../read-model/read-model-db';
import { READ_MODEL_SCHEMA_VERSION } from '../read-model/schema';
import { READ_MODEL_TABLES } from '../read-model/tables';
import { histories, writeHistory } from '../testing/histories';
import { LedgerWriter } from '../testing/ledger-writer';
import { storeWith, tempDir } from '../testing/temp-dir';
import { ProjectionRunner } from './projection-runner';
import { rebuildReadModels } from './rebuild';

/** Every table of a read-model file, bookkeeping included, row for row with rowids, and its schema. */
function contents(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  db.defaultSafeIntegers(true);
  try {
    const tables = [
      ...READ_MODEL_TABLES.map((t) => t.name),
      'recorded_times',
      'checkpoint',
      'meta',
    ];
    const rows = Object.fromEntries(
      tables.map((t) => [
        t,
        db.prepare(`SELECT rowid, * FROM ${t} ORDER BY rowid`).raw(true).all(),
      ]),
    );
    return {
      ...rows,
      schema: db
        .prepare(
          "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all(),
      userVersion: [db.pragma('user_version', { simple: true })],
    };
  } finally {
    db.close();
  }
}

/** The read models as the live runner builds them, event batch by event batch. */
async function incremental(store: EventStore, file: string, batchSize: number): Promise<void> {
  const db = ReadModelDb.open(file);
  const runner = new ProjectionRunner(store, db, { batchSize });
  try {
    runner.start();
    await runner.whenCaughtUp();
  } finally {
    await runner.stop();
    db.close();
  }
}

const AUDIT_CHECKPOINT = {
  id: '0b9d8c1e-2f57-4d7e-9d3c-1b0c6f7a9e11',
  type: 'AuditCheckpointSigned',
  data: { root: 'abc' },
};

describe('a rebuild', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('writes exactly the tables an incremental build writes, row for row and rowid for rowid, whatever its batches', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        histories(40),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 40 }),
        async (steps, incrementalBatch, rebuildBatch, maxHeldRows) => {
          let tick = Date.UTC(2025, 5, 18, 8);
          const store = createMemoryEventStore({
            clock: () => (tick += steps.length % 3 === 0 ? 0 : 1),
          });
          // Events the ledger does not own, first and last: skipped, but counted in the checkpoint.
          await store.appendToStream('audit-checkpoints', [AUDIT_CHECKPOINT]);
          await writeHistory(store, steps);
          await store.appendToStream('audit-checkpoints', [
            { ...AUDIT_CHECKPOINT, id: '5f0c2a9e-8d1b-4c3e-a7f6-2e9b1d4c8a70' },
          ]);
          const runDir = join(dir, `run-${run++}`);
          await incremental(store, join(runDir, 'incremental.db'), incrementalBatch);
          const report = await rebuildReadModels(store, runDir, {
            batchSize: rebuildBatch,
            maxHeldRows,
          });
          expect(report.checkpoint.events).toBe((await store.readAll()).length);
          expect(contents(join(runDir, report.generation))).toEqual(
            contents(join(runDir, 'incremental.db')),
          );
        },
      ),
      { numRuns: 20 },
    );
  });

  it('leaves the generation in use, and no half-built one, when a projection fails', async () => {
    const store = createMemoryEventStore();
    await new LedgerWriter(store).executeAll(SEED_SCENARIO);
    const first = await rebuildReadModels(store, dir);
    const broken: typeof projectEvent = (e, read) => {
      if (e.position === 15n) throw new Error('bug in a projection (simulated)');
      return projectEvent(e, read);
    };
    await expect(
      rebuildReadModels(store, dir, { batchSize: 4, projection: broken }),
    ).rejects.toThrow('bug in a projection (simulated)');
    expect(currentGeneration(dir)).toBe(first.generation);
    expect(
      readdirSync(dir).filter((f) => f.startsWith('read-models.') && f.endsWith('.db')),
    ).toEqual([first.generation]);
  });

  it('reads a page again when the store fails, and finishes', async () => {
    const store = createMemoryEventStore();
    await new LedgerWriter(store).executeAll(SEED_SCENARIO);
    let failures = 0;
    const flaky = storeWith(store, {
      readAll: (options) =>
        options?.fromPosition === 8n && failures++ < 2
          ? Promise.reject(new Error('store unavailable (simulated)'))
          : store.readAll(options),
    });
    const errors: string[] = [];
    const report = await rebuildReadModels(flaky, dir, {
      batchSize: 4,
      retryDelayMs: () => 5,
      logger: { log: () => undefined, error: (m) => errors.push(m) },
    });
    expect(errors).toEqual([
      expect.stringContaining(
        'after position 8: Error: store unavailable (simulated); retrying in 5 ms',
      ),
      expect.any(String),
    ]);
    await incremental(store, join(dir, 'incremental.db'), 7);
    expect(contents(join(dir, report.generation))).toEqual(contents(join(dir, 'incremental.db')));
  });

  it('builds a generation nothing accepts until it is finished (as a crash would leave it), then a durable WAL file', async () => {
    const store = createMemoryEventStore();
    await new LedgerWriter(store).executeAll(SEED_SCENARIO);
    const file = join(dir, 'read-models.20250618T080000000.db');
    const builder = GenerationBuilder.create(file);
    builder.applyBatch(await store.readAll());
    copyFileSync(file, join(dir, 'crashed.db'));
    expect(() => ReadModelDb.open(join(dir, 'crashed.db'))).toThrow(
      `holds read-model schema 0; this build needs ${READ_MODEL_SCHEMA_VERSION}`,
    );
    builder.finish();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const db = ReadModelDb.open(file, { readonly: true });
    expect(db.checkpoint()).toMatchObject({ position: await store.headPosition() });
    expect(db.db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(currentGeneration(dir)).toBe(DEFAULT_GENERATION);
  });
});
