import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { EventStore } from '@ledger/event-store';
import { grants, KeyRing, type Requester, type Role } from '../auth';
import { EVENT_STORE } from '../store/store.tokens';
import { AllFeed, type EventFeed, StreamFeed } from './event-feed';
import { LiveHubs } from './live-hub';
import { FrameCache } from './sse-frames';
import { SseResponse } from './sse-response';
import { SseSession } from './sse-session';
import { SSE_SETTINGS, type SseSettings } from './sse-settings';
import { deliveryFilter, type SubscriptionRequest } from './subscription-request';

/** Counters of the SSE connections this process serves, for tests and operators. */
export interface SseConnectionStats {
  readonly active: number;
  readonly opened: number;
  readonly closed: number;
  readonly overflowed: number;
  /** Shared live store subscriptions (one per distinct filter among the live sessions). */
  readonly liveHubs: number;
}

/** The roles that may follow an event stream (every subscription route declares them). */
export const STREAM_ROLES: [Role, ...Role[]] = ['subscriber'];

/**
 * Every open SSE connection. Opening one starts its session; its end (client gone, overflow,
 * shutdown) removes it. At shutdown every stream ends with an `interrupted` frame, so clients
 * resume elsewhere and the HTTP server is not held open by streams that never finish.
 */
@Injectable()
export class SseConnections implements BeforeApplicationShutdown, OnModuleDestroy {
  private readonly logger = new Logger('Subscriptions');
  /** Each open session with the key that opened it. */
  private readonly sessions = new Map<SseSession, Requester>();
  private readonly stopWatchingKeys: () => void;
  private readonly frames = new FrameCache();
  private readonly hubs: LiveHubs;
  private opened = 0;
  private closed = 0;
  private overflowed = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SSE_SETTINGS) private readonly settings: SseSettings,
    @Inject(KeyRing) private readonly keys: KeyRing,
  ) {
    this.hubs = new LiveHubs(store);
    this.stopWatchingKeys = keys.onChange(() => this.closeRevoked());
  }

  get stats(): SseConnectionStats {
    return {
      active: this.sessions.size,
      opened: this.opened,
      closed: this.closed,
      overflowed: this.overflowed,
      liveHubs: this.hubs.count,
    };
  }

  /** What each open session is doing (phase, bytes queued for its client…). */
  sessionStates(): SseSession['state'][] {
    return [...this.sessions.keys()].map((session) => session.state);
  }

  /**
   * Takes the reply over from Fastify and streams. Whatever fails before that (the store cannot
   * say where its end is) still reaches the client as a problem; afterwards, as a closing frame.
   */
  async open(
    request: SubscriptionRequest,
    reply: FastifyReply,
    requester: Requester,
  ): Promise<void> {
    const after = request.from === 'end' ? await this.store.headPosition() : request.from.after;
    reply.hijack();
    const response = new SseResponse(reply.raw);
    if (response.isClosed) return;
    const filter = deliveryFilter(request);
    const feed: EventFeed =
      request.target.kind === 'stream'
        ? new StreamFeed(this.store, request.target.stream, after)
        : new AllFeed(this.store, after, filter.store, this.hubs);
    const session = new SseSession(
      {
        response,
        feed,
        accepts: filter.accepts,
        settings: this.settings,
        frames: this.frames,
        logger: this.logger,
      },
      after,
    );
    this.sessions.set(session, requester);
    this.opened += 1;
    session.onEnded((overflowed) => {
      this.sessions.delete(session);
      this.closed += 1;
      if (overflowed) this.overflowed += 1;
    });
    // Not awaited by the route: the stream outlives the handler; run() reports its own failures.
    void session.run();
  }

  /**
   * A key removed from the ring, or no longer holding a stream role, ends its streams at once (the
   * key ring re-reads its file within a second of a change, so within about a second of it).
   */
  private closeRevoked(): void {
    for (const [session, requester] of [...this.sessions]) {
      const now = this.keys.requesterById(requester.keyId);
      if (now !== undefined && grants(now.roles, STREAM_ROLES)) continue;
      session.finish(
        'access_revoked',
        `the key "${requester.name}" was revoked or no longer holds the subscriber role`,
      );
    }
  }

  onModuleDestroy(): void {
    this.stopWatchingKeys();
  }

  beforeApplicationShutdown(): void {
    for (const session of [...this.sessions.keys()])
      session.finish(
        'server_shutdown',
        'the server is shutting down; resume from the last event id',
      );
  }
}
