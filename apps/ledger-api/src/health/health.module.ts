import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { QueriesModule } from '../queries/queries.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { IntegrityHealth, ProjectionsHealth, ServicesHealth } from './core-checks';
import { HealthController } from './health.controller';
import { LEDGER_METRICS, type LedgerMetrics } from './metrics';
import { ReadinessChecks } from './readiness';

/**
 * /health, /health/live, /health/ready and /metrics. Global, so that any module can add a
 * readiness check (inject ReadinessChecks) or a metric (inject LEDGER_METRICS).
 */
@Global()
@Module({})
export class HealthModule {
  static forRoot(metrics: LedgerMetrics): DynamicModule {
    return {
      module: HealthModule,
      imports: [QueriesModule, AuditModule, SubscriptionsModule],
      controllers: [HealthController],
      providers: [
        { provide: LEDGER_METRICS, useValue: metrics },
        ReadinessChecks,
        ProjectionsHealth,
        ServicesHealth,
        IntegrityHealth,
      ],
      exports: [LEDGER_METRICS, ReadinessChecks],
    };
  }
}
