import { EventSource, type FetchLike } from 'eventsource';
import { DeliveryQueue } from './delivery-queue';
import { comparePositions, type LedgerEnvelope } from './envelope';
import { CONTROL_EVENTS, FROM_START, isPosition, SSE_QUERY, SSE_ROUTES } from './protocol';
import { type Reconnector, reconnector } from './reconnect';

export type SubscriptionTarget = { readonly stream: string } | { readonly category: string };

export interface SubscribeOptions {
  /** The ledger API, e.g. http://127.0.0.1:3000 */
  readonly baseUrl: string;
  /** One stream or one category; the whole log when absent. */
  readonly target?: SubscriptionTarget;
  /** The last position already held (a checkpoint), 'start' (default) or 'end'. */
  readonly from?: string;
  readonly types?: readonly LedgerEnvelope['type'][];
  /** Only with the whole log: categories such as 'agreement'. */
  readonly categories?: readonly string[];
  /** Called once per event, in log order; the next waits for its promise. Throwing ends the subscription. */
  readonly onEvent: (event: LedgerEnvelope) => Promise<void> | void;
  /** Called after onEvent with the event's position: persist it, and pass it as `from` after a restart. */
  readonly onCheckpoint?: (position: string) => Promise<void> | void;
  /** What the connection is doing (for logs and metrics). */
  readonly onStatus?: (status: SubscriptionStatus) => void;
  readonly signal?: AbortSignal;
  /** Events received but not yet handled before the client stops reading (it reconnects once half are done). */
  readonly maxQueued?: number;
  /** Waits between reconnections after a refused connection (the server down or answering 5xx). */
  readonly reconnect?: { readonly firstDelayMs?: number; readonly maxDelayMs?: number };
  /** Sent with every request, e.g. { authorization: 'Bearer ldg_…' } (a key with the subscriber role). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Another fetch implementation; the global fetch by default. */
  readonly fetch?: FetchLike;
}

export type SubscriptionStatus =
  | { readonly kind: 'connecting'; readonly from: string }
  | { readonly kind: 'open' }
  | { readonly kind: 'caughtUp'; readonly position: string }
  | { readonly kind: 'serverEnded'; readonly reason: string; readonly detail: string }
  | { readonly kind: 'paused'; readonly queued: number }
  | { readonly kind: 'reconnecting'; readonly error: string };

/** The server refused the subscription itself (400: a bad filter or position); retrying cannot help. */
export class SubscriptionRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly problem: string,
  ) {
    super(`The ledger refused the subscription (HTTP ${status}): ${problem}`);
    this.name = 'SubscriptionRefusedError';
  }
}

export interface LedgerSubscription {
  /** Resolves when closed (close() or the signal), rejects when the consumer threw or the server refused. */
  readonly done: Promise<void>;
  /** The position of the last event the consumer finished with. */
  readonly position: string | undefined;
  close(): Promise<void>;
}

/**
 * An EventSource that hands every frame to one callback: with standard EventSource a named event
 * (`event: TransferReported`) reaches only listeners of that name, and a client cannot list the
 * names a newer ledger may send. The `eventsource` package dispatches each frame through
 * `dispatchEvent`, which is where this looks; a test pins that behaviour.
 */
class LedgerEventSource extends EventSource {
  onFrame: ((event: MessageEvent) => void) | undefined;

  override dispatchEvent(event: Event): boolean {
    // Event frames stop here: nothing else listens to them, and EventTarget's dispatch costs
    // microseconds per event, which a hundred subscribers at 1,000 events/s feel.
    if (event instanceof MessageEvent && this.onFrame) {
      this.onFrame(event);
      return true;
    }
    return super.dispatchEvent(event);
  }
}

/**
 * Follows the ledger from a position: each event once, in order, across reconnections, server
 * restarts and overflows. The client keeps the last position it accepted and resumes after it
 * (Last-Event-ID within a connection, `from` for a new one); anything at or before it is dropped.
 */
export function subscribe(options: SubscribeOptions): LedgerSubscription {
  return new Subscription(options).start();
}

