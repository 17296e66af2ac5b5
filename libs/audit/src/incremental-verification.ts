import type { EventStore } from '@ledger/event-store';
import { LedgerIntegrityError } from './errors';
import { auditView } from './hash-chain';
import type { RecordingTimeBounds, VerifierState } from './ledger-verifier';
import {
  trustedKeyMap,
  type TrustedKeys,
  type VerificationReport,
  verifyLedgerFrom,
} from './verify-ledger';

export interface IncrementalVerificationOptions {
  readonly pageSize?: number;
  /** Bounds for recording times, asked for at each run (they hold the verifier's clock). */
  readonly recordingTimes?: () => RecordingTimeBounds;
}

/**
 * verifyLedger for a long-running process: one run at a time (a caller arriving while one runs
 * shares it), each going on from the latest checkpoint an earlier run verified, and the report
 * kept until the log's head moves. Only the first run reads the whole log; later ones read the
 * events since the latest verified checkpoint. The report is the one a full verification gives
 * (counts and latest checkpoint included), as long as nobody rewrites the part already verified
 * while the process runs: a fresh IncrementalVerification (a restart, `ledger verify`) reads it all.
 */
export class IncrementalVerification {
  private readonly keys;
  private state: VerifierState | undefined;
  private cached: VerificationReport | undefined;
  private running: Promise<VerificationReport> | undefined;

  constructor(
    private readonly store: EventStore,
    trustedKeys: TrustedKeys,
    private readonly options: IncrementalVerificationOptions = {},
  ) {
    this.keys = trustedKeyMap(trustedKeys);
  }

  /** The report as of the head now: the running verification's, the cached one, or a new run. */
  verify(): Promise<VerificationReport> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  /** The last report, if any, without reading anything. */
  get lastReport(): VerificationReport | undefined {
    return this.cached;
  }

  private async run(): Promise<VerificationReport> {
    const head = await auditView(this.store).headPosition();
    if (this.cached?.headPosition === head) return this.cached;
    const { pageSize, recordingTimes } = this.options;
    const { report, state } = await verifyLedgerFrom(this.store, this.keys, this.state, {
      ...(pageSize === undefined ? {} : { pageSize }),
      ...(recordingTimes === undefined ? {} : { recordingTimes: recordingTimes() }),
    });
    this.state = state;
    this.cached = report;
    return report;
  }
}

/**
 * Before a checkpoint over the log up to `position`: verifies at least that far (a run that
 * started earlier is shared, so one more may be needed). Throws LedgerIntegrityError when the log
 * fails: no checkpoint may be signed over it.
 */
export async function verifiedUpTo(
  verify: () => Promise<VerificationReport>,
  position: bigint,
): Promise<VerificationReport> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const report = await verify();
    const failure = report.firstFailure;
    if (failure)
      throw new LedgerIntegrityError(
        `No checkpoint signed: the log fails verification at position ${failure.position} (${failure.check}: ${failure.detail})`,
      );
    if (report.headPosition >= position) return report;
  }
  throw new Error(`The verification did not reach position ${position}`);
}
