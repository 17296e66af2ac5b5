import { join } from 'node:path';
import { type EventStore } from '@ledger/event-store';
import { currentGeneration, newGenerationName, pointTo, removeGenerations } from '../read-model/generations';
import { type Checkpoint, ReadModelDb } from '../read-model/read-model-db';
import { ProjectionRunner, type RunnerLogger } from './projection-runner';

export interface RebuildProgress {
  readonly events: number;
  readonly position: bigint;
  /** The store's last position when the rebuild started (the bar's 100 %). */
  readonly head: bigint;
  readonly elapsedMs: number;
}

export interface RebuildOptions {
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  readonly logger?: RunnerLogger;
  readonly clock?: () => number;
}

export interface RebuildReport {
  readonly generation: string;
  readonly previous: string;
  readonly checkpoint: Checkpoint;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
}

/**
 * Projects the whole log from position 0 into a new generation while the one in use keeps
 * answering, then swaps the pointer once the new one has caught up. Processes using the read
 * models follow the pointer (ReadModels.refresh); a writer resumes from the new file's checkpoint,
 * so events appended during the swap are not lost. Generations older than the one replaced are
 * deleted; the replaced one stays until the next rebuild, for readers still switching.
 */
export async function rebuildReadModels(store: EventStore, dataDir: string, options: RebuildOptions = {}): Promise<RebuildReport> {
  const clock = options.clock ?? Date.now;
  const started = clock();
  const previous = currentGeneration(dataDir);
  const generation = newGenerationName(dataDir, started);
  removeGenerations(dataDir, [previous]);
  const db = ReadModelDb.open(join(dataDir, generation));
  const head = await store.headPosition();
  const runner = new ProjectionRunner(store, db, {
    batchSize: options.batchSize ?? 2000,
    ...(options.logger ? { logger: options.logger } : {}),
    onBatch: (c) => options.onProgress?.({ events: c.events, position: c.position, head, elapsedMs: clock() - started }),
  });
  try {
    runner.start();
    await runner.whenCaughtUp();
  } finally {
    await runner.stop();
    db.close();
  }
  pointTo(dataDir, generation);
  const checkpoint = runner.checkpoint;
  const elapsedMs = Math.max(1, clock() - started);
  return { generation, previous, checkpoint, elapsedMs, eventsPerSecond: Math.round((checkpoint.events * 1000) / elapsedMs) };
}
