export * from './port';
export * from './errors';
export { validateAppend, MAX_NAME_LENGTH, type ValidAppend, type ValidEvent } from './validate';
export type { InspectableEventStore } from './local/local-event-store';
export { createMemoryEventStore, type MemoryEventStoreOptions } from './memory';
export {
  createSqliteEventStore,
  type SqliteEventStore,
  type SqliteEventStoreOptions,
} from './sqlite';
export { createEventStore, type EventStoreConfig } from './create-store';
export { LruMap } from './lru-map';
export { canonicalJson, MAX_CANONICAL_DEPTH, sameEventContent } from './canonical-json';
export { retryAgreesWithStored } from './idempotent-retry';
export { readStreamOrEmpty } from './read-stream-or-empty';
export {
  createPrivateFile,
  makePrivateDir,
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
} from './private-files';
export {
  readAllPage,
  readAllPages,
  readStreamPages,
  type AllPage,
  type AllPageOptions,
  type StreamPageOptions,
} from './log-reader';
