export interface Reconnector {
  /** Reconnects after the current delay, which doubles up to the maximum each time. */
  schedule(): void;
  /** A connection opened: the next failure waits the first delay again. */
  succeeded(): void;
  cancel(): void;
}

/** Capped exponential backoff with jitter, so many clients of a restarted server do not return in step. */
export function reconnector(
  options: { readonly firstDelayMs?: number; readonly maxDelayMs?: number } = {},
  connect: () => void,
): Reconnector {
  const first = options.firstDelayMs ?? 250;
  const max = options.maxDelayMs ?? 10_000;
  let attempts = 0;
  let timer: NodeJS.Timeout | undefined;
  return {
    schedule() {
      clearTimeout(timer);
      const delay = Math.min(max, first * 2 ** attempts);
      attempts += 1;
      timer = setTimeout(connect, delay / 2 + Math.random() * (delay / 2));
    },
    succeeded() {
      attempts = 0;
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
