import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Observable } from 'rxjs';
import {
  type EventStore,
  type SubscribeToAllOptions,
  type SubscriptionMessage,
} from '@ledger/event-store';

/** A fresh directory under the OS temp dir, removed by the returned cleanup. */
export function tempDir(prefix = 'ledger-projections-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The real store, with some of its methods replaced (everything else passes through). */
export function storeWith(store: EventStore, overrides: Partial<EventStore>): EventStore {
  return {
    kind: store.kind,
    appendToStream: (...args) => store.appendToStream(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    headPosition: () => store.headPosition(),
    subscribeToStream: (...args) => store.subscribeToStream(...args),
    subscribeToAll: (...args) => store.subscribeToAll(...args),
    close: () => store.close(),
    ...overrides,
  };
}

/**
 * A store whose $all subscription always starts from the beginning, whatever it is asked: the
 * worst at-least-once delivery (a reconnect that replays everything).
 */
export function redeliveringStore(store: EventStore): EventStore {
  return storeWith(store, {
    subscribeToAll: (options?: SubscribeToAllOptions): Observable<SubscriptionMessage> =>
      store.subscribeToAll({ ...options, from: 'start' }),
  });
}
