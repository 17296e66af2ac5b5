import { type KeyObject, sign, verify } from 'node:crypto';
import type { JsonObject } from '@ledger/event-store';
import { canonicalJson } from './canonical-json';
import { isHexHash } from './event-hash';

/** The stream the checkpointer appends to: an ordinary stream, so every store and reader handles it. */
export const CHECKPOINT_STREAM = 'audit-checkpoints';
export const CHECKPOINT_EVENT_TYPE = 'CheckpointSigned';
/** Keeps a checkpoint signature from ever being valid for another kind of message. */
const CHECKPOINT_DOMAIN = 'ledger-checkpoint-v1';

/** What a checkpoint asserts: the first `treeSize` events of the log, up to `lastPosition`, have this root. */
export interface CheckpointStatement {
  readonly treeSize: number;
  /** RFC 6962 root over the event hashes of the first treeSize events in global order, hex. */
  readonly rootHash: string;
  /** The global position of the treeSize-th event. */
  readonly lastPosition: bigint;
  /** ISO 8601, from the checkpointer's clock. */
  readonly signedAt: string;
  readonly keyId: string;
}

export interface Checkpoint extends CheckpointStatement {
  /** Ed25519 over checkpointStatementBytes(statement), hex. */
  readonly signature: string;
}

/** The exact bytes signed: a domain tag, then the statement in RFC 8785 canonical JSON. */
export function checkpointStatementBytes(statement: CheckpointStatement): Buffer {
  const text = canonicalJson({
    treeSize: statement.treeSize,
    rootHash: statement.rootHash,
    lastPosition: statement.lastPosition.toString(),
    signedAt: statement.signedAt,
    keyId: statement.keyId,
  });
  return Buffer.from(`${CHECKPOINT_DOMAIN}\n${text}`, 'utf8');
}

export function signCheckpoint(statement: CheckpointStatement, privateKey: KeyObject): Checkpoint {
  const signature = sign(null, checkpointStatementBytes(statement), privateKey).toString('hex');
  return { ...statement, signature };
}

/** True when the signature is the given key's over exactly this statement. */
export function checkpointSignatureIsValid(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  if (!/^[0-9a-f]{128}$/.test(checkpoint.signature)) return false;
  return verify(
    null,
    checkpointStatementBytes(checkpoint),
    publicKey,
    Buffer.from(checkpoint.signature, 'hex'),
  );
}

/**
 * The event data of a CheckpointSigned event. `frontier` (the tree's compact range) is not signed:
 * it only lets the next checkpointer resume without re-reading the log, after checking it
 * reproduces the signed root.
 */
export function checkpointEventData(
  checkpoint: Checkpoint,
  frontier: readonly Buffer[],
): JsonObject {
  return { ...checkpointJson(checkpoint), frontier: frontier.map((hash) => hash.toString('hex')) };
}

/** A checkpoint as JSON (in the log, in proofs, over HTTP): the position as a decimal string (it is 64-bit). */
export type CheckpointJson = {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly lastPosition: string;
  readonly signedAt: string;
  readonly keyId: string;
  readonly signature: string;
};

export function checkpointJson(checkpoint: Checkpoint): CheckpointJson {
  const { treeSize, rootHash, lastPosition, signedAt, keyId, signature } = checkpoint;
  return { treeSize, rootHash, lastPosition: lastPosition.toString(), signedAt, keyId, signature };
}

export type ParsedCheckpoint =
  | { readonly ok: true; readonly checkpoint: Checkpoint; readonly frontier: readonly Buffer[] }
  | { readonly ok: false; readonly problem: string };

/** Reads CheckpointSigned data without trusting it. */
export function parseCheckpointData(data: JsonObject): ParsedCheckpoint {
  const { treeSize, rootHash, lastPosition, signedAt, keyId, signature, frontier } = data;
  const problem = problemWith(data);
  if (problem !== undefined) return { ok: false, problem };
  const checkpoint: Checkpoint = {
    treeSize: treeSize as number,
    rootHash: rootHash as string,
    lastPosition: BigInt(lastPosition as string),
    signedAt: signedAt as string,
    keyId: keyId as string,
    signature: signature as string,
  };
  const hashes =
    Array.isArray(frontier) && frontier.every(isHexHash)
      ? frontier.map((h) => Buffer.from(h, 'hex'))
      : [];
  return { ok: true, checkpoint, frontier: hashes };
}

function problemWith(data: JsonObject): string | undefined {
  const { treeSize, rootHash, lastPosition, signedAt, keyId, signature } = data;
  if (typeof treeSize !== 'number' || !Number.isSafeInteger(treeSize) || treeSize < 1) {
    return 'treeSize is not a positive integer';
  }
  if (!isHexHash(rootHash)) return 'rootHash is not a SHA-256 hex digest';
  if (typeof lastPosition !== 'string' || !/^(0|[1-9]\d*)$/.test(lastPosition))
    return 'lastPosition is not a decimal position';
  if (typeof signedAt !== 'string' || Number.isNaN(Date.parse(signedAt)))
    return 'signedAt is not a date';
  if (typeof keyId !== 'string' || !/^[0-9a-f]{32}$/.test(keyId)) return 'keyId is malformed';
  if (typeof signature !== 'string') return 'signature is missing';
  return undefined;
}
