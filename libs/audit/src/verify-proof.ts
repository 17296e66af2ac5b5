import type { KeyObject } from 'node:crypto';
import { checkpointSignatureIsValid, parseCheckpointData } from './checkpoint';
import { eventHash, isHexHash, readAuditFields } from './event-hash';
import type { InclusionProof } from './inclusion-proof';
import { leafHash, verifyInclusion } from './merkle';
import { keyIdOf, publicKeyFromPem } from './signing-key';

export type ProofVerification =
  { readonly ok: true } | { readonly ok: false; readonly problem: string };

/**
 * The offline verifier: with only the ledger's public key, checks that the checkpoint is signed by
 * it, that the event's content hashes to its recorded hash, and that the audit path leads from
 * that hash to the signed root. Pure (no I/O, no clock); never throws on a malformed proof.
 */
export function verifyInclusionProof(
  proof: InclusionProof,
  publicKey: string | KeyObject,
): ProofVerification {
  try {
    return check(proof, typeof publicKey === 'string' ? publicKeyFromPem(publicKey) : publicKey);
  } catch (error) {
    return {
      ok: false,
      problem: `the proof or the key is malformed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function check(proof: InclusionProof, key: KeyObject): ProofVerification {
  const parsed = parseCheckpointData(proof.checkpoint);
  if (!parsed.ok) return { ok: false, problem: `checkpoint: ${parsed.problem}` };
  const checkpoint = parsed.checkpoint;
  if (checkpoint.keyId !== keyIdOf(key))
    return {
      ok: false,
      problem: `the checkpoint is signed by key ${checkpoint.keyId}, not by this key`,
    };
  if (!checkpointSignatureIsValid(checkpoint, key))
    return { ok: false, problem: 'the checkpoint signature is not valid' };
  if (proof.treeSize !== checkpoint.treeSize)
    return { ok: false, problem: 'the proof and the checkpoint disagree on the tree size' };
  const contentProblem = checkEventContent(proof);
  if (contentProblem) return { ok: false, problem: contentProblem };
  if (BigInt(proof.event.position) > checkpoint.lastPosition) {
    return { ok: false, problem: 'the event is after the last position the checkpoint covers' };
  }
  const auditPath = proof.auditPath;
  if (!Array.isArray(auditPath) || !auditPath.every(isHexHash))
    return { ok: false, problem: 'the audit path is malformed' };
  const included = verifyInclusion({
    leafIndex: proof.leafIndex,
    treeSize: checkpoint.treeSize,
    leafHash: leafHash(Buffer.from(proof.eventHash, 'hex')),
    auditPath: auditPath.map((hash) => Buffer.from(hash, 'hex')),
    rootHash: Buffer.from(checkpoint.rootHash, 'hex'),
  });
  return included
    ? { ok: true }
    : { ok: false, problem: 'the audit path does not lead to the signed root' };
}

function checkEventContent(proof: InclusionProof): string | undefined {
  const { event } = proof;
  const audit = readAuditFields(event.metadata);
  if (!audit.ok) return `event: ${audit.problem}`;
  if (audit.fields.hash !== proof.eventHash)
    return "the proof's event hash is not the event's recorded hash";
  const actual = eventHash({ ...event, revision: BigInt(event.revision) }, audit.fields.prevHash);
  return actual === audit.fields.hash
    ? undefined
    : 'the event content does not match its recorded hash';
}
