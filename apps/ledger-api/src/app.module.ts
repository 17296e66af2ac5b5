import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { CommandsModule } from './commands/commands.module';
import { HealthController } from './health/health.controller';
import { StoreModule } from './store/store.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';

@Module({})
export class AppModule {
  /** `store` lets tests and tools hand in an already-open store. */
  static forRoot(config: LedgerConfig, store?: EventStore): DynamicModule {
    return {
      module: AppModule,
      imports: [StoreModule.forRoot(config, store), CqrsModule.forRoot(), CommandsModule, SubscriptionsModule],
      controllers: [HealthController],
    };
  }
}
