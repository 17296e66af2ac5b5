import { type VerificationReport, verificationFailureJson } from '@ledger/audit';
import type { VerifyOutcome } from './ledger-access';

/** The library's report as JSON, with who verified it and against which keys. */
export function verifyOutcomeOf(
  report: VerificationReport,
  verifiedBy: VerifyOutcome['verifiedBy'],
  trustedKeys: string,
): VerifyOutcome {
  const latest = report.latestCheckpoint;
  const failure = report.firstFailure;
  return {
    ok: report.ok,
    headPosition: report.headPosition.toString(),
    eventsChecked: report.eventsChecked,
    checkpointsChecked: report.checkpointsChecked,
    latestCheckpoint: latest
      ? {
          treeSize: latest.treeSize,
          lastPosition: latest.lastPosition.toString(),
          signedAt: latest.signedAt,
          keyId: latest.keyId,
          position: latest.position.toString(),
        }
      : null,
    eventsAfterLatestCheckpoint: report.eventsAfterLatestCheckpoint,
    firstFailure: failure ? verificationFailureJson(failure) : null,
    verifiedBy,
    trustedKeys,
  };
}
