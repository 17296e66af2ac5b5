// The verification thread: opens its own connection to the configured store and verifies there,
// so that hashing the log (and, on SQLite, reading and parsing it) never holds the request thread.
import { parentPort, workerData } from 'node:worker_threads';
import { IncrementalVerification, recordingTimeBoundsNow } from '@ledger/audit';
import { createEventStore, type EventStoreConfig } from '@ledger/event-store';

export interface VerificationWorkerData {
  readonly store: EventStoreConfig;
  readonly publicKeyPem: string;
  readonly skewMs: number;
}

export type VerificationWorkerAnswer =
  | { readonly id: number; readonly report: unknown }
  | { readonly id: number; readonly error: string };

const data = workerData as VerificationWorkerData;
const store = createEventStore(data.store);
const verification = new IncrementalVerification(store, data.publicKeyPem, {
  recordingTimes: () => recordingTimeBoundsNow(data.skewMs),
});

parentPort?.on('message', (message: { readonly id: number }) => {
  const { id } = message;
  verification.verify().then(
    (report) => parentPort?.postMessage({ id, report } satisfies VerificationWorkerAnswer),
    (error: unknown) =>
      parentPort?.postMessage({
        id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies VerificationWorkerAnswer),
  );
});
