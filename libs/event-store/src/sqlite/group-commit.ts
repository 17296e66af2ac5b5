import { EventStoreError, StoreUnavailableError } from '../errors';
import type { AppendResult } from '../port';
import type { ValidAppend } from '../validate';

/** One append's fate inside a group: its result, or the typed error that only its caller gets. */
export type AppendOutcome = { readonly result: AppendResult } | { readonly error: EventStoreError };

interface QueuedAppend {
  readonly append: ValidAppend;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** SQLITE_BUSY and its extended codes: another connection holds the lock this one needs. */
function isLockBusy(cause: unknown): boolean {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** Waiting for another process's write lock: since when, and the next pause. */
interface LockWait {
  readonly since: number;
  readonly delayMs: number;
  readonly timer: NodeJS.Timeout;
}

const FIRST_RETRY_MS = 2;
const MAX_RETRY_MS = 50;

/**
 * Group commit: appends submitted within one turn of the event loop are committed together in one
 * transaction (one fsync), then every caller is answered. `commitGroup` decides each append on its
 * own, in submission order, seeing the effects of the earlier ones; it throws only when the
 * transaction itself fails, and then every caller of the group gets StoreUnavailableError.
 *
 * The connection's busy timeout is 0: SQLite's own wait for a lock is a synchronous sleep that
 * would freeze the whole process (every request, /health) for as long as another process holds
 * the write lock. A busy group is retried on timers instead, with growing pauses, appends
 * submitted meanwhile joining it, until `lockWaitMs` have passed; then every caller gets
 * StoreUnavailableError (503 with Retry-After at the API).
 */
export class GroupCommitter {
  private queue: QueuedAppend[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private waiting: LockWait | undefined;

  constructor(
    private readonly commitGroup: (appends: readonly ValidAppend[]) => AppendOutcome[],
    private readonly afterCommit: () => void,
    private readonly lockWaitMs = 1000,
  ) {}

  submit(append: ValidAppend): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      if (this.waiting === undefined) this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /**
   * Commits whatever is queued now. `final` (close()): one attempt, no waiting for a lock, as the
   * connection is about to close.
   */
  flush(options: { readonly final?: boolean } = {}): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.waiting) clearTimeout(this.waiting.timer);
    const group = this.queue;
    if (group.length === 0) return;
    let outcomes: AppendOutcome[];
    try {
      outcomes = this.commitGroup(group.map((queued) => queued.append));
    } catch (cause: unknown) {
      if (isLockBusy(cause) && !options.final && this.waitForLock()) return;
      this.queue = [];
      this.waiting = undefined;
      for (const queued of group) queued.reject(this.failure(cause));
      return;
    }
    this.queue = [];
    this.waiting = undefined;
    group.forEach((queued, i) => {
      const outcome = outcomes[i] as AppendOutcome;
      if ('result' in outcome) queued.resolve(outcome.result);
      else queued.reject(outcome.error);
    });
    this.afterCommit();
  }

  /** Schedules the next attempt; false once the wait has lasted lockWaitMs. */
  private waitForLock(): boolean {
    const since = this.waiting?.since ?? Date.now();
    if (Date.now() - since >= this.lockWaitMs) return false;
    const delayMs = Math.min((this.waiting?.delayMs ?? FIRST_RETRY_MS / 2) * 2, MAX_RETRY_MS);
    this.waiting = { since, delayMs, timer: setTimeout(() => this.flush(), delayMs) };
    return true;
  }

  private failure(cause: unknown): EventStoreError {
    if (cause instanceof EventStoreError) return cause;
    if (isLockBusy(cause))
      return new StoreUnavailableError(
        `The event log is locked by another process (waited ${this.lockWaitMs} ms for its write lock); retry later`,
        { cause },
      );
    return new StoreUnavailableError(`The append could not be committed: ${String(cause)}`, {
      cause,
    });
  }
}
