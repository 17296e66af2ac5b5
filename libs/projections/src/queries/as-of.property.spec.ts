import { join } from 'node:path';
import fc from 'fast-check';
import { createMemoryEventStore, type RecordedEvent } from '@ledger/event-store';
import { ReadModelDb } from '../read-model/read-model-db';
import { ProjectionRunner } from '../runner/projection-runner';
import { histories, writeHistory } from '../testing/histories';
import { everything } from '../testing/snapshot';
import { tempDir } from '../testing/temp-dir';
import { ReadModelQueries } from './read-model-queries';

/**
 * The as-of property: for any history and any position P, what the live read models answer "as
 * of P" equals what read models built by projecting only the events up to P answer now. The live
 * side is built by the runner from the store's subscription in random batch sizes; the replay
 * side projects the prefix into a fresh database. Every query is compared, whole.
 */
describe('as-of queries', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  function replayUpTo(events: readonly RecordedEvent[], position: bigint): unknown {
    const fresh = ReadModelDb.open(':memory:');
    try {
      const checkpoint = fresh.applyBatch(events.filter((e) => e.position <= position));
      return everything(new ReadModelQueries(fresh.db), {
        position: checkpoint.position,
        current: true,
      });
    } finally {
      fresh.close();
    }
  }

  it('answer exactly what a full replay up to that position answers', async () => {
    let run = 0;
    let comparedPositions = 0;
    await fc.assert(
      fc.asyncProperty(
        histories(30),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
        async (steps, batchSize, samples) => {
          // Several events per millisecond tick, so asOf times map onto groups of positions.
          let tick = Date.UTC(2025, 5, 18, 8);
          const store = createMemoryEventStore({
            clock: () => (tick += steps.length % 3 === 0 ? 0 : 1),
          });
          await writeHistory(store, steps);
          const events = await store.readAll();
          const live = ReadModelDb.open(join(dir, `live-${run++}.db`));
          const runner = new ProjectionRunner(store, live, { batchSize });
          try {
            runner.start();
            const head = (await runner.whenCaughtUp()).position;
            const positions = [
              0n,
              head,
              ...samples.map((x) => BigInt(Math.floor(x * Number(head)))),
            ];
            for (const p of positions) {
              expect(
                everything(new ReadModelQueries(live.db), { position: p, current: p === head }),
              ).toEqual(replayUpTo(events, p));
              comparedPositions++;
            }
            for (const e of events.filter((_, i) => i % 7 === 0)) {
              const lastAtThatTime = events
                .filter((x) => x.recordedAt.getTime() <= e.recordedAt.getTime())
                .at(-1)?.position;
              expect(live.positionRecordedBy(e.recordedAt.getTime())).toBe(lastAtThatTime);
            }
            expect(live.positionRecordedBy(Date.UTC(2000, 0, 1))).toBe(0n);
          } finally {
            await runner.stop();
            live.close();
          }
        },
      ),
      { numRuns: 25 },
    );
    expect(comparedPositions).toBe(25 * 8);
  });
});
