import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryEventStore, type EventStore } from '@ledger/event-store';
import { type Checkpoint, checkpointJson } from './checkpoint';
import { Checkpointer } from './checkpointer';
import { consistencyProof } from './consistency-proof';
import { ProofUnavailableError } from './errors';
import { readAuditFields } from './event-hash';
import { auditView, withHashChain } from './hash-chain';
import { verifyConsistency } from './merkle';
import { loadOrCreateSigningKey, type SigningKey } from './signing-key';
import { claimEvent } from './testing/audit-fixtures';
import { verifyConsistencyProof } from './verify-consistency-proof';

/** MTH straight from RFC 6962 §2.1's recursive definition: the independent oracle. */
function mth(leaves: readonly Buffer[]): Buffer {
  const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return sha(Buffer.from([0]), leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

/** SUBPROOF(m, D[n], b) of RFC 6962 §2.1.2, written as the RFC states it. */
function subproof(m: number, leaves: readonly Buffer[], b: boolean): Buffer[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [mth(leaves)];
  let k = 1;
  while (k * 2 < n) k *= 2;
  if (m <= k) return [...subproof(m, leaves.slice(0, k), b), mth(leaves.slice(k))];
  return [...subproof(m - k, leaves.slice(k), false), mth(leaves.slice(0, k))];
}

describe('consistencyProof over a stored log', () => {
  let dir: string;
  let store: EventStore;
  let key: SigningKey;
  const saved: Checkpoint[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-consistency-'));
    store = withHashChain(createMemoryEventStore());
    key = loadOrCreateSigningKey(dir, {});
    const checkpointer = new Checkpointer({ store, signingKey: key, clock: () => new Date() });
    for (let round = 1; round <= 6; round++) {
      for (let i = 0; i < round * 2; i++)
        await store.appendToStream(`claim-${i % 3}`, [claimEvent({ round, i })]);
      saved.push((await checkpointer.checkpointNow())!);
    }
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers PROOF(m, D[n]) as the RFC defines it, with both roots, for every 1 ≤ m ≤ n', async () => {
    const leaves = (await auditView(store).readAll()).map((event) => {
      const audit = readAuditFields(event.metadata);
      if (!audit.ok) throw new Error(audit.problem);
      return Buffer.from(audit.fields.hash, 'hex');
    });
    const n = saved.at(-1)!.treeSize;
    for (let m = 1; m <= n; m++) {
      const answer = await consistencyProof(store, m, undefined, { pageSize: 7 });
      const tree = leaves.slice(0, n);
      expect(answer.oldRoot).toBe(mth(tree.slice(0, m)).toString('hex'));
      expect(answer.newRoot).toBe(mth(tree).toString('hex'));
      expect(answer.proof).toEqual(subproof(m, tree, true).map((h) => h.toString('hex')));
      const claim = {
        oldSize: m,
        newSize: n,
        oldRoot: Buffer.from(answer.oldRoot, 'hex'),
        newRoot: Buffer.from(answer.newRoot, 'hex'),
        proof: answer.proof.map((h) => Buffer.from(h, 'hex')),
      };
      expect(verifyConsistency(claim)).toBe(true);
    }
  });

  it('lets an auditor who kept any earlier checkpoint check it offline with the public key', async () => {
    for (const checkpoint of saved) {
      const proof = await consistencyProof(store, checkpoint.treeSize);
      expect(verifyConsistencyProof(checkpointJson(checkpoint), proof, key.publicKeyPem)).toEqual({
        ok: true,
      });
    }
  });

  it('fails a saved checkpoint that another tree signed (a fork), or a forged signature', async () => {
    const proof = await consistencyProof(store, saved[2]!.treeSize);
    const forked = { ...checkpointJson(saved[2]!), rootHash: saved[1]!.rootHash };
    expect(verifyConsistencyProof(forked, proof, key.publicKeyPem)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('signature does not verify'),
    });
    const badProof = { ...proof, proof: [...proof.proof].reverse() };
    expect(
      verifyConsistencyProof(checkpointJson(saved[2]!), badProof, key.publicKeyPem),
    ).toMatchObject({ ok: false, problem: expect.stringContaining('does not extend') });
  });

  it('refuses a tree larger than the latest checkpoint signs', async () => {
    await expect(consistencyProof(store, 1, saved.at(-1)!.treeSize + 1)).rejects.toBeInstanceOf(
      ProofUnavailableError,
    );
  });
});
