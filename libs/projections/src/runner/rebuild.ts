import { join } from 'node:path';
import { type AllPage, type EventStore, readAllPage } from '@ledger/event-store';
import { GenerationBuilder, type GenerationBuilderOptions } from '../read-model/generation-builder';
import {
  currentGeneration,
  newGenerationName,
  pointTo,
  removeGenerations,
} from '../read-model/generations';
import { type Checkpoint, type Projection } from '../read-model/read-model-db';
import { type RunnerLogger } from './projection-runner';

export interface RebuildProgress {
  readonly events: number;
  readonly position: bigint;
  /** The store's last position when the rebuild started (the bar's 100 %). */
  readonly head: bigint;
  readonly elapsedMs: number;
}

export interface RebuildOptions extends GenerationBuilderOptions {
  /** Events read per page of the log and projected per transaction (default 1,000). */
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  readonly logger?: RunnerLogger;
  readonly clock?: () => number;
  /** Delay before reading a page again after the store failed, by attempt (default 100 ms doubling up to 30 s). */
  readonly retryDelayMs?: (attempt: number) => number;
  /** The projection (tests substitute one that fails). */
  readonly projection?: Projection;
}

export interface RebuildReport {
  readonly generation: string;
  readonly previous: string;
  readonly checkpoint: Checkpoint;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
}

const defaultRetryDelay = (attempt: number): number =>
  Math.min(30_000, 100 * 2 ** Math.min(attempt, 9));

/**
 * Projects the whole log from position 0 into a new generation while the one in use keeps
 * answering, then swaps the pointer once the new one has caught up. Processes using the read
 * models follow the pointer (ReadModels.refresh); a writer resumes from the new file's checkpoint,
 * so events appended during the swap are not lost. Generations older than the one replaced are
 * deleted; the replaced one stays until the next rebuild, for readers still switching.
 *
 * The log is read in pages straight from the store (readAllPage, the next page requested while the
 * current one is projected) until a short page says the rebuild has caught up; each page is
 * projected in one transaction of a GenerationBuilder, which writes the same rows as the live
 * runner would. A store failure is retried from the same page; a projection failure ends the
 * rebuild: the half-built generation is deleted and the one in use stays.
 */
export async function rebuildReadModels(
  store: EventStore,
  dataDir: string,
  options: RebuildOptions = {},
): Promise<RebuildReport> {
  const clock = options.clock ?? Date.now;
  const started = clock();
  const previous = currentGeneration(dataDir);
  const generation = newGenerationName(dataDir, started);
  removeGenerations(dataDir, [previous]);
  const builder = GenerationBuilder.create(join(dataDir, generation), options);
  const reading = { stopped: false };
  let checkpoint: Checkpoint;
  try {
    const head = await store.headPosition();
    const pageSize = options.batchSize ?? 1_000;
    const read = (after: bigint): Promise<AllPage> =>
      readPage(store, after, pageSize, options, reading);
    let next = read(0n);
    for (;;) {
      const { events: page, ended } = await next;
      const last = page.at(-1);
      const more = !ended && last !== undefined;
      if (more) next = read(last.position);
      if (page.length > 0) {
        const done = builder.applyBatch(page, options.projection);
        options.onProgress?.({
          events: done.events,
          position: done.position,
          head,
          elapsedMs: clock() - started,
        });
      }
      if (!more) break;
    }
    checkpoint = builder.finish();
  } catch (error: unknown) {
    builder.abandon();
    throw error;
  } finally {
    reading.stopped = true;
  }
  pointTo(dataDir, generation);
  const elapsedMs = Math.max(1, clock() - started);
  return {
    generation,
    previous,
    checkpoint,
    elapsedMs,
    eventsPerSecond: Math.round((checkpoint.events * 1000) / elapsedMs),
  };
}

/**
 * The events after `after` (0n: the start; otherwise a position the last page returned, never one
 * computed from it, which EventStoreDB refuses), retrying while the store fails (an outage should
 * not end a long rebuild).
 */
async function readPage(
  store: EventStore,
  after: bigint,
  pageSize: number,
  options: RebuildOptions,
  reading: { stopped: boolean },
): Promise<AllPage> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await readAllPage(store, { after, pageSize });
    } catch (error: unknown) {
      if (reading.stopped) return { events: [], ended: true };
      const delay = (options.retryDelayMs ?? defaultRetryDelay)(attempt);
      options.logger?.error(
        `Rebuild could not read the log after position ${after}: ${String(error)}; retrying in ${delay} ms`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
