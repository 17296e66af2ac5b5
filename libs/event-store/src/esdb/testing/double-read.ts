import { randomUUID } from 'node:crypto';
import { type ServerWritableStream, status } from '@grpc/grpc-js';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { EventLog, StoredEvent } from './double-log';
import {
  BadRequest,
  caughtUpResponse,
  checkpointResponse,
  confirmationResponse,
  eventResponse,
  matchesFilter,
  parseReadRequest,
  type ReadRequest,
  streamNotFoundResponse,
} from './double-wire';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

/** Catch-up sends history in slices so that appends keep flowing while a long history replays. */
const CATCH_UP_SLICE = 256;

/**
 * Streams.Read: bounded reads of a stream or of $all (reads start inclusively, as EventStoreDB's
 * do; a backwards $all read starts just before its position, as EventStoreDB's log reader does),
 * and catch-up subscriptions (start exclusively: confirmation, history, checkpoints when
 * filtered, CaughtUp, then live events).
 */
export class ReadHandler {
  private readonly subscriptions = new Set<ReadCall>();

  constructor(private readonly log: EventLog) {}

  readonly handle = (call: ReadCall): void => {
    let request: ReadRequest;
    try {
      request = parseReadRequest(call.request);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      call.emit('error', { code: status.INVALID_ARGUMENT, details: error.message });
      return;
    }
    const { from, target } = request;
    if (target === 'all' && typeof from === 'bigint' && !this.log.isReadablePosition(from)) {
      // What EventStoreDB 23.10+ answers for a position inside or beyond its log.
      call.emit('error', {
        code: status.UNKNOWN,
        details: 'Trying to read from an invalid position.',
      });
      return;
    }
    if (request.count === undefined) this.subscribe(call, request);
    else void this.read(call, request, request.count);
  };

  /** Ends every live subscription with `code`, as a server that drops its subscribers does. */
  dropSubscriptions(code: status, details: string): number {
    const dropped = [...this.subscriptions];
    for (const call of dropped) call.emit('error', { code, details });
    this.subscriptions.clear();
    return dropped.length;
  }

  private async read(call: ReadCall, request: ReadRequest, count: bigint): Promise<void> {
    if (request.target !== 'all' && this.log.stream(request.target.stream).length === 0) {
      await write(call, streamNotFoundResponse(request.target.stream));
      call.end();
      return;
    }
    const selected = this.select(request).slice(0, count > 1_000_000n ? 1_000_000 : Number(count));
    for (const event of selected) await write(call, eventResponse(event));
    call.end();
  }

  private select(request: ReadRequest): StoredEvent[] {
    const target = request.target;
    const source = target === 'all' ? this.log.all : this.log.stream(target.stream);
    const key = (event: StoredEvent): bigint =>
      target === 'all' ? event.position : event.revision;
    const { from } = request;
    if (!request.backwards) {
      return source.filter(
        (e) =>
          (from === 'end' ? false : from === 'start' || key(e) >= from) &&
          matchesFilter(request.filter, e),
      );
    }
    const before = source.filter((e) => {
      if (from === 'end') return true;
      if (from === 'start') return false;
      // $all backwards excludes the event at the position; a stream read includes its revision.
      return target === 'all' ? key(e) < from : key(e) <= from;
    });
    return before.reverse().filter((e) => matchesFilter(request.filter, e));
  }

  private subscribe(call: ReadCall, request: ReadRequest): void {
    this.subscriptions.add(call);
    const subscription = new LiveSubscription(call, request, this.log);
    call.on('cancelled', () => {
      this.subscriptions.delete(call);
      subscription.stop();
    });
    call.on('finish', () => subscription.stop());
    void subscription.run().catch(() => subscription.stop());
  }
}

/** One catch-up subscription: history from the log, then every new event as it commits. */
class LiveSubscription {
  private stopped = false;
  private unlisten: () => void = () => undefined;
  private considered = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly call: ReadCall,
    private readonly request: ReadRequest,
    private readonly log: EventLog,
  ) {}

  async run(): Promise<void> {
    await write(this.call, confirmationResponse(randomUUID()));
    let next = this.firstIndex();
    // Slices yield to the event loop; the loop ends once it reaches the log's end in the same
    // tick that registers the live listener, so no event falls between history and live.
    while (!this.stopped && next < this.source().length) {
      const slice = this.source().slice(next, next + CATCH_UP_SLICE);
      for (const event of slice) await this.deliver(event);
      next += slice.length;
    }
    if (this.stopped) return;
    // Live events queue behind the CaughtUp message, registered in the same tick.
    this.queue = this.announceCaughtUp();
    this.unlisten = this.log.onAppended((event) => this.onLive(event));
    await this.queue;
  }

  private async announceCaughtUp(): Promise<void> {
    const last = this.log.all[this.log.all.length - 1];
    if (this.request.filter && last) await write(this.call, checkpointResponse(last.position));
    await write(this.call, caughtUpResponse());
  }

  stop(): void {
    this.stopped = true;
    this.unlisten();
  }

  private source(): readonly StoredEvent[] {
    const target = this.request.target;
    return target === 'all' ? this.log.all : this.log.stream(target.stream);
  }

  /** Subscriptions start after their position (exclusive); 'end' means only what comes next. */
  private firstIndex(): number {
    const { from, target } = this.request;
    const events = this.source();
    if (from === 'start') return 0;
    if (from === 'end') return events.length;
    const after = events.findIndex((e) => (target === 'all' ? e.position : e.revision) > from);
    return after < 0 ? events.length : after;
  }

  private onLive(event: StoredEvent): void {
    const target = this.request.target;
    if (target !== 'all' && event.stream !== target.stream) return;
    // Keep live deliveries in commit order even when the socket asks us to wait.
    this.queue = this.queue
      .then(() => (this.stopped ? undefined : this.deliver(event)))
      .catch(() => this.stop());
  }

  private async deliver(event: StoredEvent): Promise<void> {
    const { filter } = this.request;
    if (matchesFilter(filter, event)) await write(this.call, eventResponse(event));
    if (!filter) return;
    this.considered += 1;
    if (this.considered % filter.checkpointEvery === 0)
      await write(this.call, checkpointResponse(event.position));
  }
}

/** Writes one message, waiting for the socket to drain when gRPC flow control says so. */
function write(call: ReadCall, message: ReadResp): Promise<void> {
  if (call.cancelled || call.writableEnded) return Promise.resolve();
  if (call.write(message)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      call.off('drain', done);
      call.off('close', done);
      resolve();
    };
    call.on('drain', done);
    call.on('close', done);
  });
}
