import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryEventStore, type EventStore } from '@ledger/event-store';
import { Checkpointer } from './checkpointer';
import { AuditTrailError, ProofUnavailableError } from './errors';
import { auditView, withHashChain } from './hash-chain';
import { type InclusionProof, inclusionProof } from './inclusion-proof';
import { loadOrCreateSigningKey, type SigningKey } from './signing-key';
import { claimEvent, ManualClock } from './testing/audit-fixtures';
import { verifyInclusionProof } from './verify-proof';

describe('inclusion proofs', () => {
  let dir: string;
  let store: EventStore;
  let key: SigningKey;
  let checkpointer: Checkpointer;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-proof-'));
    store = withHashChain(createMemoryEventStore());
    key = loadOrCreateSigningKey(dir, {});
    checkpointer = new Checkpointer({ store, signingKey: key, clock: new ManualClock().now });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function writeClaims(count: number): Promise<void> {
    for (let i = 0; i < count; i++)
      await store.appendToStream(`claim-${i % 4}`, [claimEvent({ i, quantity: 1245 + i })]);
  }

  it('proves every event under the latest checkpoint, through a JSON round trip, with only the public key', async () => {
    await writeClaims(20);
    await checkpointer.checkpointNow();
    await writeClaims(12);
    const checkpoint = await checkpointer.checkpointNow();
    await writeClaims(2); // not yet covered
    const covered = (await auditView(store).readAll()).filter(
      (e) => e.position <= checkpoint!.lastPosition,
    );
    expect(covered).toHaveLength(33);

    for (const [index, event] of covered.entries()) {
      const proof = JSON.parse(
        JSON.stringify(await inclusionProof(store, event.position, { pageSize: 5 })),
      ) as InclusionProof;
      expect([index, proof.leafIndex, proof.treeSize]).toEqual([index, index, 33]);
      expect([index, verifyInclusionProof(proof, key.publicKeyPem)]).toEqual([index, { ok: true }]);
    }
  });

  it('rejects a proof whose event, path, index, checkpoint or key was changed', async () => {
    await writeClaims(13);
    await checkpointer.checkpointNow();
    const position = (await auditView(store).readAll())[6]!.position;
    const proof = await inclusionProof(store, position);
    const other = loadOrCreateSigningKey(join(dir, 'other'), {});
    const cases: [string, InclusionProof, string][] = [
      [
        'data',
        { ...proof, event: { ...proof.event, data: { ...proof.event.data, quantity: 1248 } } },
        'content',
      ],
      ['revision', { ...proof, event: { ...proof.event, revision: '9' } }, 'content'],
      ['path', { ...proof, auditPath: [...proof.auditPath].reverse() }, 'signed root'],
      ['index', { ...proof, leafIndex: proof.leafIndex + 1 }, 'signed root'],
      [
        'root',
        { ...proof, checkpoint: { ...proof.checkpoint, rootHash: '00'.repeat(32) } },
        'signature',
      ],
      ['size', { ...proof, treeSize: 14 }, 'tree size'],
      ['hash', { ...proof, eventHash: '11'.repeat(32) }, 'recorded hash'],
    ];
    for (const [what, forged, problem] of cases) {
      const result = verifyInclusionProof(forged, key.publicKeyPem);
      expect([what, result.ok]).toEqual([what, false]);
      expect(!result.ok && result.problem).toContain(problem);
    }
    expect(verifyInclusionProof(proof, other.publicKeyPem)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not by this key'),
    });
    expect(verifyInclusionProof(proof, 'not a key')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('malformed'),
    });
    expect(verifyInclusionProof({} as InclusionProof, key.publicKeyPem)).toMatchObject({
      ok: false,
    });
  });

  it('refuses positions no checkpoint covers, positions holding no event, and a log that no longer matches', async () => {
    await expect(inclusionProof(store, 1n)).rejects.toBeInstanceOf(ProofUnavailableError);
    await writeClaims(3);
    const checkpoint = await checkpointer.checkpointNow();
    await writeClaims(1);
    await expect(inclusionProof(store, checkpoint!.lastPosition + 2n)).rejects.toThrow(
      /after the latest checkpoint/,
    );
    await expect(inclusionProof(store, 0n)).rejects.toThrow(/No event is stored at position 0/);
  });

  it('refuses to prove against a checkpoint the log no longer matches', async () => {
    await writeClaims(3);
    await checkpointer.checkpointNow();
    // A different log whose checkpoint stream claims the first log's checkpoint.
    const otherStore = withHashChain(createMemoryEventStore());
    try {
      await otherStore.appendToStream('claim-x', [claimEvent(), claimEvent(), claimEvent()]);
      const [copied] = await auditView(store).readStream('audit-checkpoints');
      await otherStore.appendToStream('audit-checkpoints', [
        { id: copied!.id, type: copied!.type, data: copied!.data },
      ]);
      await expect(inclusionProof(otherStore, 1n)).rejects.toBeInstanceOf(AuditTrailError);
    } finally {
      await otherStore.close();
    }
  });
});
