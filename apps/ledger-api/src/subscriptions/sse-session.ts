import type { Logger } from '@nestjs/common';
import {
  StoreUnavailableError,
  type RecordedEvent,
  type SubscriptionMessage,
} from '@ledger/event-store';
import { CONTROL_EVENTS, type StreamEndNotice, type StreamEndReason } from '@ledger/ledger-client';
import type { Subscription } from 'rxjs';
import type { EventFeed } from './event-feed';
import { controlFrame, type FrameCache, HEARTBEAT_FRAME } from './sse-frames';
import type { SseResponse } from './sse-response';
import type { SseSettings } from './sse-settings';

export type SessionPhase = 'history' | 'live' | 'ended';

/** How a session ended: overflowed its live buffer, stalled (read nothing), reached its lifetime, or anything else. */
export type SessionEnd = 'overflow' | 'stalled' | 'expired' | 'other';

/** Events in the first history page, before frame sizes are known. */
const FIRST_PAGE_EVENTS = 16;

export interface SessionDeps {
  readonly response: SseResponse;
  readonly feed: EventFeed;
  readonly accepts: (event: RecordedEvent) => boolean;
  readonly settings: SseSettings;
  readonly frames: FrameCache;
  readonly logger: Logger;
}

/**
 * One subscriber's stream. History: pull a page, write it, and when the socket pushes back wait
 * for 'drain' before reading on, so a slow client catching up on a long log costs the server one
 * page, not the log; pages hold about an eighth of `maxBufferedBytes` of frames (their event count
 * follows the frame sizes seen), and at most a sixteenth is queued before waiting. Live: the store
 * pushes; what the client has not taken yet is counted, and past `maxBufferedBytes` the stream ends with an `overflow` frame (the client resumes from its
 * last id). Positions only grow: anything at or before the last one written is a duplicate.
 */
export class SseSession {
  private phase: SessionPhase = 'history';
  private lastPosition: bigint;
  /** The id of the last event frame written (undefined before the first). */
  private lastWritten: bigint | undefined;
  private delivered = 0;
  private live: Subscription | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private lifetime: NodeJS.Timeout | undefined;
  private readonly endedListeners: ((end: SessionEnd) => void)[] = [];
  private end: SessionEnd = 'other';
  /** Frames written during history and their characters: the average sizes the next page. */
  private historyFrames = 0;
  private historyChars = 0;

  constructor(
    private readonly deps: SessionDeps,
    after: bigint,
  ) {
    this.lastPosition = after;
    deps.response.onClose(() => this.stop());
    deps.response.watchStalls(deps.settings.stallTimeoutMs, () => this.stalled());
  }

  get state(): {
    phase: SessionPhase;
    delivered: number;
    lastPosition: string;
    queuedBytes: number;
    maxQueuedBytes: number;
  } {
    const { response } = this.deps;
    return {
      phase: this.phase,
      delivered: this.delivered,
      lastPosition: this.lastPosition.toString(),
      queuedBytes: response.queuedBytes,
      maxQueuedBytes: response.maxQueuedBytes,
    };
  }

  /** A getter, so that TypeScript does not narrow the phase across calls that may end the session. */
  private get isEnded(): boolean {
    return this.phase === 'ended';
  }

  onEnded(listener: (end: SessionEnd) => void): void {
    this.endedListeners.push(listener);
  }

  async run(): Promise<void> {
    const { response, settings } = this.deps;
    response.open(settings.retryMs);
    this.heartbeat = setInterval(() => response.write(HEARTBEAT_FRAME), settings.heartbeatMs);
    // A client that reads nothing but heartbeats never pushes back, so the stall timeout never
    // sees it: the lifetime bounds how long any stream holds its place under the caps.
    if (settings.maxLifetimeMs > 0)
      this.lifetime = setTimeout(() => this.expire(), settings.maxLifetimeMs);
    try {
      await this.catchUp();
      if (this.phase === 'history') this.goLive();
    } catch (error: unknown) {
      this.fail(error);
    }
  }

  /** Ends the stream with a reason the client can read, then releases everything. */
  finish(reason: StreamEndReason, detail: string): void {
    if (this.phase === 'ended') return;
    const notice: StreamEndNotice = {
      reason,
      detail,
      ...(this.lastWritten !== undefined ? { lastEventId: this.lastWritten.toString() } : {}),
    };
    const overflowed = reason === 'slow_consumer';
    if (overflowed) this.end = 'overflow';
    const name = overflowed ? CONTROL_EVENTS.overflow : CONTROL_EVENTS.interrupted;
    this.deps.response.end(controlFrame(name, notice, this.deps.settings.retryMs));
    this.stop();
  }

