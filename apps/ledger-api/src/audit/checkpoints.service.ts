import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type Checkpoint, Checkpointer, type SigningKey, Witness } from '@ledger/audit';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE, LEDGER_CONFIG } from '../store/store.tokens';
import { AUDIT_SIGNING_KEY } from './audit.tokens';
import { VerificationService } from './verification.service';

/**
 * The checkpointer of this process. With LEDGER_CHECKPOINTER=inline (the embedded store's default)
 * it signs a checkpoint every N events and every T ms in the background; in every mode it signs
 * one on demand (POST /audit/checkpoints). It stops before the store closes (module destroy runs
 * before application shutdown).
 */
@Injectable()
export class CheckpointsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Checkpointer');
  private readonly checkpointer: Checkpointer;
  /** The last background failure reported: the poll retries every 250 ms, the log says it once. */
  private lastProblem: string | undefined;
  /** Whether the background checkpointer runs in this process (for /health/ready). */
  private running = false;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(AUDIT_SIGNING_KEY) signingKey: SigningKey,
    verification: VerificationService,
  ) {
    const witness = new Witness(config.audit);
    this.checkpointer = new Checkpointer({
      store,
      signingKey,
      clock: () => new Date(),
      everyEvents: config.audit.checkpointEveryEvents,
      everyMs: config.audit.checkpointEveryMs,
      // Never sign over a log that fails verification: check what is new since the last checkpoint.
      beforeSigning: (position) => verification.assertIntactUpTo(position),
      onSigned: (checkpoint) => witness.publish(checkpoint),
      onError: (error) => this.reportFailure(error),
    });
  }

  onApplicationBootstrap(): void {
    const { checkpointer, checkpointEveryEvents, checkpointEveryMs } = this.config.audit;
    if (checkpointer !== 'inline') return;
    this.checkpointer.start();
    this.running = true;
    this.logger.log(
      `Signing a checkpoint every ${checkpointEveryEvents} events or ${checkpointEveryMs} ms`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    await this.checkpointer.stop();
  }

  /** A checkpoint covering the whole log now (the latest one if nothing was written since); undefined for an empty log. */
  checkpointNow(): Promise<Checkpoint | undefined> {
    return this.checkpointer.checkpointNow();
  }

  status(): { readonly running: boolean; readonly lastProblem?: string } {
    return this.lastProblem === undefined
      ? { running: this.running }
      : { running: this.running, lastProblem: this.lastProblem };
  }

  private reportFailure(error: unknown): void {
    const problem = error instanceof Error ? error.message : String(error);
    if (problem === this.lastProblem) return;
    this.lastProblem = problem;
    this.logger.error(`No checkpoint signed: ${problem}`);
  }
}
