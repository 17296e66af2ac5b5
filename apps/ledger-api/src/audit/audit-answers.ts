import type { Checkpoint, CheckpointSeen, VerificationReport } from '@ledger/audit';

/** A checkpoint as JSON: positions as decimal strings (they are 64-bit). */
export interface CheckpointAnswer {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly lastPosition: string;
  readonly signedAt: string;
  readonly keyId: string;
  readonly signature: string;
}

export interface VerificationAnswer {
  readonly ok: boolean;
  readonly headPosition: string;
  readonly eventsChecked: number;
  readonly checkpointsChecked: number;
  readonly latestCheckpoint: (CheckpointAnswer & { readonly position: string }) | null;
  readonly eventsAfterLatestCheckpoint: number;
  readonly firstFailure: {
    readonly position: string;
    readonly stream: string;
    readonly revision: string;
    readonly check: string;
    readonly detail: string;
  } | null;
}

export function checkpointAnswer(checkpoint: Checkpoint): CheckpointAnswer {
  const { treeSize, rootHash, lastPosition, signedAt, keyId, signature } = checkpoint;
  return { treeSize, rootHash, lastPosition: lastPosition.toString(), signedAt, keyId, signature };
}

function seenAnswer(seen: CheckpointSeen): CheckpointAnswer & { readonly position: string } {
  return { ...checkpointAnswer(seen), position: seen.position.toString() };
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
