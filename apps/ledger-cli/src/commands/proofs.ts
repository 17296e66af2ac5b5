import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
// Deep imports: verify-proof must run with no store at all (no SQLite, no Nest), only node:crypto.
import type { CheckpointJson } from '@ledger/audit/checkpoint';
import type { InclusionProof } from '@ledger/audit/inclusion-proof';
import { verifyConsistencyProof } from '@ledger/audit/verify-consistency-proof';
import { verifyInclusionProof } from '@ledger/audit/verify-proof';
import type { LedgerAccess } from '../access/ledger-access';
import { CliError, type CliIo, EXIT } from '../io';
import { json, writeResult } from '../output';
import { visible } from '../render/visible-text';

export async function proofCommand(
  access: LedgerAccess,
  position: string,
  out: string | undefined,
  io: CliIo,
): Promise<number> {
  if (!/^\d{1,19}$/.test(position))
    throw new CliError(`${JSON.stringify(position)} is not a global position`);
  writeResult(io, json(await access.proof(BigInt(position))), out);
  return EXIT.ok;
}

function readText(io: CliIo, file: string, what: string): string {
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new CliError(
      `Cannot read ${what} ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}

/** The offline verifier: a proof file and a public key, nothing else. */
export async function verifyProofCommand(
  proofFile: string,
  publicKeyFile: string,
  io: CliIo,
): Promise<number> {
  let proof: InclusionProof;
  try {
    proof = JSON.parse(readText(io, proofFile, 'the proof')) as InclusionProof;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${proofFile} is not JSON`);
  }
  const result = verifyInclusionProof(proof, readText(io, publicKeyFile, 'the public key'));
  if (!result.ok) {
    io.stdout.write(`INVALID: ${visible(result.problem)}\n`);
    return EXIT.failed;
  }
  const { event, checkpoint } = proof;
  io.stdout.write(
    `VALID: the ${event.type} event at position ${event.position} (stream "${event.stream}", revision ${event.revision}) is leaf ${proof.leafIndex} of the ${proof.treeSize}-event log ` +
      `signed ${checkpoint.signedAt} by key ${checkpoint.keyId} (root ${checkpoint.rootHash}), and its content matches its hash.\n`,
  );
  return EXIT.ok;
}

export async function publicKeyCommand(
  access: LedgerAccess,
  out: string | undefined,
  io: CliIo,
): Promise<number> {
  writeResult(io, await access.publicKey(), out);
  return EXIT.ok;
}

export async function checkpointCommand(access: LedgerAccess, io: CliIo): Promise<number> {
  const checkpoint = await access.checkpoint();
  io.stdout.write(
    `Checkpoint: ${checkpoint.treeSize} events up to position ${checkpoint.lastPosition}, root ${checkpoint.rootHash}, signed ${checkpoint.signedAt} by key ${checkpoint.keyId}\n`,
  );
  return EXIT.ok;
}

/** A saved checkpoint: as POST /audit/checkpoints answers it, or inside a proof (its `checkpoint`). */
function savedCheckpoint(io: CliIo, file: string): CheckpointJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText(io, file, 'the saved checkpoint'));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file} is not JSON`);
  }
  const object = (parsed ?? {}) as Record<string, unknown>;
  const checkpoint = (
    typeof object.checkpoint === 'object' && object.checkpoint !== null ? object.checkpoint : object
  ) as Partial<CheckpointJson>;
  const { treeSize, rootHash, lastPosition, signedAt, keyId, signature } = checkpoint;
  const strings = [rootHash, lastPosition, signedAt, keyId, signature];
  if (
    !Number.isSafeInteger(treeSize) ||
    (treeSize ?? 0) < 1 ||
    strings.some((v) => typeof v !== 'string')
  )
    throw new CliError(
      `${file} holds no signed checkpoint (treeSize, rootHash, lastPosition, signedAt, keyId, signature)`,
    );
  return checkpoint as CheckpointJson;
}

/**
 * Whether the ledger still extends a checkpoint saved earlier: its latest checkpoint, the RFC 6962
 * consistency proof between the two, both signatures. A truncated or forked log exits 1.
 */
export async function verifyConsistencyCommand(
  access: LedgerAccess,
  checkpointFile: string,
  publicKeyFile: string | undefined,
  io: CliIo,
): Promise<number> {
  const saved = savedCheckpoint(io, checkpointFile);
  const pem =
    publicKeyFile === undefined
      ? await access.publicKey()
      : readText(io, publicKeyFile, 'the public key');
  const proof = await access.consistency(saved.treeSize);
  const result = verifyConsistencyProof(saved, proof, pem);
  if (!result.ok) {
    io.stdout.write(`INCONSISTENT: ${result.problem}\n`);
    return EXIT.failed;
  }
  const latest = proof.checkpoint;
  io.stdout.write(
    `CONSISTENT: ${access.description} extends the saved checkpoint of ${saved.treeSize} events (root ${saved.rootHash}, signed ${saved.signedAt}); ` +
      `its latest checkpoint signs ${latest?.treeSize} events (root ${latest?.rootHash}, signed ${latest?.signedAt} by key ${latest?.keyId}).\n`,
  );
  return EXIT.ok;
}
