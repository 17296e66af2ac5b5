import { applyAppend } from '../local/apply-append';
import { LiveFeed } from '../local/live-feed';
import {
  createLocalEventStore,
  type InspectableEventStore,
  type LocalEngine,
} from '../local/local-event-store';
import { MemoryLog } from './memory-log';

export interface MemoryEventStoreOptions {
  /** The store's clock in ms since the epoch (tests may make it run backwards). */
  readonly clock?: () => number;
  /** Events per catch-up page; small values make tests cross page boundaries. */
  readonly catchUpPageSize?: number;
}

/**
 * The in-memory adapter, for unit tests: the same semantics as the others (it shares their
 * append rules, reads and subscriptions), nothing survives the process. An append commits
 * synchronously when called.
 */
export function createMemoryEventStore(
  options: MemoryEventStoreOptions = {},
): InspectableEventStore {
  const clock = options.clock ?? Date.now;
  const log = new MemoryLog();
  const feed = new LiveFeed();
  const engine: LocalEngine = {
    async append(append) {
      const result = applyAppend(log, append, clock());
      feed.notify();
      return result;
    },
    readStream: (range) => log.readStream(range),
    readAll: (range) => log.readAll(range),
    lastRevision: (stream) => log.lastRevision(stream),
    headPosition: () => log.headPosition(),
    feed,
    close: async () => undefined,
  };
  return createLocalEventStore('memory', engine, options.catchUpPageSize);
}
