/**
 * Rough group-commit figures (not a test): appends per second with 1, 10 and 50 concurrent
 * writers, each appending one-event batches to its own stream with an exact expected revision.
 *   node -r ./scripts/register-ts.cjs \
 *     libs/event-store/src/testing/measure-group-commit.ts [appendsPerRun] [dir]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '../sqlite';

async function measure(
  synchronous: 'FULL' | 'NORMAL',
  writers: number,
  appends: number,
  dir: string,
): Promise<number> {
  const store = createSqliteEventStore({
    file: join(dir, `${synchronous}-${writers}.db`),
    synchronous,
  });
  const perWriter = Math.ceil(appends / writers);
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let expectedRevision: 'no_stream' | bigint = 'no_stream';
      for (let n = 0; n < perWriter; n++) {
        const event = {
          id: randomUUID(),
          type: 'TransferReported',
          data: { writer: w, n, quantity: 1245 },
        };
        expectedRevision = (
          await store.appendToStream(`writer-${w}`, [event], { expectedRevision })
        ).nextExpectedRevision;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  return (perWriter * writers) / seconds;
}

async function main(): Promise<void> {
  const appends = Number(process.argv[2] ?? 2000);
  const dir = mkdtempSync(join(process.argv[3] ?? tmpdir(), 'ledger-group-commit-'));
  try {
    for (const synchronous of ['FULL', 'NORMAL'] as const) {
      for (const writers of [1, 10, 50]) {
        const rate = await measure(synchronous, writers, appends, dir);
        process.stdout.write(
          `synchronous=${synchronous} writers=${writers}: ${Math.round(rate)} appends/s\n`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
