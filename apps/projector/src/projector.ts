import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type LedgerConfig } from '@ledger/config';
import { createEventStore, type EventStore } from '@ledger/event-store';
import {
  currentGeneration,
  progressBar,
  type ProgressOutput,
  ReadModelDb,
  readModelDigest,
  ReadModels,
  rebuildReadModels,
  type RunnerLogger,
} from '@ledger/projections';
import { startCheckpointer } from './checkpoints';

/**
 * The projector: keeps the read models of `${dataDir}` up to date from the event store in a
 * process of its own (for EventStoreDB deployments, where the API runs with
 * LEDGER_PROJECTIONS=external and only reads them), and rebuilds them from scratch on demand.
 */

export interface ProjectorIo {
  readonly stdout: ProgressOutput;
  readonly stderr: ProgressOutput;
  /** Aborting stops `run` (main.ts aborts on SIGINT and SIGTERM). */
  readonly signal?: AbortSignal;
  /** A store already open (tests); otherwise the configured one is opened and closed here. */
  readonly store?: EventStore;
}

export const USAGE = `Usage: projector [run | rebuild [--verify] | status]
  run              project new events into the read models until stopped (default)
  rebuild          project the whole log into a new generation, then swap it in (progress on stderr)
  rebuild --verify also check the new generation against the one it replaces
  status           print the read models' checkpoint and the store's head`;

function storeFor(config: LedgerConfig, io: ProjectorIo): EventStore {
  return (
    io.store ??
    createEventStore({
      kind: config.store,
      dataDir: config.dataDir,
      sqliteSynchronous: config.sqliteSynchronous,
      ...(config.esdbConnectionString ? { esdbConnectionString: config.esdbConnectionString } : {}),
    })
  );
}

function loggerFor(io: ProjectorIo): RunnerLogger {
  return { log: (m) => io.stdout.write(`${m}\n`), error: (m) => io.stderr.write(`${m}\n`) };
}

async function run(store: EventStore, config: LedgerConfig, io: ProjectorIo): Promise<number> {
  const models = await ReadModels.startWriter(store, config.dataDir, { logger: loggerFor(io) });
  const checkpointer = startCheckpointer(store, config, loggerFor(io));
  try {
    io.stdout.write(
      `Projecting into ${models.file ?? '?'} from position ${models.checkpoint()?.position ?? 0n}\n`,
    );
    const caughtUp = await models.whenCaughtUp();
    io.stdout.write(`Caught up at position ${caughtUp?.position ?? 0n}; following new events\n`);
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) resolve();
      io.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    await checkpointer?.stop();
    await models.close();
  }
  io.stdout.write(`Stopped at position ${models.checkpoint()?.position ?? 0n}\n`);
  return 0;
}

/** Compares the new generation with the one it replaced, at the last position both reached. */
function verify(dataDir: string, previous: string, rebuilt: string, io: ProjectorIo): number {
  const before = ReadModelDb.open(join(dataDir, previous), { readonly: true });
  const after = ReadModelDb.open(join(dataDir, rebuilt), { readonly: true });
  try {
    const at = [before.checkpoint().position, after.checkpoint().position].reduce((a, b) =>
      a < b ? a : b,
    );
    const expected = readModelDigest(before, at);
    const actual = readModelDigest(after, at);
    const differing = Object.keys(expected.tables).filter(
      (t) => JSON.stringify(expected.tables[t]) !== JSON.stringify(actual.tables[t]),
    );
    if (differing.length === 0) {
      io.stdout.write(`Verified: identical to ${previous} at position ${at}\n`);
      return 0;
    }
    io.stderr.write(
      `The rebuilt read models differ from ${previous} at position ${at} in: ${differing.join(', ')}\n`,
    );
    return 1;
  } finally {
    before.close();
    after.close();
  }
}

async function rebuild(
  store: EventStore,
  config: LedgerConfig,
  io: ProjectorIo,
  check: boolean,
): Promise<number> {
  const bar = progressBar(io.stderr);
  let report: Awaited<ReturnType<typeof rebuildReadModels>>;
  try {
    report = await rebuildReadModels(store, config.dataDir, {
      onProgress: (p) => bar.update(p),
      logger: loggerFor(io),
    });
  } finally {
    bar.done();
  }
  const { checkpoint, elapsedMs, eventsPerSecond, generation, previous } = report;
  io.stdout.write(
    `Rebuilt ${checkpoint.events} events up to position ${checkpoint.position} in ${(elapsedMs / 1000).toFixed(1)} s (${eventsPerSecond} events/s) into ${generation}\n`,
  );
  const hadPrevious = existsSync(join(config.dataDir, previous));
  return check && hadPrevious ? verify(config.dataDir, previous, generation, io) : 0;
}

async function status(store: EventStore, config: LedgerConfig, io: ProjectorIo): Promise<number> {
  const generation = currentGeneration(config.dataDir);
  const head = await store.headPosition();
  let checkpoint = 'none (never projected)';
  try {
    const db = ReadModelDb.open(join(config.dataDir, generation), { readonly: true });
    checkpoint = db.checkpoint().position.toString();
    db.close();
  } catch {
    // no read models yet
  }
  io.stdout.write(
    `read models: ${join(config.dataDir, generation)}\ncheckpoint: ${checkpoint}\nstore head: ${head}\n`,
  );
  return 0;
}

/** Runs one projector command; resolves with the process exit code. */
export async function runProjector(
  args: readonly string[],
  config: LedgerConfig,
  io: ProjectorIo,
): Promise<number> {
  const [command = 'run', ...options] = args;
  const known = { run: [], rebuild: ['--verify'], status: [] } as Record<string, string[]>;
  const allowed = known[command];
  if (allowed === undefined || options.some((o) => !allowed.includes(o))) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const store = storeFor(config, io);
  try {
    if (command === 'rebuild')
      return await rebuild(store, config, io, options.includes('--verify'));
    if (command === 'status') return await status(store, config, io);
    return await run(store, config, io);
  } finally {
    if (io.store === undefined) await store.close();
  }
}
