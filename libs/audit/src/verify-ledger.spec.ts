import { createMemoryEventStore, type EventStore } from '@ledger/event-store';
import { Checkpointer } from './checkpointer';
import { auditView, withHashChain } from './hash-chain';
import { loadOrCreateSigningKey } from './signing-key';
import { claimEvent, ManualClock } from './testing/audit-fixtures';
import { type VerificationProgress, verifyLedger } from './verify-ledger';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('verifyLedger', () => {
  let dir: string;
  let store: EventStore;
  const clock = new ManualClock();
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-verify-'));
    store = withHashChain(createMemoryEventStore());
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function writeClaims(count: number, streams = 5): Promise<void> {
    for (let i = 0; i < count; i++)
      await store.appendToStream(`claim-${i % streams}`, [claimEvent({ i })]);
  }

  it('ends on a store whose every stream read fails, instead of probing the checkpoint stream forever', async () => {
    await writeClaims(12);
    const raw = auditView(store);
    const failing: EventStore = {
      kind: raw.kind,
      readStream: () => Promise.reject(new Error('disk on fire')),
      appendToStream: (stream, events, options) => raw.appendToStream(stream, events, options),
      readAll: (options) => raw.readAll(options),
      headPosition: () => raw.headPosition(),
      subscribeToAll: (options) => raw.subscribeToAll(options),
      subscribeToStream: (stream, options) => raw.subscribeToStream(stream, options),
      close: () => raw.close(),
    };
    // Before: the search for readable checkpoints went on page after page, past any revision the
    // log could hold, and never returned. Now it ends with a report.
    const report = await verifyLedger(failing, loadOrCreateSigningKey(dir, {}).publicKeyPem, {
      pageSize: 5,
    });
    // The $all scan still checks every event; the unreadable checkpoint stream signs nothing.
    expect(report).toMatchObject({ ok: true, headPosition: 12n, eventsChecked: 12 });
  });

  it('passes an empty ledger', async () => {
    expect(await verifyLedger(store, loadOrCreateSigningKey(dir, {}).publicKeyPem)).toEqual({
      ok: true,
      headPosition: 0n,
      eventsChecked: 0,
      checkpointsChecked: 0,
      eventsAfterLatestCheckpoint: 0,
    });
  });

  it('passes an honest ledger read in small pages, reporting progress and what no checkpoint covers yet', async () => {
    const key = loadOrCreateSigningKey(dir, {});
    const checkpointer = new Checkpointer({
      store,
      signingKey: key,
      clock: clock.now,
      everyEvents: 7,
    });
    for (let round = 0; round < 5; round++) {
      await writeClaims(6);
      await checkpointer.tick();
    }
    await writeClaims(2);
    const progress: VerificationProgress[] = [];
    const report = await verifyLedger(store, key.publicKeyPem, {
      pageSize: 4,
      onProgress: (p) => progress.push(p),
    });

    expect(report).toMatchObject({
      ok: true,
      eventsChecked: 34, // 32 claims and 2 checkpoints
      checkpointsChecked: 2,
      eventsAfterLatestCheckpoint: 9,
    });
    // Checkpoints once 7 claims are uncovered, looked at after every 6: after 12 claims, then 12 more.
    expect(report.latestCheckpoint?.treeSize).toBe(25);
    expect(progress).toHaveLength(9);
    expect(progress.map((p) => p.eventsChecked)).toEqual([4, 8, 12, 16, 20, 24, 28, 32, 34]);
    expect(progress.at(-1)?.position).toBe(report.headPosition);
  });

  it('trusts checkpoints signed by any of the keys given, and only those', async () => {
    const [old, current] = [
      loadOrCreateSigningKey(join(dir, 'old'), {}),
      loadOrCreateSigningKey(join(dir, 'new'), {}),
    ];
    await writeClaims(3);
    await new Checkpointer({ store, signingKey: old, clock: clock.now }).checkpointNow();
    await writeClaims(3);
    const rotated = await new Checkpointer({
      store,
      signingKey: current,
      clock: clock.now,
    }).checkpointNow();

    expect(await verifyLedger(store, [old.publicKeyPem, current.publicKey])).toMatchObject({
      ok: true,
      checkpointsChecked: 2,
    });
    const report = await verifyLedger(store, old.publicKeyPem);
    expect(report.firstFailure).toMatchObject({ check: 'checkpoint_key', revision: 1n });
    expect(report.firstFailure?.detail).toContain(rotated?.keyId);
  });

  it('reports an event written around the hash chain as missing_audit, at its position', async () => {
    await writeClaims(3);
    const { position } = await auditView(store).appendToStream('bypass', [claimEvent()]);
    await writeClaims(2);
    const report = await verifyLedger(store, loadOrCreateSigningKey(dir, {}).publicKeyPem);
    expect(report).toMatchObject({ ok: false, eventsChecked: 3 });
    expect(report.firstFailure).toMatchObject({
      position,
      stream: 'bypass',
      check: 'missing_audit',
    });
  });

  it('leaves events appended after it started for the next run', async () => {
    await writeClaims(3);
    const key = loadOrCreateSigningKey(dir, {});
    const running = verifyLedger(store, key.publicKeyPem, { pageSize: 1 });
    await writeClaims(3);
    const report = await running;
    expect(report.ok).toBe(true);
    expect(report.eventsChecked).toBe(3);
  });
});
