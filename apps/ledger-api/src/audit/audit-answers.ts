import {
  type CheckpointJson,
  checkpointJson,
  type CheckpointSeen,
  type VerificationFailureJson,
  verificationFailureJson,
  type VerificationReport,
} from '@ledger/audit';

export interface VerificationAnswer {
  readonly ok: boolean;
  readonly headPosition: string;
  readonly eventsChecked: number;
  readonly checkpointsChecked: number;
  readonly latestCheckpoint: (CheckpointJson & { readonly position: string }) | null;
  readonly eventsAfterLatestCheckpoint: number;
  readonly firstFailure: VerificationFailureJson | null;
}

function seenAnswer(seen: CheckpointSeen): CheckpointJson & { readonly position: string } {
  return { ...checkpointJson(seen), position: seen.position.toString() };
}

export function verificationAnswer(report: VerificationReport): VerificationAnswer {
  const failure = report.firstFailure;
  return {
    ok: report.ok,
    headPosition: report.headPosition.toString(),
    eventsChecked: report.eventsChecked,
    checkpointsChecked: report.checkpointsChecked,
    latestCheckpoint: report.latestCheckpoint ? seenAnswer(report.latestCheckpoint) : null,
    eventsAfterLatestCheckpoint: report.eventsAfterLatestCheckpoint,
    firstFailure: failure ? verificationFailureJson(failure) : null,
  };
}
