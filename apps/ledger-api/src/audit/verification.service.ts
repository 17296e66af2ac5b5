import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  DEFAULT_CLOCK_SKEW_MS,
  IncrementalVerification,
  recordingTimeBoundsNow,
  type SigningKey,
  type VerificationReport,
  verifiedUpTo,
} from '@ledger/audit';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE, LEDGER_CONFIG } from '../store/store.tokens';
import { AUDIT_SIGNING_KEY } from './audit.tokens';
import { LedgerIntegrity } from './ledger-integrity';
import { type VerificationRunner, VerificationThread } from './verification-thread';

/** Verification in this thread: for a memory store, which no other thread can open. */
function inThisThread(store: EventStore, signingKey: SigningKey): VerificationRunner {
  const verification = new IncrementalVerification(store, signingKey.publicKey, {
    recordingTimes: () => recordingTimeBoundsNow(),
  });
  return { verify: () => verification.verify(), close: async () => undefined };
}

/**
 * The server's verifier: off the request thread (a worker with its own connection to the store),
 * one run at a time, going on from the latest verified checkpoint and cached per head position.
 * It runs on start, before each checkpoint and on GET /audit/verify; every report sets the
 * ledger's integrity status, which refuses writes and signatures once the log fails.
 */
@Injectable()
export class VerificationService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Integrity');
  private readonly runner: VerificationRunner;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    @Inject(AUDIT_SIGNING_KEY) signingKey: SigningKey,
    private readonly integrity: LedgerIntegrity,
  ) {
    // A store handed in of another kind than configured (a test's) is verified where it lives.
    this.runner =
      config.store === 'memory' || store.kind !== config.store
        ? inThisThread(store, signingKey)
        : new VerificationThread({
            store: {
              kind: config.store,
              dataDir: config.dataDir,
              ...(config.esdbConnectionString
                ? { esdbConnectionString: config.esdbConnectionString }
                : {}),
            },
            publicKeyPem: signingKey.publicKeyPem,
            skewMs: DEFAULT_CLOCK_SKEW_MS,
          });
  }

  /** On start: the whole log is verified once (in the background; writes wait for no one). */
  onApplicationBootstrap(): void {
    this.verify().catch((error: unknown) =>
      this.logger.warn(
        `The log could not be verified on start: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.close();
  }

  /** The report as of the head now (shared with a run in progress, cached while the head stays). */
  async verify(): Promise<VerificationReport> {
    const report = await this.runner.verify();
    if (this.integrity.record(report)) {
      if (report.ok) this.logger.log(`Verified up to position ${report.headPosition}`);
      else this.logger.error(`Ledger integrity failure: ${this.integrity.reason()}`);
    }
    return report;
  }

  /** Before a checkpoint over the log up to `position`: throws LedgerIntegrityError if it fails. */
  async assertIntactUpTo(position: bigint): Promise<void> {
    await verifiedUpTo(() => this.verify(), position);
  }
}
