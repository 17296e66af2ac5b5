import {
  Checkpointer,
  configuredSigningKey,
  IncrementalVerification,
  loadOrCreateSigningKey,
  recordingTimeBoundsNow,
  verifiedUpTo,
  Witness,
} from '@ledger/audit';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import type { RunnerLogger } from '@ledger/projections';

/**
 * The ledger's one checkpointer, when it runs here (LEDGER_CHECKPOINTER=external, EventStoreDB's
 * default): API nodes come and go and are many, the projector is one per ledger. It signs every
 * LEDGER_CHECKPOINT_EVERY events and every LEDGER_CHECKPOINT_INTERVAL_MS, with LEDGER_SIGNING_KEY
 * (the API nodes must have the same one to serve its public key and verify).
 */
export function startCheckpointer(
  store: EventStore,
  config: LedgerConfig,
  logger: RunnerLogger,
): { stop(): Promise<void> } | undefined {
  const {
    checkpointer: mode,
    signingKey: configured,
    checkpointEveryEvents,
    checkpointEveryMs,
  } = config.audit;
  if (mode !== 'external') return undefined;
  const signingKey = loadOrCreateSigningKey(config.dataDir, configuredSigningKey(configured));
  let lastProblem: string | undefined;
  // Never re-sign a log that fails verification: what is new since the last verified checkpoint.
  const verification = new IncrementalVerification(store, signingKey.publicKey, {
    recordingTimes: () => recordingTimeBoundsNow(),
  });
  // Published like the API's: a witness file or URL out of reach of whoever rewrites the store.
  const witness = new Witness(config.audit);
  const checkpointer = new Checkpointer({
    store,
    signingKey,
    clock: () => new Date(),
    everyEvents: checkpointEveryEvents,
    everyMs: checkpointEveryMs,
    beforeSigning: async (position) => {
      await verifiedUpTo(() => verification.verify(), position);
    },
    onSigned: (checkpoint) => witness.publish(checkpoint),
    onError: (error) => {
      // The poll retries every 250 ms: say each problem once.
      const problem = error instanceof Error ? error.message : String(error);
      if (problem !== lastProblem) logger.error(`No checkpoint signed: ${problem}`);
      lastProblem = problem;
    },
  });
  checkpointer.start();
  logger.log(
    `Signing checkpoints with key ${signingKey.keyId} every ${checkpointEveryEvents} events or ${checkpointEveryMs} ms`,
  );
  return checkpointer;
}
