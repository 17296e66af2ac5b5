import { StoreUnavailableError } from '@ledger/event-store';

/** Commands one stream may have waiting in one process before more are refused (503, retry). */
export const MAX_QUEUED_PER_STREAM = 1_000;

interface Lane {
  tail: Promise<void>;
  waiting: number;
}

/**
 * Commands on one stream, one at a time in this process: concurrent requests on one agreement
 * queue behind each other instead of racing for its revision and retrying into 409s. Streams
 * run independently; a stream's lane is dropped as soon as its last command ends, so idle
 * streams cost nothing. Across processes the expected revision still guards every append.
 */
export class StreamQueue {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly maxQueued: number = MAX_QUEUED_PER_STREAM) {}

  /** Streams with a command running or waiting. */
  get busyStreams(): number {
    return this.lanes.size;
  }

  run<T>(stream: string, task: () => Promise<T>): Promise<T> {
    const lane = this.lanes.get(stream) ?? { tail: Promise.resolve(), waiting: 0 };
    if (lane.waiting >= this.maxQueued)
      return Promise.reject(
        new StoreUnavailableError(
          `${lane.waiting} commands are already waiting for stream ${stream}; retry shortly`,
        ),
      );
    lane.waiting++;
    this.lanes.set(stream, lane);
    const result = lane.tail.then(task);
    const settled = result.then(
      () => this.leave(stream, lane),
      () => this.leave(stream, lane),
    );
    lane.tail = settled;
    return result;
  }

  private leave(stream: string, lane: Lane): void {
    lane.waiting--;
    if (lane.waiting === 0 && this.lanes.get(stream) === lane) this.lanes.delete(stream);
  }
}
