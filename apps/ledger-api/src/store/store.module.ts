import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { withHashChain } from '@ledger/audit';
import type { LedgerConfig } from '@ledger/config';
import { createEventStore, type EventStore } from '@ledger/event-store';
import { LEDGER_METRICS, type LedgerMetrics } from '../health/metrics';
import { EVENT_STORE, LEDGER_CONFIG } from './store.tokens';

/**
 * Provides the configured event store (and the config) to every module, and closes it on shutdown.
 * Whatever the kind, and whether built here or handed in, the store is hash-chained: every append
 * of every module (commands, the seed, the checkpointer) carries its chained hash, and readers see
 * the metadata they wrote (the audit fields are read through auditView).
 */
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
          inject: [LEDGER_METRICS],
          // Appends are timed as commands see them: the hash chain's work included.
          useFactory: (metrics: LedgerMetrics) =>
            metrics.timedAppends(
              withHashChain(
                store ??
                  createEventStore({
                    kind: config.store,
                    dataDir: config.dataDir,
                    sqliteSynchronous: config.sqliteSynchronous,
                    ...(config.esdbConnectionString
                      ? { esdbConnectionString: config.esdbConnectionString }
                      : {}),
                  }),
              ),
            ),
        },
      ],
      exports: [LEDGER_CONFIG, EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
