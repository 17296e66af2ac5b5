import type {
  AppendOptions,
  EventStore,
  EventToAppend,
  ReadStreamOptions,
} from '@ledger/event-store';

/** Hooks a test places around the real store's calls to force races and faults honestly. */
export interface StoreHooks {
  /** Runs before each append reaches the store, e.g. to let a rival writer in first. */
  beforeAppend?(stream: string, events: readonly EventToAppend[]): Promise<void>;
  /** Runs before each stream read reaches the store. */
  beforeRead?(stream: string): Promise<void>;
}

/** The real store with hooks in front of appendToStream and readStream; everything else passes through. */
export function hookedStore(store: EventStore, hooks: StoreHooks): EventStore {
  return {
    kind: store.kind,
    async appendToStream(
      stream: string,
      events: readonly EventToAppend[],
      options?: AppendOptions,
    ) {
      await hooks.beforeAppend?.(stream, events);
      return store.appendToStream(stream, events, options);
    },
    async readStream(stream: string, options?: ReadStreamOptions) {
      await hooks.beforeRead?.(stream);
      return store.readStream(stream, options);
    },
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    subscribeToAll: (options) => store.subscribeToAll(options),
    subscribeToStream: (stream, options) => store.subscribeToStream(stream, options),
    close: () => store.close(),
  };
}
