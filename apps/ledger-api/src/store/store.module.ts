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
import { gateWrites } from '../audit/integrity-gate';
import { LedgerIntegrity } from '../audit/ledger-integrity';
import { LEDGER_METRICS, type LedgerMetrics } from '../health/metrics';
import { EVENT_STORE, LEDGER_CONFIG } from './store.tokens';

/**
 * Provides the configured event store (and the config) to every module, and closes it on shutdown.
 * Whatever the kind, and whether built here or handed in, the store is hash-chained: every append
 * of every module (commands, the seed, the checkpointer) carries its chained hash, and readers see
 * the metadata they wrote (the audit fields are read through auditView). Its appends are refused
 * while the log fails verification (LedgerIntegrity, provided here for every module to read).
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
        { provide: LedgerIntegrity, useValue: new LedgerIntegrity() },
        {
          provide: EVENT_STORE,
          inject: [LEDGER_METRICS, LedgerIntegrity],
          // Appends are timed as commands see them: the hash chain's work included. A log that
          // fails verification is neither extended nor re-signed (gateWrites refuses appends).
          useFactory: (metrics: LedgerMetrics, integrity: LedgerIntegrity) =>
            metrics.timedAppends(
              gateWrites(
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
                integrity,
              ),
            ),
        },
      ],
      exports: [LEDGER_CONFIG, EVENT_STORE, LedgerIntegrity],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
