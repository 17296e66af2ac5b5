import Database from 'better-sqlite3';
import { createSqliteEventStore } from '@ledger/event-store';
import { join } from 'node:path';
import {
  createDeferredIndexes,
  createReadModelSchema,
  READ_MODEL_TABLES,
  ReadModelDb,
  rebuildReadModels,
} from '@ledger/projections';
import { workerMain } from '../lib/child';

export interface RebuildInput {
  readonly kind: 'ledger' | 'bare' | 'write-floor' | 'row-floor';
  readonly logFile: string;
  /** Where the ledger's rebuild writes its read models (a fresh directory per run). */
  readonly dataDir: string;
  /** For 'write-floor' and 'row-floor': the read models a ledger rebuild wrote, whose rows are copied. */
  readonly readModelFile?: string;
}

export interface RebuildResult {
  readonly events: number;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
  /** Events per second of CPU time used by the process meanwhile: what a quiet machine would approach. */
  readonly eventsPerCpuSecond: number;
  /** The read-model file the ledger's rebuild wrote. */
  readonly generation?: string;
}

function rates(events: number, elapsedMs: number, cpuAtStart: NodeJS.CpuUsage): RebuildResult {
  const { user, system } = process.cpuUsage(cpuAtStart);
  return {
    events,
    elapsedMs,
    eventsPerSecond: (events * 1000) / elapsedMs,
    eventsPerCpuSecond: (events * 1_000_000) / Math.max(1, user + system),
  };
}

/** Our rebuild: the projection runner on the store's $all subscription, into a new generation. */
async function ledgerRebuild(input: RebuildInput): Promise<RebuildResult> {
  const store = createSqliteEventStore({ file: input.logFile });
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const report = await rebuildReadModels(store, input.dataDir);
    const elapsedMs = performance.now() - started;
    return { ...rates(report.checkpoint.events, elapsedMs, cpu), generation: report.generation };
  } finally {
    await store.close();
  }
}

interface Row {
  stream: string;
  type: string;
  data: string;
  metadata: string;
}

/**
 * The bare alternative: read the same file in global order, JSON.parse each event's data and
 * metadata, and fold them into a trivial in-memory model (events per stream and per type, the sum
 * of reported quantities per agreement). No validation, no tables, nothing written.
 */
async function bareFold(input: RebuildInput): Promise<RebuildResult> {
  const db = new Database(input.logFile, { readonly: true });
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const perStream = new Map<string, number>();
    const perType = new Map<string, number>();
    const reported = new Map<string, number>();
    let events = 0;
    for (const row of db
      .prepare('SELECT stream, type, data, metadata FROM events ORDER BY position')
      .iterate() as IterableIterator<Row>) {
      const data = JSON.parse(row.data) as { agreementId?: string; quantity?: { value?: number } };
      const metadata = JSON.parse(row.metadata) as { actor?: string };
      perStream.set(row.stream, (perStream.get(row.stream) ?? 0) + 1);
      perType.set(row.type, (perType.get(row.type) ?? 0) + (metadata.actor === undefined ? 0 : 1));
      if (data.agreementId !== undefined && data.quantity?.value !== undefined)
        reported.set(data.agreementId, (reported.get(data.agreementId) ?? 0) + data.quantity.value);
      events++;
    }
    const elapsedMs = performance.now() - started;
    if (perStream.size === 0 || reported.size === 0) throw new Error('the fold saw no agreement');
    return rates(events, elapsedMs, cpu);
  } finally {
    db.close();
  }
}

/**
 * The floor under any rebuild that writes these read models: the same rows, copied table by table
 * (INSERT … SELECT) from a finished rebuild into empty tables with the same schema and indexes,
 * in one transaction. No projection logic, no per-row statements: what writing alone costs.
 */
