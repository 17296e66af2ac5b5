import { type CheckpointJson, checkpointSignatureIsValid } from './checkpoint';
import type { ConsistencyProof } from './consistency-proof';
import { verifyConsistency } from './merkle';
import { keyIdOf, publicKeyFromPem } from './signing-key';

export type ConsistencyVerification =
  { readonly ok: true } | { readonly ok: false; readonly problem: string };

const HEX_HASH = /^[0-9a-f]{64}$/;

function signedByKey(checkpoint: CheckpointJson, publicKeyPem: string): string | undefined {
  const key = publicKeyFromPem(publicKeyPem);
  if (checkpoint.keyId !== keyIdOf(key))
    return `it is signed by key ${checkpoint.keyId}, not by the key given (${keyIdOf(key)})`;
  if (!/^(0|[1-9]\d*)$/.test(checkpoint.lastPosition)) return 'its lastPosition is malformed';
  const valid = checkpointSignatureIsValid(
    { ...checkpoint, lastPosition: BigInt(checkpoint.lastPosition) },
    key,
  );
  return valid ? undefined : 'its signature does not verify';
}

/**
 * Checks, offline with the public key alone, that the log behind `proof` extends the checkpoint
 * an auditor saved: both checkpoints are signed by the key, and RFC 9162 §2.1.4.2 leads from the
 * saved root to the later signed one. Pure; never throws on a malformed proof.
 */
export function verifyConsistencyProof(
  saved: CheckpointJson,
  proof: ConsistencyProof,
  publicKeyPem: string,
): ConsistencyVerification {
  const fail = (problem: string): ConsistencyVerification => ({ ok: false, problem });
  try {
    const savedProblem = signedByKey(saved, publicKeyPem);
    if (savedProblem) return fail(`The saved checkpoint cannot be trusted: ${savedProblem}`);
    const later = proof.checkpoint;
    if (later === undefined) return fail('The proof carries no signed checkpoint');
    const laterProblem = signedByKey(later, publicKeyPem);
    if (laterProblem)
      return fail(`The ledger's latest checkpoint cannot be trusted: ${laterProblem}`);
    if (later.treeSize < saved.treeSize)
      return fail(
        `The ledger's latest checkpoint signs ${later.treeSize} events, fewer than the ${saved.treeSize} of the saved one: the log was truncated`,
      );
    if (proof.oldSize !== saved.treeSize || proof.newSize !== later.treeSize)
      return fail(
        `The proof is for sizes ${proof.oldSize} → ${proof.newSize}, not ${saved.treeSize} → ${later.treeSize}`,
      );
    if (!proof.proof.every((hash) => HEX_HASH.test(hash)))
      return fail('The proof holds a malformed hash');
    const consistent = verifyConsistency({
      oldSize: saved.treeSize,
      newSize: later.treeSize,
      oldRoot: Buffer.from(saved.rootHash, 'hex'),
      newRoot: Buffer.from(later.rootHash, 'hex'),
      proof: proof.proof.map((hash) => Buffer.from(hash, 'hex')),
    });
    if (!consistent)
      return fail(
        `The log of ${later.treeSize} events does not extend the saved tree of ${saved.treeSize} (root ${saved.rootHash}): its first ${saved.treeSize} events were changed, removed or reordered (a fork)`,
      );
    return { ok: true };
  } catch (error) {
    return fail(
      `The proof or the key is malformed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
