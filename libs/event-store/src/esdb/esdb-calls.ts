import type { StreamingRead } from '@eventstore/db-client';
import { StoreUnavailableError } from '../errors';
import { type ErrorContext, isTransient, toPortError } from './esdb-errors';

/**
 * How each call to the server is run: bounded in time, retried once when the client reports the
 * server unreachable, and failing with the port's typed errors.
 */
export interface CallPolicy {
  /** The longest one call may take before it fails with StoreUnavailableError. */
  readonly timeoutMs: number;
  /** Pause before the single retry, so the client has dropped its broken channel. */
  readonly retryDelayMs: number;
  /** False once the store is closing: a call cut short by close() is not sent again. */
  readonly mayRetry: () => boolean;
}

/**
 * Runs `call` and, if it fails as unavailable, once more: after a server restart the client's
 * first call fails on its stale channel (raw gRPC UNAVAILABLE) and the next one reconnects. While
 * the server is down both attempts fail at once, so callers still fail fast. Safe for appends:
 * EventStoreDB recognises a retried append by its event ids and expected revision.
 */
export async function callServer<T>(
  policy: CallPolicy,
  context: ErrorContext,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await withTimeout(policy.timeoutMs, call);
  } catch (first: unknown) {
    // A call that timed out is not retried: a hung server would double the caller's wait.
    if (!isTransient(first) || first instanceof StoreUnavailableError)
      throw toPortError(first, context);
    await sleep(policy.retryDelayMs);
    if (!policy.mayRetry()) throw toPortError(first, context);
    try {
      return await withTimeout(policy.timeoutMs, call);
    } catch (second: unknown) {
      throw toPortError(second, context);
    }
  }
}

/** Reads a finite stream of results into an array, cancelling the gRPC call if it overruns. */
export function readToEnd<E>(read: StreamingRead<E>, timeoutMs: number): Promise<E[]> {
  const drain = async (): Promise<E[]> => {
    const out: E[] = [];
    for await (const item of read) out.push(item);
    return out;
  };
  return withTimeout(timeoutMs, drain, () => void read.cancel());
}

function withTimeout<T>(
  timeoutMs: number,
  run: () => Promise<T>,
  onTimeout?: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      reject(new StoreUnavailableError(`EventStoreDB did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    run().then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
