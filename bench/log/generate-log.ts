import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DomainError } from '@ledger/domain';
import { createSqliteEventStore, type EventStore } from '@ledger/event-store';
import { LedgerWriter } from '../../libs/projections/src/testing/ledger-writer';
import { runWorker, workerMain } from '../lib/child';
import { AgreementDesk, seededRandom, SOURCE_COMMANDS } from './ledger-history';

/** Bump when the history changes, so cached logs of the old shape are not reused. */
export const GENERATOR_VERSION = 1;
const EVENTS_PER_AGREEMENT = 250;
/** Agreements entered at once: their appends share group commits, and the log interleaves them. */
const DESKS = 32;

export interface GeneratedLog {
  readonly file: string;
  readonly events: number;
  readonly agreements: number;
  readonly generatedInMs: number | null;
}

export function benchDataDir(): string {
  return process.env.BENCH_DATA_DIR ?? join(tmpdir(), 'ledger-bench-data');
}

function logFile(events: number): string {
  return join(benchDataDir(), `ledger-${events}-g${GENERATOR_VERSION}.db`);
}

interface Progress {
  events: number;
  agreements: number;
  nextAgreement: number;
}

/** One desk enters agreements one after the other until the log holds `target` events. */
async function desk(
  writer: LedgerWriter,
  progress: Progress,
  target: number,
  seed: number,
): Promise<void> {
  while (progress.events < target) {
    const desk = new AgreementDesk(
      `agreement-${String(progress.nextAgreement++).padStart(5, '0')}`,
      seededRandom(seed + progress.nextAgreement),
    );
    progress.agreements++;
    let written = 0;
    for (
      let command = desk.signing();
      written < EVENTS_PER_AGREEMENT && progress.events < target;
      command = desk.next()
    ) {
      try {
        const { events } = await writer.execute(command);
        desk.accepted(events);
        written += events.length;
        progress.events += events.length;
      } catch (error: unknown) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }
}

async function writeLog(store: EventStore, target: number, seed: number): Promise<Progress> {
  const writer = new LedgerWriter(store);
  const progress: Progress = { events: 0, agreements: 0, nextAgreement: 0 };
  for (const command of SOURCE_COMMANDS)
    progress.events += (await writer.execute(command)).events.length;
  const timer = setInterval(
    () =>
      process.stderr.write(
        `\r  generating: ${progress.events.toLocaleString('en-US')} / ${target.toLocaleString('en-US')} events`,
      ),
    2000,
  );
  try {
    await Promise.all(
      Array.from({ length: DESKS }, (_, i) => desk(writer, progress, target, seed * 1000 + i)),
    );
  } finally {
    clearInterval(timer);
    process.stderr.write('\n');
  }
  return progress;
}

/** Worker: writes the log into a temporary file, then renames it, so a cached file is always whole. */
async function generate(input: { events: number; seed: number }): Promise<GeneratedLog> {
  const file = logFile(input.events);
  const partial = `${file}.partial`;
  mkdirSync(dirname(file), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const started = performance.now();
  // NORMAL: generating the input is not what is measured; the log is whole once the store closes.
  const store = createSqliteEventStore({ file: partial, synchronous: 'NORMAL' });
  let progress: Progress;
  try {
    progress = await writeLog(store, input.events, input.seed);
  } finally {
    await store.close();
  }
  renameSync(partial, file);
  return {
    file,
    events: progress.events,
    agreements: progress.agreements,
    generatedInMs: performance.now() - started,
  };
}

/** The cached log of about `events` events, generated (in a child process) when missing. */
export async function ensureLog(
  events: number,
  log: (line: string) => void,
): Promise<GeneratedLog> {
  const file = logFile(events);
  if (existsSync(file))
    return {
      file,
      events,
      agreements: Math.ceil(events / EVENTS_PER_AGREEMENT),
      generatedInMs: null,
    };
  log(
    `  generating ${events.toLocaleString('en-US')} events into ${file} (once; cached for later runs)`,
  );
  return runWorker<GeneratedLog>('bench/log/generate-log.ts', { events, seed: 20250617 });
}

if (require.main === module) workerMain(generate);
