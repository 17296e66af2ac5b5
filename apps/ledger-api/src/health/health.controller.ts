import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '../store/store.tokens';
import { Public, Roles } from '../auth';
import { answerSchema } from '../schemas/openapi-document';
import { RouteDocs, TEXT } from '../schemas/route-docs';
import { LEDGER_METRICS, type LedgerMetrics } from './metrics';
import { ReadinessChecks, type ReadinessReport } from './readiness';
import { type IntegrityReport, LedgerIntegrity } from '../audit/ledger-integrity';

export interface HealthReport {
  /** degraded: reads work, writes are refused (the log fails verification: see integrity). */
  readonly status: 'ok' | 'degraded';
  readonly store: EventStore['kind'];
  /** The global position of the last event, as a decimal string (positions are 64-bit). */
  readonly lastPosition: string;
  readonly integrity: IntegrityReport;
}

const LIVE_SCHEMA = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
} as const;

const READY_SCHEMA = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not_ready'] },
    checks: {
      type: 'object',
      description: 'Each check by name: whether it passed and what it measured (e.g. the lag).',
      additionalProperties: { type: 'object' },
    },
  },
} as const;

@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_METRICS) private readonly metrics: LedgerMetrics,
    private readonly readiness: ReadinessChecks,
    private readonly integrity: LedgerIntegrity,
  ) {}

  /** Kept for the clients and probes written before /health/live and /health/ready. */
  @Get('health')
  @Public()
  @RouteDocs('Liveness: the store kind and the head of the log', {
    description: 'The process is up and reads the store.',
    schema: answerSchema('HealthReport'),
  })
  async health(): Promise<HealthReport> {
    const lastPosition = await this.store.headPosition();
    return {
      status: this.integrity.failed ? 'degraded' : 'ok',
      store: this.store.kind,
      lastPosition: lastPosition.toString(),
      integrity: this.integrity.report(),
    };
  }

  /** The process is up and serving HTTP: nothing else is asked (a liveness probe restarts it). */
  @Get('health/live')
  @Public()
  @RouteDocs('Liveness: the process is up and serving HTTP', {
    description: 'Always `{"status":"ok"}` while the process answers.',
    schema: LIVE_SCHEMA,
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Every readiness check, with what it measured; 503 while any fails (take it out of rotation). */
  @Get('health/ready')
  @Public()
  @RouteDocs(
    'Readiness: store reachable, read models within the allowed lag, checkpointer alive',
    { description: 'Every check passed (`ready`), with what each measured.', schema: READY_SCHEMA },
    { 503: 'A check failed (`not_ready`): the same body, naming the check' },
  )
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await this.readiness.run();
    if (report.status !== 'ready') void reply.status(503);
    return report;
  }

  @Get('metrics')
  @Roles('metrics')
  @RouteDocs('Prometheus metrics (text exposition format 0.0.4)', {
    description: 'Commands by outcome, append and verify durations, projection lag, SSE streams.',
    type: 'text/plain',
    schema: TEXT,
  })
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async exposition(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
