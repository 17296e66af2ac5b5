import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `condition` until it holds, failing after `timeoutMs` with `describe()`'s account of
 * what was seen: a wait for a condition, never for a duration, bounded so a test cannot hang.
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string = () => '',
  pollMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms ${describe()}`);
    await delay(pollMs);
  }
}

/**
 * Tries `attempt` until `accepted` holds for its result (e.g. a request answered 503 "not yet,
 * retry"), within `timeoutMs`; answers the accepted result.
 */
export async function retryUntil<T>(
  attempt: () => Promise<T>,
  accepted: (result: T) => boolean,
  timeoutMs: number,
  describe: () => string = () => '',
): Promise<T> {
  let result = await attempt();
  await waitUntil(
    async () => {
      if (accepted(result)) return true;
      result = await attempt();
      return false;
    },
    timeoutMs,
    describe,
  );
  return result;
}