  private async catchUp(): Promise<void> {
    const { feed, response, settings } = this.deps;
    const queueLimit = settings.maxBufferedBytes / 16;
    while (this.phase === 'history') {
      const page = await feed.nextPage(this.nextPageSize());
      for (const event of page.events) {
        if (this.phase !== 'history') return;
        // Past the socket's high-water mark, keep writing up to a sixteenth of the live limit, then
        // wait for the client: fewer round trips than waiting at every refusal, a small queue.
        if (!this.deliver(event, true) && response.queuedBytes >= queueLimit)
          await response.drained();
      }
      if (page.ended) return;
    }
  }

  /**
   * Events for the next history page: as many as fit in an eighth of `maxBufferedBytes` at the
   * average frame size so far (a page stays in memory until written), within 1..pageSize.
   */
  private nextPageSize(): number {
    const { pageSize, maxBufferedBytes } = this.deps.settings;
    if (this.historyFrames === 0) return Math.min(pageSize, FIRST_PAGE_EVENTS);
    const average = this.historyChars / this.historyFrames;
    return Math.max(1, Math.min(pageSize, Math.floor(maxBufferedBytes / 8 / average)));
  }

  private goLive(): void {
    this.phase = 'live';
    this.live = this.deps.feed.goLive().subscribe({
      next: (message) => this.onLive(message),
      error: (error: unknown) => this.fail(error),
      complete: () => this.finish('subscription_failed', 'the store ended the subscription'),
    });
    // The feed may deliver (and the session end) within subscribe(), before `live` was assigned.
    if (this.isEnded) this.live.unsubscribe();
  }

  private onLive(message: SubscriptionMessage): void {
    if (this.phase === 'ended') return;
    if (message.kind === 'caughtUp') {
      this.deps.response.write(
        controlFrame(CONTROL_EVENTS.caughtUp, { position: message.position.toString() }),
      );
      return;
    }
    this.deliver(message.event);
    const queued = this.deps.response.queuedBytes;
    if (queued > this.deps.settings.maxBufferedBytes) {
      this.finish(
        'slow_consumer',
        `${queued} bytes were waiting for this client, over the limit of ${this.deps.settings.maxBufferedBytes}; resume from the last event id`,
      );
    }
  }

  /** Writes the event if it is new and wanted; returns what the socket said (false: wait for drain). */
  private deliver(event: RecordedEvent, history = false): boolean {
    if (event.position <= this.lastPosition) return true;
    this.lastPosition = event.position;
    if (!this.deps.accepts(event)) return true;
    this.delivered += 1;
    this.lastWritten = event.position;
    const frame = this.deps.frames.frameOf(event);
    if (history) {
      this.historyFrames += 1;
      this.historyChars += frame.length;
    }
    return this.deps.response.write(frame);
  }

  /**
   * Open for LEDGER_SSE_MAX_LIFETIME_MS: ends with `interrupted: lifetime_reached` (resume from the
   * last id). A client that reads nothing cannot take that frame, so if the connection has not
   * closed within the stall timeout it is dropped.
   */
  private expire(): void {
    if (this.phase === 'ended') return;
    const { response, settings } = this.deps;
    this.end = 'expired';
    this.finish(
      'lifetime_reached',
      `this stream was open for ${settings.maxLifetimeMs} ms (LEDGER_SSE_MAX_LIFETIME_MS); resume from the last event id`,
    );
    response.destroyUnlessClosedWithin(settings.stallTimeoutMs);
  }

  /** The client read nothing for the stall timeout: no closing frame could reach it, so drop it. */
  private stalled(): void {
    if (this.phase === 'ended') return;
    this.end = 'stalled';
    this.deps.response.destroy();
    this.stop();
  }

  private fail(error: unknown): void {
    if (this.phase === 'ended') return;
    if (error instanceof StoreUnavailableError) {
      this.finish('store_unavailable', error.message);
      return;
    }
    this.deps.logger.error(
      `A subscription failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    this.finish(
      'subscription_failed',
      'the subscription failed on the server; resume from the last event id',
    );
  }

  /** Idempotent: unsubscribes from the store, stops the heartbeat, tells the registry. */
  private stop(): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    this.live?.unsubscribe();
    this.live = undefined;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    clearTimeout(this.lifetime);
    this.lifetime = undefined;
    this.deps.response.end();
    for (const listener of this.endedListeners.splice(0)) listener(this.end);
  }
}
