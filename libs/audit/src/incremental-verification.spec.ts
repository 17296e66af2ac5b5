import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryEventStore, type EventStore, type ReadAllOptions } from '@ledger/event-store';
import { Checkpointer } from './checkpointer';
import { auditView, withHashChain } from './hash-chain';
import { IncrementalVerification } from './incremental-verification';
import { loadOrCreateSigningKey, type SigningKey } from './signing-key';
import {
  CHECKPOINT_EVENT_TYPE,
  CHECKPOINT_STREAM,
  checkpointEventData,
  signCheckpoint,
} from './checkpoint';
import { claimEvent, rootOfFirst } from './testing/audit-fixtures';
import { verifyLedger } from './verify-ledger';

/** A store that counts the events its readAll hands out: how much of the log a run read. */
function counting(store: EventStore): { store: EventStore; eventsRead: () => number } {
  let read = 0;
  const inner = auditView(store);
  const counted = new Proxy(inner, {
    get(target, property) {
      if (property === 'readAll')
        return async (options?: ReadAllOptions) => {
          const events = await target.readAll(options);
          read += events.length;
          return events;
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  return { store: counted, eventsRead: () => read };
}

describe('IncrementalVerification', () => {
  let dir: string;
  let store: EventStore;
  let key: SigningKey;
  let checkpointer: Checkpointer;
  const bounds = () => ({ now: new Date(), skewMs: 60_000 });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-incremental-'));
    store = withHashChain(createMemoryEventStore());
    key = loadOrCreateSigningKey(dir, {});
    checkpointer = new Checkpointer({ store, signingKey: key, clock: () => new Date() });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function writeClaims(count: number): Promise<void> {
    for (let i = 0; i < count; i++)
      await store.appendToStream(`claim-${i % 7}`, [claimEvent({ i })]);
  }

  it('answers what a full verification answers, reading only what follows the latest verified checkpoint', async () => {
    const reads = counting(store);
    const incremental = new IncrementalVerification(reads.store, key.publicKey, {
      pageSize: 10,
      recordingTimes: bounds,
    });
    await writeClaims(40);
    await checkpointer.checkpointNow();
    await writeClaims(5);
    const first = await incremental.verify();
    expect(first).toEqual(await verifyLedger(store, key.publicKey, { recordingTimes: bounds() }));
    expect(first).toMatchObject({ ok: true, eventsChecked: 46, checkpointsChecked: 1 });
    const readByFirst = reads.eventsRead();
    expect(readByFirst).toBeGreaterThanOrEqual(46);

    await writeClaims(30);
    await checkpointer.checkpointNow();
    await writeClaims(3);
    const second = await incremental.verify();
    expect(second).toEqual(await verifyLedger(store, key.publicKey, { recordingTimes: bounds() }));
    expect(second).toMatchObject({ ok: true, eventsChecked: 80, checkpointsChecked: 2 });
    // From just after the first checkpoint (position 41): 39 events, plus the page reads' overlap.
    const readBySecond = reads.eventsRead() - readByFirst;
    expect(readBySecond).toBeLessThan(46);
    expect(readBySecond).toBeGreaterThanOrEqual(39);
  });

  it('runs once for callers arriving together, and reads nothing again while the head stays put', async () => {
    const reads = counting(store);
    const incremental = new IncrementalVerification(reads.store, key.publicKey);
    await writeClaims(20);
    await checkpointer.checkpointNow();
    const together = await Promise.all([1, 2, 3, 4].map(() => incremental.verify()));
    expect(new Set(together).size).toBe(1);
    const afterFirst = reads.eventsRead();
    expect(afterFirst).toBe(21);
    expect(await incremental.verify()).toBe(together[0]);
    expect(reads.eventsRead()).toBe(afterFirst);
    await writeClaims(1);
    expect(await incremental.verify()).toMatchObject({ ok: true, eventsChecked: 22 });
  });

  it('finds damage appended after the verified checkpoint', async () => {
    const incremental = new IncrementalVerification(store, key.publicKey);
    await writeClaims(10);
    await checkpointer.checkpointNow();
    expect(await incremental.verify()).toMatchObject({ ok: true });
    // Written around the decorator: no chained hash.
    await auditView(store).appendToStream('claim-0', [claimEvent({ forged: true })]);
    const report = await incremental.verify();
    expect(report.firstFailure).toMatchObject({ position: 12n, check: 'missing_audit' });
    expect(report).toEqual(await verifyLedger(store, key.publicKey));
  });

  it('verifies a checkpoint that signs the tree right after the previous one (itself its only new leaf)', async () => {
    const incremental = new IncrementalVerification(store, key.publicKey);
    await writeClaims(5);
    await checkpointer.checkpointNow();
    expect(await incremental.verify()).toMatchObject({ ok: true, eventsChecked: 6 });
    // A checkpoint over the 6 leaves so far: exactly the tree the first run ended on.
    const events = await auditView(store).readAll();
    const signed = signCheckpoint(
      {
        treeSize: 6,
        rootHash: rootOfFirst(events, 6),
        lastPosition: events[5]!.position,
        signedAt: new Date().toISOString(),
        keyId: key.keyId,
      },
      key.privateKey,
    );
    await store.appendToStream(CHECKPOINT_STREAM, [
      { ...claimEvent(checkpointEventData(signed, []), CHECKPOINT_EVENT_TYPE) },
    ]);
    const report = await incremental.verify();
    expect(report).toMatchObject({ ok: true, eventsChecked: 7, checkpointsChecked: 2 });
    expect(report).toEqual(await verifyLedger(store, key.publicKey));
  });
});
