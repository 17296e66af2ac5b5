import { type Subscription } from 'rxjs';
import { type EventStore, type RecordedEvent, type SubscriptionMessage } from '@ledger/event-store';
import { projectEvent } from '../projection/project';
import { type Checkpoint, type Projection, type ReadModelDb } from '../read-model/read-model-db';
import { PositionWaiters } from './position-waiters';

export interface RunnerLogger {
  log(message: string): void;
  error(message: string): void;
}

export interface ProjectionRunnerOptions {
  /** Events per transaction at most (default 500); smaller batches commit as soon as the subscription pauses. */
  readonly batchSize?: number;
  readonly projection?: Projection;
  /** Delay before resubscribing after a failure, by attempt (default 100 ms doubling up to 30 s). */
  readonly retryDelayMs?: (attempt: number) => number;
  /** Called after each committed batch (progress bars). */
  readonly onBatch?: (checkpoint: Checkpoint) => void;
  readonly logger?: RunnerLogger;
}

export type RunnerState = 'stopped' | 'catching_up' | 'live' | 'retrying';

const defaultRetryDelay = (attempt: number): number =>
  Math.min(30_000, 100 * 2 ** Math.min(attempt, 9));
const silent: RunnerLogger = { log: () => undefined, error: () => undefined };

/**
 * Keeps the read models up to date from the store's $all subscription. Events are buffered and
 * committed in batches, each in one SQLite transaction together with the checkpoint, so every
 * event lands in the read models exactly once however often it is delivered (events at or below
 * the checkpoint are skipped). A failed batch rolls back entirely; the runner then resubscribes
 * from its checkpoint after a growing delay, so a store outage or a busy file heals by itself.
 */
export class ProjectionRunner {
  private subscription: Subscription | undefined;
  private buffer: RecordedEvent[] = [];
  private flushScheduled: NodeJS.Immediate | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempts = 0;
  private current: Checkpoint;
  private caughtUpAt: bigint | undefined;
  private readonly waiters = new PositionWaiters();
  private caughtUpListeners: ((checkpoint: Checkpoint) => void)[] = [];
  private runState: RunnerState = 'stopped';
  private failure: Error | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelDb,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.current = readModels.checkpoint();
  }

  get position(): bigint {
    return this.current.position;
  }

  get checkpoint(): Checkpoint {
    return this.current;
  }

  get state(): RunnerState {
    return this.runState;
  }

  /** The last failure, until a batch commits again. */
  get lastError(): Error | undefined {
    return this.failure;
  }

  start(): void {
    if (this.runState !== 'stopped') return;
    this.subscribe();
  }

  /** Commits what was delivered, then stops; waiters still pending get false. */
  async stop(): Promise<void> {
    this.unsubscribe();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.runState = 'stopped';
    this.flush();
    this.waiters.cancelAll();
  }

  /** True once the read models hold `position`; false if `timeoutMs` passes first. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    return this.waiters.wait(position, this.current.position, timeoutMs);
  }

  /** Resolves once history up to the subscription's caught-up point is in the read models. */
  whenCaughtUp(): Promise<Checkpoint> {
    if (this.runState === 'live') return Promise.resolve(this.current);
    return new Promise((resolve) => this.caughtUpListeners.push(resolve));
  }

  private subscribe(): void {
    this.runState = 'catching_up';
    this.caughtUpAt = undefined;
    const from = this.current.position === 0n ? 'start' : { after: this.current.position };
    const subscription = this.store.subscribeToAll({ from }).subscribe({
      next: (message) => this.receive(message),
      error: (error: unknown) => this.fail(error),
      complete: () => this.fail(new Error('the $all subscription ended')),
    });
    // In-process stores deliver history synchronously inside subscribe(): a batch may already have failed.
    if (this.runState === 'catching_up' || this.runState === 'live')
      this.subscription = subscription;
    else subscription.unsubscribe();
  }

  private receive(message: SubscriptionMessage): void {
    if (this.runState === 'stopped' || this.runState === 'retrying') return;
    if (message.kind === 'caughtUp') {
      this.caughtUpAt = message.position;
      this.flush();
      return;
    }
    this.buffer.push(message.event);
    if (this.buffer.length >= (this.options.batchSize ?? 500)) this.flush();
    else this.flushScheduled ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length > 0) {
      try {
        this.current = this.readModels.applyBatch(batch, this.options.projection ?? projectEvent);
      } catch (error: unknown) {
        this.fail(error);
        return;
      }
      this.attempts = 0;
      this.failure = undefined;
      this.waiters.reached(this.current.position);
      this.options.onBatch?.(this.current);
    }
    this.noticeCaughtUp();
  }

  private noticeCaughtUp(): void {
    if (this.runState !== 'catching_up' || this.caughtUpAt === undefined || this.buffer.length > 0)
      return;
    this.runState = 'live';
    const listeners = this.caughtUpListeners;
    this.caughtUpListeners = [];
    listeners.forEach((resolve) => resolve(this.current));
  }

  private fail(cause: unknown): void {
    this.failure = cause instanceof Error ? cause : new Error(String(cause));
    this.buffer = [];
    const logger = this.options.logger ?? silent;
    if (this.runState === 'stopped' || this.runState === 'retrying') {
      logger.error(
        `Projections stopped at position ${this.current.position}: ${this.failure.message}`,
      );
      return;
    }
    this.unsubscribe();
    this.runState = 'retrying';
    const delay = (this.options.retryDelayMs ?? defaultRetryDelay)(this.attempts++);
    logger.error(
      `Projections stopped at position ${this.current.position}: ${this.failure.message}; retrying in ${delay} ms`,
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.current = this.readModels.checkpoint();
      this.subscribe();
    }, delay);
  }

  private unsubscribe(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }
}
