import { Module } from '@nestjs/common';
import { SchemasController } from '../schemas/schemas.controller';
import { SseConnections } from './sse-connections';
import type { LedgerConfig } from '@ledger/config';
import { LEDGER_CONFIG } from '../store/store.tokens';
import { SSE_SETTINGS } from './sse-settings';
import { SubscriptionsController } from './subscriptions.controller';

/**
 * What other services use to follow the ledger: resumable server-sent events, and the published
 * schemas of what they carry (GET /schemas, GET /asyncapi.json).
 */
@Module({
  controllers: [SubscriptionsController, SchemasController],
  providers: [
    {
      provide: SSE_SETTINGS,
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig) => config.sse,
    },
    SseConnections,
  ],
  exports: [SseConnections],
})
export class SubscriptionsModule {}
