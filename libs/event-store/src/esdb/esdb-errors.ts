import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  StreamNotFoundError as ClientStreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  EventStoreError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../errors';
import type { ExpectedRevision } from '../port';

/** gRPC status codes the client lets through raw (it does not always convert them). */
const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_ABORTED = 10;
const GRPC_UNAVAILABLE = 14;

function grpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Whether the server could not be reached or dropped the call, so that the same request may
 * succeed later: the client's UnavailableError / CancelledError (server-side cancel) /
 * DeadlineExceeded / Timeout / NotLeader, and the raw gRPC UNAVAILABLE (14) the client throws on
 * the first call after it reconnects (its server-features probe rejects unconverted).
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError
  ) {
    return true;
  }
  if (error instanceof EventStoreError) return false;
  const code = grpcCode(error);
  return (
    code === GRPC_UNAVAILABLE ||
    code === GRPC_DEADLINE_EXCEEDED ||
    code === GRPC_ABORTED ||
    isServerCancel(error, code)
  );
}

/** A CANCELLED status the server sent; the client's own cancellation says "Cancelled on client". */
function isServerCancel(error: unknown, code: number | undefined): boolean {
  return (
    code === GRPC_CANCELLED && (error as { details?: unknown }).details !== 'Cancelled on client'
  );
}

/** How EventStoreDB (23.10+) words a read or subscription at a position it never wrote. */
const INVALID_POSITION = /invalid position/i;

export interface ErrorContext {
  readonly stream?: string;
  readonly expected?: ExpectedRevision;
}

/** Translates what the client throws into the port's typed errors; anything else passes unchanged. */
export function toPortError(error: unknown, context: ErrorContext = {}): unknown {
  if (error instanceof EventStoreError) return error;
  if (error instanceof ClientWrongExpectedVersionError) {
    return new WrongExpectedVersionError(
      context.stream ?? error.streamName,
      context.expected ?? 'any',
      error.actualVersion,
    );
  }
  if (error instanceof ClientStreamNotFoundError)
    return new StreamNotFoundError(context.stream ?? error.streamName);
  if (error instanceof Error && INVALID_POSITION.test(error.message)) {
    // EventStoreDB reads $all only from positions it wrote; any other number is a caller's bug.
    return new RangeError(
      `EventStoreDB refused the position: it is not the position of an event in this store (${error.message})`,
    );
  }
  if (isTransient(error)) {
    const detail = error instanceof Error ? error.message : String(error);
    return new StoreUnavailableError(`EventStoreDB is unavailable: ${detail}`, { cause: error });
  }
  return error;
}