async function writeFloor(input: RebuildInput): Promise<RebuildResult> {
  if (input.readModelFile === undefined)
    throw new Error('write-floor needs the read models of a rebuild');
  const source = ReadModelDb.open(input.readModelFile, { readonly: true });
  const events = source.checkpoint().events;
  source.close();
  const target = ReadModelDb.open(join(input.dataDir, 'write-floor.db'));
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    target.db.prepare('ATTACH DATABASE ? AS finished').run(input.readModelFile);
    target.db.transaction(() => {
      for (const table of READ_MODEL_TABLES)
        target.db.exec(`INSERT INTO main.${table.name} SELECT * FROM finished.${table.name}`);
    })();
    const elapsedMs = performance.now() - started;
    return rates(events, elapsedMs, cpu);
  } finally {
    target.close();
  }
}

/**
 * The floor under a writer that inserts row by row, as any rebuild must (the INSERT … SELECT
 * above copies whole b-tree records, SQLite's transfer optimisation, which no projection can
 * use): the rows of a finished rebuild inserted one statement per row in the order they were
 * written (by valid_from), with their rowids and final valid_to, into a file with no journal and
 * no fsync and only the primary keys; then the other indexes are built. The rows are read a
 * window of positions at a time, outside the time measured (memory stays bounded at 1M events).
 */
async function rowFloor(input: RebuildInput): Promise<RebuildResult> {
  if (input.readModelFile === undefined)
    throw new Error('row-floor needs the read models of a rebuild');
  const source = new Database(input.readModelFile, { readonly: true });
  source.defaultSafeIntegers(true);
  const { events, position } = source.prepare('SELECT events, position FROM checkpoint').get() as {
    events: bigint;
    position: bigint;
  };
  const windows = READ_MODEL_TABLES.map((t) => ({
    table: t.name,
    select: source
      .prepare(
        `SELECT rowid, * FROM ${t.name} WHERE valid_from > ? AND valid_from <= ? ORDER BY valid_from, rowid`,
      )
      .raw(true),
  }));
  const target = new Database(join(input.dataDir, 'row-floor.db'));
  try {
    target.defaultSafeIntegers(true);
    target.pragma('locking_mode = EXCLUSIVE');
    target.pragma('journal_mode = OFF');
    target.pragma('synchronous = OFF');
    createReadModelSchema(target, { withoutIndexes: true });
    const inserts = new Map(
      READ_MODEL_TABLES.map((t) => {
        const columns = ['rowid', ...Object.keys(t.columns), 'valid_from', 'valid_to'];
        return [
          t.name,
          target.prepare(
            `INSERT INTO ${t.name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
          ),
        ];
      }),
    );
    let elapsedMs = 0;
    let cpuMicros = 0;
    const timed = (work: () => void): void => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      work();
      const used = process.cpuUsage(cpu);
      elapsedMs += performance.now() - started;
      cpuMicros += used.user + used.system;
    };
    for (let from = 0n; from < position; from += 20_000n) {
      const rows = windows.flatMap((w) =>
        (w.select.all(from, from + 20_000n) as unknown[][]).map((values) => ({
          table: w.table,
          values,
        })),
      );
      rows.sort((a, b) => Number((a.values.at(-2) as bigint) - (b.values.at(-2) as bigint)));
      timed(() =>
        target.transaction(() => rows.forEach((row) => inserts.get(row.table)?.run(row.values)))(),
      );
    }
    timed(() => createDeferredIndexes(target));
    const n = Number(events);
    return {
      events: n,
      elapsedMs,
      eventsPerSecond: (n * 1000) / elapsedMs,
      eventsPerCpuSecond: (n * 1_000_000) / Math.max(1, cpuMicros),
    };
  } finally {
    source.close();
    target.close();
  }
}

const MEASURES: Record<RebuildInput['kind'], (input: RebuildInput) => Promise<RebuildResult>> = {
  ledger: ledgerRebuild,
  bare: bareFold,
  'write-floor': writeFloor,
  'row-floor': rowFloor,
};

workerMain((input: RebuildInput) => MEASURES[input.kind](input));
