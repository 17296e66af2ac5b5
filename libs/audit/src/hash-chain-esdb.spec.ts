import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEsdbEventStore } from '../../event-store/src/esdb';
import type { StoredEvent } from '../../event-store/src/esdb/testing/double-log';
import { type EsdbDouble, startEsdbDouble } from '../../event-store/src/esdb/testing/esdb-double';
import { describeEventStoreContract } from '../../event-store/src/testing/contract';
import { Checkpointer } from './checkpointer';
import { auditView, withHashChain } from './hash-chain';
import { inclusionProof } from './inclusion-proof';
import { loadOrCreateSigningKey } from './signing-key';
import { claimEvent, ManualClock } from './testing/audit-fixtures';
import { verifyInclusionProof } from './verify-proof';
import { verifyLedger } from './verify-ledger';

/**
 * The decorator over the EventStoreDB adapter, talking real gRPC to the wire double (whose
 * positions, like a real node's, are sparse and already hold system events).
 */
let double: EsdbDouble;
beforeAll(async () => {
  double = await startEsdbDouble();
});
afterAll(async () => {
  await double.stop();
});

const open = () =>
  withHashChain(createEsdbEventStore({ connectionString: double.connectionString }));

describeEventStoreContract('esdb (wire double) with hash chain', async () => open());

describe('audit over EventStoreDB (wire double)', () => {
  it('checkpoints, verifies and proves a log with sparse positions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-esdb-audit-'));
    // A fresh double: the verifier reads the whole log, so no other test's events may be in it.
    const own = await startEsdbDouble();
    const store = withHashChain(createEsdbEventStore({ connectionString: own.connectionString }));
    try {
      const key = loadOrCreateSigningKey(dir, {});
      const checkpointer = new Checkpointer({
        store,
        signingKey: key,
        clock: new ManualClock().now,
        pageSize: 4,
      });
      for (let i = 0; i < 12; i++)
        await store.appendToStream(`claim-${i % 3}`, [claimEvent({ i })]);
      await checkpointer.checkpointNow();
      for (let i = 0; i < 5; i++) await store.appendToStream(`claim-${i % 3}`, [claimEvent({ i })]);
      const checkpoint = await checkpointer.checkpointNow();

      const report = await verifyLedger(store, key.publicKeyPem, { pageSize: 4 });
      expect(report).toMatchObject({
        ok: true,
        eventsChecked: 19,
        checkpointsChecked: 2,
        eventsAfterLatestCheckpoint: 1,
      });
      expect(checkpoint?.treeSize).toBe(18);
      const events = await auditView(store).readAll();
      const proof = await inclusionProof(store, events[9]!.position, { pageSize: 4 });
      expect(verifyInclusionProof(JSON.parse(JSON.stringify(proof)), key.publicKeyPem)).toEqual({
        ok: true,
      });
    } finally {
      await store.close();
      await own.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the sparse position of an event whose stored data no longer parses', async () => {
    const own = await startEsdbDouble();
    const store = withHashChain(createEsdbEventStore({ connectionString: own.connectionString }));
    try {
      for (let i = 0; i < 9; i++) await store.appendToStream(`claim-${i % 3}`, [claimEvent({ i })]);
      const ours = own.log.all.filter((e) => e.stream.startsWith('claim-'));
      const damaged = ours[5]!;
      // One event's bytes altered in the double's log, as a damaged disk would leave them.
      const log = own.log.all as StoredEvent[];
      log[log.indexOf(damaged)] = { ...damaged, data: Buffer.from('[{"claim"') };
      expect(damaged.position - ours[4]!.position).toBeGreaterThan(1n);

      const report = await verifyLedger(store, [], { pageSize: 4 });
      expect(report.ok).toBe(false);
      expect(report.firstFailure).toMatchObject({
        position: damaged.position,
        check: 'unreadable',
      });
      expect(report.firstFailure?.detail).toContain('not a JSON object');
      expect(report.eventsChecked).toBe(5);
    } finally {
      await store.close();
      await own.stop();
    }
  });
});
