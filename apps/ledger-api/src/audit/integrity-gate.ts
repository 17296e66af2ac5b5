import type { EventStore } from '@ledger/event-store';
import type { LedgerIntegrity } from './ledger-integrity';

/**
 * The store with its appends refused while the log fails verification: whoever writes (a
 * command, the seed, an import, the checkpointer) gets 503 `ledger_integrity_failure` and nothing
 * is written. A proxy like withHashChain's, so the audit view and adapter extras stay reachable.
 */
export function gateWrites(store: EventStore, integrity: LedgerIntegrity): EventStore {
  const appendToStream: EventStore['appendToStream'] = async (...args) => {
    integrity.assertWritable();
    return store.appendToStream(...args);
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'appendToStream') return appendToStream;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
