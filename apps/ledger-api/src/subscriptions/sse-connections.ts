import {
  type BeforeApplicationShutdown,
  HttpException,
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { EventStore } from '@ledger/event-store';
import { grants, KeyRing, type Requester, type Role } from '../auth';
import { AccessProblem } from '../auth/auth-errors';
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
  /** Closed because the client read nothing for LEDGER_SSE_STALL_TIMEOUT_MS. */
  readonly stalled: number;
  /** Ended at LEDGER_SSE_MAX_LIFETIME_MS (`interrupted: lifetime_reached`). */
  readonly expired: number;
  /** Refused at the caps: per key (429) and in total (503). */
  readonly refusedPerKey: number;
  readonly refusedTotal: number;
  /** Shared live store subscriptions (one per distinct filter among the live sessions). */
  readonly liveHubs: number;
}

function tooManyStreams(keyName: string, cap: number): AccessProblem {
  return new AccessProblem(
    429,
    'too_many_streams',
    `The key "${keyName}" already holds ${cap} open event streams (LEDGER_SSE_MAX_PER_KEY); close one first.`,
  );
}

function streamCapacityReached(cap: number): HttpException {
  return new HttpException(
    {
      code: 'stream_capacity_reached',
      message: `This server already serves ${cap} event streams (LEDGER_SSE_MAX_CONNECTIONS); retry later or elsewhere.`,
    },
    503,
  );
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
  private stalled = 0;
  private expired = 0;
  private refusedPerKey = 0;
  private refusedTotal = 0;
  /** Streams open or opening, per key id: the caps count a stream from its request on. */
  private readonly perKey = new Map<string, number>();
  private reserved = 0;

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
      stalled: this.stalled,
      expired: this.expired,
      refusedPerKey: this.refusedPerKey,
      refusedTotal: this.refusedTotal,
      liveHubs: this.hubs.count,
    };
  }

  /** What each open session is doing (phase, bytes queued for its client…). */
  sessionStates(): SseSession['state'][] {
    return [...this.sessions.keys()].map((session) => session.state);
  }

  /**
   * Takes the reply over from Fastify and streams. Whatever fails before that (over a cap, the
   * store cannot say where its end is) still reaches the client as a problem; afterwards, as a
   * closing frame.
   */
  async open(
    request: SubscriptionRequest,
    reply: FastifyReply,
    requester: Requester,
  ): Promise<void> {
    const release = this.reserve(requester, reply);
    try {
      if (!(await this.start(request, reply, requester, release))) release();
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Starts the session (false: the client left first); `release` runs when the session ends. */
  private async start(
    request: SubscriptionRequest,
    reply: FastifyReply,
    requester: Requester,
    release: () => void,
  ): Promise<boolean> {
    const after = request.from === 'end' ? await this.store.headPosition() : request.from.after;
    reply.hijack();
    const response = new SseResponse(reply.raw);
    if (response.isClosed) return false;
    const filter = deliveryFilter(request);
    const feed: EventFeed =
      request.target.kind === 'stream'
        ? new StreamFeed(this.store, request.target.stream, after)
        : new AllFeed(this.store, after, filter.store, this.hubs);
    const deps = {
      response,
      feed,
      accepts: filter.accepts,
      settings: this.settings,
      frames: this.frames,
      logger: this.logger,
    };
    const session = new SseSession(deps, after);
    this.sessions.set(session, requester);
    this.opened += 1;
    session.onEnded((end) => {
      this.sessions.delete(session);
      this.closed += 1;
      if (end === 'overflow') this.overflowed += 1;
      if (end === 'stalled') this.stalled += 1;
      if (end === 'expired') this.expired += 1;
      release();
    });
    // Not awaited by the route: the stream outlives the handler; run() reports its own failures.
    void session.run();
    return true;
  }

  /**
   * Counts a stream against the caps before anything else is done for it, or refuses it: over the
   * key's cap 429 (that key's own streams must end first), over the process's 503 (another
   * instance, or later, may serve it). Returns the release, to call once when the stream ends.
   */
  private reserve(requester: Requester, reply: FastifyReply): () => void {
    const { maxPerKey, maxConnections } = this.settings;
    const held = this.perKey.get(requester.keyId) ?? 0;
    const retryAfter = String(Math.max(1, Math.ceil(this.settings.retryMs / 1000)));
    if (held >= maxPerKey) {
      this.refusedPerKey += 1;
      void reply.header('retry-after', retryAfter);
      throw tooManyStreams(requester.name, maxPerKey);
    }
    if (this.reserved >= maxConnections) {
      this.refusedTotal += 1;
      void reply.header('retry-after', retryAfter);
      throw streamCapacityReached(maxConnections);
    }
    this.perKey.set(requester.keyId, held + 1);
    this.reserved += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= 1;
      const left = (this.perKey.get(requester.keyId) ?? 1) - 1;
      if (left === 0) this.perKey.delete(requester.keyId);
      else this.perKey.set(requester.keyId, left);
    };
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
