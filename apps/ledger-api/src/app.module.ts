import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { AuditModule } from './audit/audit.module';
import { AuthModule, type AuthSettings, type RouteTable } from './auth';
import { CommandsModule } from './commands/commands.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { HealthModule } from './health/health.module';
import type { LedgerMetrics } from './health/metrics';
import { QueriesModule } from './queries/queries.module';
import { StoreModule } from './store/store.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';

@Module({})
export class AppModule {
  /** `store` lets tests and tools hand in an already-open store. */
  static forRoot(
    config: LedgerConfig,
    store: EventStore | undefined,
    auth: { settings: AuthSettings; routes: RouteTable },
    metrics: LedgerMetrics,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        StoreModule.forRoot(config, store),
        AuthModule.forRoot(auth.settings, auth.routes),
        CqrsModule.forRoot(),
        CommandsModule,
        SubscriptionsModule,
        DashboardModule,
        QueriesModule,
        AuditModule,
        HealthModule.forRoot(metrics),
      ],
    };
  }
}
