import { type CheckpointJson, checkpointJson, type CheckpointSeen, type VerificationReport } from '@ledger/audit';

export interface VerificationAnswer {
  readonly ok: boolean;
  readonly headPosition: string;
  readonly eventsChecked: number;
  readonly checkpointsChecked: number;
  readonly latestCheckpoint: (CheckpointJson & { readonly position: string }) | null;
  readonly eventsAfterLatestCheckpoint: number;
  readonly firstFailure: {
    readonly position: string;
    readonly stream: string;
    readonly revision: string;
    readonly check: string;
    readonly detail: string;
  } | null;
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
    firstFailure: failure
      ? { position: failure.position.toString(), stream: failure.stream, revision: failure.revision.toString(), check: failure.check, detail: failure.detail }
      : null,
  };
}
