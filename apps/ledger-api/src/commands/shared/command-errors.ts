/** Errors the command side raises itself (the domain and the store have their own); mapped in the problem filter. */
export abstract class CommandError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** Members the problem carries besides code and detail (e.g. which agreement holds an id). */
  readonly extensions: Record<string, unknown> = {};
}

/** Every attempt lost the race for the stream's revision: someone else kept appending. */
export class ConcurrencyConflictError extends CommandError {
  readonly status = 409;
  readonly code = 'concurrency_conflict';
  constructor(
    readonly stream: string,
    readonly attempts: number,
  ) {
    super(
      `Stream ${stream} kept changing while the command was decided (${attempts} attempts); retry the request`,
    );
    this.name = 'ConcurrencyConflictError';
  }
}

export class IdempotencyKeyReusedError extends CommandError {
  readonly status = 422;
  readonly code = 'idempotency_key_reused';
  constructor(key: string, why: string) {
    super(`Idempotency-Key ${JSON.stringify(key)} cannot be used for this request: ${why}`);
    this.name = 'IdempotencyKeyReusedError';
  }
}
