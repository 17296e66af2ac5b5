/**
 * A child process for the SQLite crash test (run with scripts/register-ts.cjs):
 *   node -r ./scripts/register-ts.cjs libs/event-store/src/testing/sqlite-crash-writer.ts <file> <round>
 * Four writers append batches of 1–4 events to their own streams, as fast as they can; after each
 * acknowledged append one JSON line goes to stdout (a pipe: written synchronously on Linux, so a
 * printed line means a committed append). The parent kills the process with SIGKILL mid-flight.
 */
import { randomUUID } from 'node:crypto';
import type { ExpectedRevision } from '../port';
import { createSqliteEventStore } from '../sqlite';

/** Bounds: the parent kills the writer long before either is reached. */
const MAX_BATCHES_PER_WRITER = 5_000;
const GIVE_UP_AFTER_MS = 20_000;

export interface CrashAck {
  readonly stream: string;
  readonly batch: string;
  readonly ids: string[];
  readonly nextExpectedRevision: string;
  readonly position: string;
}

async function writeBatches(
  store: ReturnType<typeof createSqliteEventStore>,
  stream: string,
): Promise<void> {
  let expectedRevision: ExpectedRevision = 'no_stream';
  for (let n = 0; n < MAX_BATCHES_PER_WRITER; n++) {
    const batch = randomUUID();
    const size = 1 + (n % 4);
    const events = Array.from({ length: size }, (_, index) => ({
      id: randomUUID(),
      type: 'CrashTestBatchAppended',
      data: { batch, size, index },
    }));
    const result = await store.appendToStream(stream, events, { expectedRevision });
    expectedRevision = result.nextExpectedRevision;
    const ack: CrashAck = {
      stream,
      batch,
      ids: events.map((e) => e.id),
      nextExpectedRevision: String(result.nextExpectedRevision),
      position: String(result.position),
    };
    process.stdout.write(`${JSON.stringify(ack)}\n`);
  }
}

function main(): void {
  const [file, round] = process.argv.slice(2);
  if (!file || !round) throw new Error('usage: sqlite-crash-writer.ts <file> <round>');
  setTimeout(() => process.exit(3), GIVE_UP_AFTER_MS).unref();
  const store = createSqliteEventStore({ file });
  const writers = [0, 1, 2, 3].map((w) => writeBatches(store, `crash-r${round}-w${w}`));
  Promise.all(writers).then(
    () => store.close(),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(2);
    },
  );
}

main();
