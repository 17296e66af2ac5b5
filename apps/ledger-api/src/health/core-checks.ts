import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { CheckpointsService } from '../audit/checkpoints.service';
import { LedgerIntegrity } from '../audit/ledger-integrity';
import { ReadModelsService } from '../queries/read-models.service';
import { EVENT_STORE, LEDGER_CONFIG } from '../store/store.tokens';
import { SseConnections } from '../subscriptions/sse-connections';
import { LEDGER_METRICS, type LedgerMetrics } from './metrics';
import { type CheckResult, ReadinessChecks } from './readiness';

/**
 * The store answers and the read models are within LEDGER_READY_MAX_LAG of the log; the lag is
 * also a gauge, read from the same place.
 */
@Injectable()
export class ProjectionsHealth implements OnModuleInit {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(LEDGER_METRICS) private readonly metrics: LedgerMetrics,
    private readonly checks: ReadinessChecks,
    private readonly readModels: ReadModelsService,
  ) {}

  onModuleInit(): void {
    this.checks.add({
      name: 'store',
      check: async () => ({
        ok: true,
        kind: this.store.kind,
        head: String(await this.store.headPosition()),
      }),
    });
    this.checks.add({ name: 'projections', check: () => this.projections() });
    this.metrics.gauge(
      'ledger_projection_lag_events',
      'Positions the read models trail the event log by',
      async () => Number((await this.lag()).lag),
    );
  }

  /** The log's head, the read models' position, and how far they trail it. */
  private async lag(): Promise<{ head: bigint; at: bigint; lag: bigint }> {
    const head = await this.store.headPosition();
    const at = this.readModels.checkpoint()?.position ?? 0n;
    return { head, at, lag: head > at ? head - at : 0n };
  }

  private async projections(): Promise<CheckResult> {
    const { head, at, lag } = await this.lag();
    const maxLag = this.config.health.readyMaxLag;
    return {
      ok: lag <= BigInt(maxLag),
      mode: this.config.projections.mode,
      position: at.toString(),
      head: head.toString(),
      lag: lag.toString(),
      maxLag,
    };
  }
}

/** The checkpointer runs where it should; the open event streams, as a gauge. */
@Injectable()
export class ServicesHealth implements OnModuleInit {
  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(LEDGER_METRICS) private readonly metrics: LedgerMetrics,
    private readonly checks: ReadinessChecks,
    private readonly checkpoints: CheckpointsService,
    private readonly connections: SseConnections,
  ) {}

  onModuleInit(): void {
    this.checks.add({ name: 'checkpointer', check: () => Promise.resolve(this.checkpointer()) });
    this.metrics.gauge('ledger_sse_connections', 'Open server-sent event streams', () =>
      Promise.resolve(this.connections.stats.active),
    );
  }

  private checkpointer(): CheckResult {
    const mode = this.config.audit.checkpointer;
    // external: apps/projector signs; off: only on demand. Neither is this process's to watch.
    if (mode !== 'inline') return { ok: true, mode };
    const { running, lastProblem } = this.checkpoints.status();
    return { ok: running, mode, ...(lastProblem === undefined ? {} : { lastProblem }) };
  }
}

/** A log that fails verification takes no writes (503 ledger_integrity_failure): not ready. */
@Injectable()
export class IntegrityHealth implements OnModuleInit {
  constructor(
    private readonly checks: ReadinessChecks,
    private readonly integrity: LedgerIntegrity,
  ) {}

  onModuleInit(): void {
    this.checks.add({
      name: 'integrity',
      check: () => Promise.resolve({ ok: !this.integrity.failed, ...this.integrity.report() }),
    });
  }
}
