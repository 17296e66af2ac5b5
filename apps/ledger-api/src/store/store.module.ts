import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import { createEventStore, type EventStore } from '@ledger/event-store';
import { EVENT_STORE, LEDGER_CONFIG } from './store.tokens';

/** Provides the configured event store (and the config) to every module, and closes it on shutdown. */
@Global()
@Module({})
export class StoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(config: LedgerConfig, store?: EventStore): DynamicModule {
    return {
      module: StoreModule,
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        {
          provide: EVENT_STORE,
          useFactory: () =>
            store ??
            createEventStore({
              kind: config.store,
              dataDir: config.dataDir,
              sqliteSynchronous: config.sqliteSynchronous,
              ...(config.esdbConnectionString
                ? { esdbConnectionString: config.esdbConnectionString }
                : {}),
            }),
        },
      ],
      exports: [LEDGER_CONFIG, EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
