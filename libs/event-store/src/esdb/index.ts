export { createEsdbEventStore, type EsdbStoreOptions } from './esdb-event-store';
