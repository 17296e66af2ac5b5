import { ServiceUnavailableException } from '@nestjs/common';
import {
  type VerificationFailureJson,
  verificationFailureJson,
  type VerificationReport,
} from '@ledger/audit';

/** What the server knows of its log's integrity: readable by /health and /health/ready. */
export interface IntegrityStatus {
  /** unverified: the check on start has not finished; failed: writes are refused. */
  readonly state: 'unverified' | 'verified' | 'failed';
  /** The head the last verification reached (decimal string). */
  readonly verifiedUpTo?: string;
  readonly checkedAt?: string;
  /** Why writes are refused. */
  readonly failure?: VerificationFailureJson;
}

/** IntegrityStatus, and why writes are refused when they are. */
export type IntegrityReport = IntegrityStatus & { readonly reason?: string };

/**
 * The integrity status of this server's log, set by every verification (on start, before each
 * checkpoint, GET /audit/verify). A failed log is neither extended nor re-signed: the store's
 * appends are refused with 503 `ledger_integrity_failure` (see gateWrites) while reads go on.
 * No Nest wiring of its own, so any module (health, readiness) can read it.
 */
export class LedgerIntegrity {
  private current: IntegrityStatus = { state: 'unverified' };

  status(): IntegrityStatus {
    return this.current;
  }

  get failed(): boolean {
    return this.current.state === 'failed';
  }

  /** Records a report; answers true when the state changed (worth a line in the log). */
  record(report: VerificationReport, now = new Date()): boolean {
    const before = this.current.state;
    const failure = report.firstFailure;
    this.current = {
      state: failure ? 'failed' : 'verified',
      verifiedUpTo: report.headPosition.toString(),
      checkedAt: now.toISOString(),
      ...(failure ? { failure: verificationFailureJson(failure) } : {}),
    };
    return before !== this.current.state;
  }

  /** The status as the health answers show it: with the reason while writes are refused. */
  report(): IntegrityReport {
    return this.failed ? { ...this.current, reason: this.reason() } : this.current;
  }

  /** The sentence the log, the refusals and the health answer give. */
  reason(): string {
    const failure = this.current.failure;
    if (failure === undefined) return 'the log passed verification';
    return `the log fails verification at position ${failure.position} (${failure.check}: ${failure.detail}); it is neither extended nor signed until an operator restores it`;
  }

  /** Throws when the log must not be extended: an HTTP 503 for whoever appends. */
  assertWritable(): void {
    if (!this.failed) return;
    throw new ServiceUnavailableException({
      message: `Writes are refused: ${this.reason()}`,
      code: 'ledger_integrity_failure',
    });
  }
}
