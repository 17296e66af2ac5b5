import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKPOINT_STREAM, keyIdOf, verifyLedger, withHashChain } from '@ledger/audit';
import { loadConfig } from '@ledger/config';
import { SEED_SCENARIO } from '@ledger/domain';
import { createMemoryEventStore, type EventStore, StreamNotFoundError } from '@ledger/event-store';
import { LedgerWriter } from '../../libs/projections/src/testing/ledger-writer';
import { runProjector } from '../../apps/projector/src/projector';

async function checkpointCount(store: EventStore): Promise<number> {
  try {
    return (await store.readStream(CHECKPOINT_STREAM)).length;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return 0;
    throw error;
  }
}

/**
 * EventStoreDB deployments run the one checkpointer of the ledger in apps/projector
 * (LEDGER_CHECKPOINTER=external, their default), signing with LEDGER_SIGNING_KEY. A memory store
 * stands in for EventStoreDB here: the projector only sees the port.
 */
describe('the checkpointer in apps/projector', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'ledger-projector-audit-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('signs checkpoints every N events with the configured key while it runs, and they verify', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const config = loadConfig({
      LEDGER_STORE: 'memory',
      LEDGER_DATA_DIR: dataDir,
      LEDGER_CHECKPOINTER: 'external',
      LEDGER_CHECKPOINT_EVERY: '5',
      LEDGER_CHECKPOINT_INTERVAL_MS: '3600000',
      LEDGER_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    const store = withHashChain(createMemoryEventStore());
    await new LedgerWriter(store).executeAll(SEED_SCENARIO);
    const stop = new AbortController();
    let output = '';
    const capture = { write: (text: string) => ((output += text), true) };
    const running = runProjector(['run'], config, {
      stdout: capture,
      stderr: capture,
      signal: stop.signal,
      store,
    });
    const deadline = Date.now() + 15_000;
    while ((await checkpointCount(store)) === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    stop.abort();
    expect(await running).toBe(0);
    expect(output).toContain(`Signing checkpoints with key ${keyIdOf(publicKey)} every 5 events`);
    const report = await verifyLedger(store, publicKey);
    expect(report).toMatchObject({
      ok: true,
      checkpointsChecked: 1,
      latestCheckpoint: { keyId: keyIdOf(publicKey), treeSize: 21 },
    });
    // The configured key is used: nothing is generated beside the data.
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.pem'))).toEqual([]);
    await store.close();
  });
});