/** A 4xx other than a timeout or a rate limit: the request itself is wrong, retrying cannot help. */
function isRefusal(status: number | undefined): status is number {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

class Subscription {
  private source: LedgerEventSource | undefined;
  private accepted: string | undefined;
  private closed = false;
  private paused = false;
  private readonly queue: DeliveryQueue;
  private readonly retry: Reconnector;
  private settle!: { resolve: () => void; reject: (error: unknown) => void };
  private readonly done = new Promise<void>(
    (resolve, reject) => (this.settle = { resolve, reject }),
  );
  private lastProblem = '';

  constructor(private readonly options: SubscribeOptions) {
    // Marked handled here: a caller who only close()s must not crash the process; `done` still rejects.
    this.done.catch(() => undefined);
    const from = options.from ?? FROM_START;
    if (isPosition(from)) this.accepted = from;
    this.queue = new DeliveryQueue(
      options,
      (error) => void this.end(error),
      (remaining) => this.resumeIfRoom(remaining),
    );
    this.retry = reconnector(options.reconnect, () => this.connect());
  }

  start(): LedgerSubscription {
    if (this.options.signal?.aborted) void this.end();
    else {
      this.options.signal?.addEventListener('abort', () => void this.end(), { once: true });
      this.connect();
    }
    const queue = this.queue;
    return {
      done: this.done,
      close: () => this.end(),
      get position(): string | undefined {
        return queue.position;
      },
    };
  }

  private url(): string {
    const { baseUrl, target, types, categories } = this.options;
    const path =
      target === undefined
        ? SSE_ROUTES.all
        : 'stream' in target
          ? SSE_ROUTES.stream(target.stream)
          : SSE_ROUTES.category(target.category);
    const url = new URL(path, baseUrl);
    url.searchParams.set(SSE_QUERY.from, this.accepted ?? this.options.from ?? FROM_START);
    if (types?.length) url.searchParams.set(SSE_QUERY.types, types.join(','));
    if (categories?.length) url.searchParams.set(SSE_QUERY.categories, categories.join(','));
    return url.toString();
  }

  private connect(): void {
    if (this.closed || this.paused) return;
    this.source?.close();
    const from = this.accepted ?? this.options.from ?? FROM_START;
    this.options.onStatus?.({ kind: 'connecting', from });
    const source = new LedgerEventSource(this.url(), { fetch: this.recordingFetch() });
    source.onFrame = (frame) => this.onFrame(frame);
    source.onopen = () => {
      this.retry.succeeded();
      this.options.onStatus?.({ kind: 'open' });
    };
    source.onerror = (error) => this.onError(source, error.code, error.message);
    this.source = source;
  }

  /** Keeps the body of a refusal (problem+json), which EventSource itself discards. */
  private recordingFetch(): FetchLike {
    const base: FetchLike = this.options.fetch ?? ((url, init) => fetch(url, init));
    const extra = this.options.headers ?? {};
    return async (url, init) => {
      const response = await base(url, { ...init, headers: { ...init.headers, ...extra } });
      if (response.status !== 200)
        this.lastProblem = await new Response(response.body as ReadableStream | null)
          .text()
          .catch(() => '');
      return response;
    };
  }

  private onFrame(frame: MessageEvent): void {
    switch (frame.type) {
      case 'open':
      case 'error':
        return;
      case CONTROL_EVENTS.caughtUp:
        this.options.onStatus?.({
          kind: 'caughtUp',
          position: (JSON.parse(String(frame.data)) as { position: string }).position,
        });
        return;
      case CONTROL_EVENTS.overflow:
      case CONTROL_EVENTS.interrupted: {
        // The server ends the stream after this frame; EventSource reconnects with Last-Event-ID.
        const notice = JSON.parse(String(frame.data)) as { reason: string; detail: string };
        this.options.onStatus?.({
          kind: 'serverEnded',
          reason: notice.reason,
          detail: notice.detail,
        });
        return;
      }
      default:
        this.onEventFrame(frame);
    }
  }

  private onEventFrame(frame: MessageEvent): void {
    if (this.closed || this.paused || !isPosition(frame.lastEventId)) return;
    if (this.accepted !== undefined && comparePositions(frame.lastEventId, this.accepted) <= 0)
      return;
    this.accepted = frame.lastEventId;
    this.queue.push(JSON.parse(String(frame.data)) as LedgerEnvelope);
    if (this.queue.length >= this.maxQueued) this.pause();
  }

  private get maxQueued(): number {
    return this.options.maxQueued ?? 1000;
  }

  /** The consumer is behind: stop reading (the server then holds nothing for us) until it catches up. */
  private pause(): void {
    this.paused = true;
    this.source?.close();
    this.source = undefined;
    this.options.onStatus?.({ kind: 'paused', queued: this.queue.length });
  }

  private resumeIfRoom(remaining: number): void {
    if (!this.paused || remaining > this.maxQueued / 2) return;
    this.paused = false;
    this.connect();
  }

  private onError(
    source: LedgerEventSource,
    status: number | undefined,
    message: string | undefined,
  ): void {
    if (this.closed || source !== this.source) return;
    const what = message ?? 'connection error';
    if (source.readyState !== source.CLOSED) {
      // EventSource reconnects by itself (network error, stream ended), sending Last-Event-ID.
      this.options.onStatus?.({ kind: 'reconnecting', error: what });
      return;
    }
    if (isRefusal(status)) {
      void this.end(new SubscriptionRefusedError(status, this.lastProblem || what));
      return;
    }
    this.source = undefined;
    this.options.onStatus?.({ kind: 'reconnecting', error: what });
    this.retry.schedule();
  }

  private async end(error?: unknown): Promise<void> {
    if (this.closed) return this.done.catch(() => undefined);
    this.closed = true;
    this.source?.close();
    this.source = undefined;
    this.retry.cancel();
    await this.queue.stop();
    if (error === undefined) this.settle.resolve();
    else this.settle.reject(error);
  }
}
