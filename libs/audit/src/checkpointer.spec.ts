import { generateKeyPairSync } from 'node:crypto';
import {
  createMemoryEventStore,
  type EventStore,
  WrongExpectedVersionError,
} from '@ledger/event-store';
import { CHECKPOINT_STREAM, checkpointSignatureIsValid, parseCheckpointData } from './checkpoint';
import { Checkpointer } from './checkpointer';
import { AuditTrailError } from './errors';
import { auditView, withHashChain } from './hash-chain';
import { signingKeyFromPem, type SigningKey } from './signing-key';
import { auditedLog, claimEvent, ManualClock, rootOfFirst } from './testing/audit-fixtures';
import { verifyLedger } from './verify-ledger';

function newKey(): SigningKey {
  const pem = generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  return signingKeyFromPem(pem, 'config');
}

async function checkpointsIn(store: EventStore) {
  const events = await auditView(store).readStream(CHECKPOINT_STREAM);
  return events.map((event) => {
    const parsed = parseCheckpointData(event.data);
    if (!parsed.ok) throw new Error(parsed.problem);
    return { ...parsed.checkpoint, position: event.position };
  });
}

describe('Checkpointer', () => {
  const key = newKey();
  let store: EventStore;
  let clock: ManualClock;
  beforeEach(() => {
    store = withHashChain(createMemoryEventStore());
    clock = new ManualClock();
  });
  afterEach(() => store.close());

  const checkpointer = (options: { everyEvents?: number; everyMs?: number } = {}) =>
    new Checkpointer({
      store,
      signingKey: key,
      clock: clock.now,
      everyEvents: 4,
      everyMs: 60_000,
      ...options,
    });

  it('signs a checkpoint every N events whose root is that of the first treeSize event hashes', async () => {
    const subject = checkpointer();
    for (let i = 0; i < 9; i++) {
      await store.appendToStream(`claim-${i % 3}`, [claimEvent({ i })]);
      await subject.tick();
    }
    const log = await auditedLog(store);
    const checkpoints = await checkpointsIn(store);
    // 4 claims, then the checkpoint (a leaf too), then 4 more claims: 9 leaves.
    expect(checkpoints.map((c) => c.treeSize)).toEqual([4, 9]);
    for (const checkpoint of checkpoints) {
      expect(checkpoint.rootHash).toBe(rootOfFirst(log, checkpoint.treeSize));
      expect(checkpoint.lastPosition).toBe(log[checkpoint.treeSize - 1]?.position);
      expect(checkpoint.keyId).toBe(key.keyId);
      expect(checkpointSignatureIsValid(checkpoint, key.publicKey)).toBe(true);
    }
  });

  it('signs after T ms when fewer than N events are uncovered, dated by the clock passed in, and never for nothing', async () => {
    const subject = checkpointer({ everyMs: 5000 });
    await store.appendToStream('claim-1', [claimEvent()]);
    expect(await subject.tick()).toBeUndefined();
    clock.advance(5000);
    const first = await subject.tick();
    expect(first).toMatchObject({ treeSize: 1, signedAt: '2025-06-17T14:00:05.000Z' });
    clock.advance(60_000);
    expect(await subject.tick()).toBeUndefined();
    expect(await checkpointsIn(store)).toHaveLength(1);
  });

  it('checkpoints on demand, and answers the latest checkpoint when nothing is new', async () => {
    const subject = checkpointer();
    expect(await subject.checkpointNow()).toBeUndefined();
    await store.appendToStream('claim-1', [claimEvent(), claimEvent()]);
    const first = await subject.checkpointNow();
    expect(first?.treeSize).toBe(2);
    expect(await subject.checkpointNow()).toEqual(first);
    expect(await checkpointsIn(store)).toHaveLength(1);
  });

  it('resumes from the frontier saved in its latest checkpoint instead of re-reading the log', async () => {
    await store.appendToStream(
      'claim-1',
      Array.from({ length: 30 }, (_, i) => claimEvent({ i })),
    );
    await checkpointer().checkpointNow();
    await store.appendToStream('claim-2', [claimEvent(), claimEvent()]);

    let eventsRead = 0;
    const counting = new Proxy(auditView(store), {
      get(target, property) {
        if (property !== 'readAll') return Reflect.get(target, property, target) as unknown;
        return async (...args: Parameters<EventStore['readAll']>) => {
          const page = await target.readAll(...args);
          eventsRead += page.length;
          return page;
        };
      },
    });
    const resumed = new Checkpointer({ store: counting, signingKey: key, clock: clock.now });
    const second = await resumed.checkpointNow();
    const log = await auditedLog(store);
    expect(second?.treeSize).toBe(33);
    expect(second?.rootHash).toBe(rootOfFirst(log, 33));
    // The checkpoint's last leaf again (reads start at a position an event holds), the checkpoint event
    // itself and the two claims after it.
    expect(eventsRead).toBe(4);
  });

  it('rebuilds from the start when the latest checkpoint is signed by another key', async () => {
    await store.appendToStream('claim-1', [claimEvent(), claimEvent()]);
    await new Checkpointer({ store, signingKey: newKey(), clock: clock.now }).checkpointNow();
    await store.appendToStream('claim-1', [claimEvent()]);
    const checkpoint = await checkpointer().checkpointNow();
    expect(checkpoint?.treeSize).toBe(4);
    expect(checkpoint?.rootHash).toBe(rootOfFirst(await auditedLog(store), 4));
  });

  it('loses a race against a second checkpointer harmlessly: it fails once, then continues from the other one', async () => {
    const a = checkpointer();
    const b = checkpointer();
    await store.appendToStream('claim-1', [claimEvent()]);
    await b.tick(); // b has read the (empty) checkpoint stream
    await a.checkpointNow();
    await store.appendToStream('claim-1', [claimEvent()]);
    await expect(b.checkpointNow()).rejects.toBeInstanceOf(WrongExpectedVersionError);
    const recovered = await b.checkpointNow();
    expect(recovered?.treeSize).toBe(3);
    expect(await verifyLedger(store, key.publicKeyPem)).toMatchObject({
      ok: true,
      checkpointsChecked: 2,
    });
  });

  it('refuses to sign over an event that carries no audit hash', async () => {
    await auditView(store).appendToStream('legacy', [claimEvent()]);
    await expect(checkpointer().checkpointNow()).rejects.toBeInstanceOf(AuditTrailError);
  });

  it('polls in the background once started, until stopped', async () => {
    const subject = new Checkpointer({
      store,
      signingKey: key,
      clock: clock.now,
      everyEvents: 3,
      pollMs: 10,
    });
    subject.start();
    try {
      await store.appendToStream('claim-1', [claimEvent(), claimEvent(), claimEvent()]);
      for (let i = 0; i < 200 && (await checkpointsIn(store).catch(() => [])).length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(await checkpointsIn(store)).toHaveLength(1);
    } finally {
      await subject.stop();
    }
  });
});
