import { join } from 'node:path';
import { createMemoryEventStore } from './memory';
import type { EventStore, StoreKind } from './port';
import { createSqliteEventStore } from './sqlite';

export interface EventStoreConfig {
  readonly kind: StoreKind;
  /** The sqlite store lives in `${dataDir}/ledger.db`. */
  readonly dataDir: string;
  readonly sqliteSynchronous?: 'FULL' | 'NORMAL';
  /** Required for kind 'esdb'. */
  readonly esdbConnectionString?: string;
}

/** The shape of ./esdb, typed here because that module is loaded lazily (see below). */
interface EsdbAdapterModule {
  createEsdbEventStore(options: { readonly connectionString: string }): EventStore;
}

/** Opens the configured store. The caller owns it and must close() it. */
export function createEventStore(config: EventStoreConfig): EventStore {
  switch (config.kind) {
    case 'memory':
      return createMemoryEventStore();
    case 'sqlite':
      return createSqliteEventStore({
        file: join(config.dataDir, 'ledger.db'),
        ...(config.sqliteSynchronous ? { synchronous: config.sqliteSynchronous } : {}),
      });
    case 'esdb': {
      if (!config.esdbConnectionString)
        throw new Error("Store kind 'esdb' needs an EventStoreDB connection string");
      // Loaded on demand: the EventStoreDB client (and its gRPC stack) is only paid for by
      // deployments that use it, and sqlite/memory keep working if that module is absent.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const esdb = require('./esdb') as EsdbAdapterModule;
      return esdb.createEsdbEventStore({ connectionString: config.esdbConnectionString });
    }
  }
}
