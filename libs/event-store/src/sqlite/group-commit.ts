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

/**
 * Group commit: appends submitted within one turn of the event loop are committed together in one
 * transaction (one fsync), then every caller is answered. `commitGroup` decides each append on its
 * own, in submission order, seeing the effects of the earlier ones; it throws only when the
 * transaction itself fails, and then every caller of the group gets StoreUnavailableError.
 */
export class GroupCommitter {
  private queue: QueuedAppend[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly commitGroup: (appends: readonly ValidAppend[]) => AppendOutcome[],
    private readonly afterCommit: () => void,
  ) {}

  submit(append: ValidAppend): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Commits whatever is queued now (close() calls it to finish pending appends). */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const group = this.queue;
    this.queue = [];
    if (group.length === 0) return;
    let outcomes: AppendOutcome[];
    try {
      outcomes = this.commitGroup(group.map((queued) => queued.append));
    } catch (cause: unknown) {
      const error =
        cause instanceof EventStoreError
          ? cause
          : new StoreUnavailableError(`The append could not be committed: ${String(cause)}`, {
              cause,
            });
      for (const queued of group) queued.reject(error);
      return;
    }
    group.forEach((queued, i) => {
      const outcome = outcomes[i] as AppendOutcome;
      if ('result' in outcome) queued.resolve(outcome.result);
      else queued.reject(outcome.error);
    });
    this.afterCommit();
  }
}
