import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '../store/store.tokens';
import { Public, Roles } from '../auth';
import { LEDGER_METRICS, type LedgerMetrics } from './metrics';
import { ReadinessChecks, type ReadinessReport } from './readiness';

export interface HealthReport {
  readonly status: 'ok';
  readonly store: EventStore['kind'];
  /** The global position of the last event, as a decimal string (positions are 64-bit). */
  readonly lastPosition: string;
}

@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_METRICS) private readonly metrics: LedgerMetrics,
    private readonly readiness: ReadinessChecks,
  ) {}

  /** Kept for the clients and probes written before /health/live and /health/ready. */
  @Get('health')
  @Public()
  async health(): Promise<HealthReport> {
    const lastPosition = await this.store.headPosition();
    return { status: 'ok', store: this.store.kind, lastPosition: lastPosition.toString() };
  }

  /** The process is up and serving HTTP: nothing else is asked (a liveness probe restarts it). */
  @Get('health/live')
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Every readiness check, with what it measured; 503 while any fails (take it out of rotation). */
  @Get('health/ready')
  @Public()
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await this.readiness.run();
    if (report.status !== 'ready') void reply.status(503);
    return report;
  }

  @Get('metrics')
  @Roles('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async exposition(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
