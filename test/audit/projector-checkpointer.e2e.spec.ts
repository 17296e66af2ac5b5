import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHECKPOINT_STREAM,
  checkpointJson,
  keyIdOf,
  latestCheckpoint,
  verifyLedger,
  withHashChain,
} from '@ledger/audit';
import { type LedgerConfig, loadConfig } from '@ledger/config';
import { SEED_SCENARIO } from '@ledger/domain';
import {
  createMemoryEventStore,
  createSqliteEventStore,
  type EventStore,
  StreamNotFoundError,
} from '@ledger/event-store';
import { LedgerWriter } from '../../libs/projections/src/testing/ledger-writer';
import { runProjector } from '../../apps/projector/src/projector';
import { waitUntil } from '../esdb/support/wait';
import { alterSeedFigure } from './support/tampering';
import { startWitnessServer } from './support/witness-server';

async function checkpointCount(store: EventStore): Promise<number> {
  try {
    return (await store.readStream(CHECKPOINT_STREAM)).length;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return 0;
    throw error;
  }
}

/** `projector run` in this process over `store` until `done` holds; answers its exit code and output. */
async function runUntil(
  store: EventStore,
  config: LedgerConfig,
  done: (output: string) => Promise<boolean> | boolean,
): Promise<{ code: number; output: string }> {
  const stop = new AbortController();
  let output = '';
  const capture = { write: (text: string) => ((output += text), true) };
  const running = runProjector(['run'], config, {
    stdout: capture,
    stderr: capture,
    signal: stop.signal,
    store,
  });
  try {
    await waitUntil(() => done(output), 15_000);
  } finally {
    stop.abort();
  }
  return { code: await running, output };
}

function externalCheckpointer(dataDir: string, env: Readonly<Record<string, string>> = {}) {
  return loadConfig({
    LEDGER_STORE: 'memory',
    LEDGER_DATA_DIR: dataDir,
    LEDGER_CHECKPOINTER: 'external',
    LEDGER_CHECKPOINT_EVERY: '5',
    LEDGER_CHECKPOINT_INTERVAL_MS: '3600000',
    ...env,
  });
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
    const { code, output } = await runUntil(
      store,
      config,
      async () => (await checkpointCount(store)) > 0,
    );
    expect(code).toBe(0);
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

describe('the projector checkpointer, like the API one', () => {
  let work: string;
  beforeEach(() => (work = mkdtempSync(join(tmpdir(), 'ledger-projector-witness-'))));
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('publishes each checkpoint it signs to the witness file (0600) and URL', async () => {
    const witness = await startWitnessServer();
    const witnessFile = join(work, 'witness.jsonl');
    const config = externalCheckpointer(join(work, 'data'), {
      LEDGER_AUDIT_WITNESS_FILE: witnessFile,
      LEDGER_AUDIT_WITNESS_URL: witness.url,
    });
    const store = withHashChain(createMemoryEventStore());
    try {
      await new LedgerWriter(store).executeAll(SEED_SCENARIO);
      const { code } = await runUntil(
        store,
        config,
        // The file exists before its line is written: wait for the whole line.
        () =>
          existsSync(witnessFile) &&
          readFileSync(witnessFile, 'utf8').endsWith('\n') &&
          witness.received.length === 1,
      );
      expect(code).toBe(0);
      expect(await checkpointCount(store)).toBe(1);
      const signed = [checkpointJson(await latestCheckpoint(store))];
      const lines = readFileSync(witnessFile, 'utf8').trim().split('\n');
      expect(lines.map((line): unknown => JSON.parse(line))).toEqual(signed);
      expect(statSync(witnessFile).mode & 0o777).toBe(0o600);
      expect(witness.received).toEqual(signed);
    } finally {
      await store.close();
      await witness.close();
    }
  });

  it('refuses to sign over a SQLite log tampered on disk, and says why', async () => {
    const file = join(work, 'store', 'ledger.db');
    const writing = withHashChain(createSqliteEventStore({ file }));
    await new LedgerWriter(writing).executeAll(SEED_SCENARIO);
    await writing.close();
    expect(alterSeedFigure(file)).toBe(1);
    const store = withHashChain(createSqliteEventStore({ file }));
    try {
      const { code, output } = await runUntil(
        store,
        externalCheckpointer(join(work, 'data')),
        (text) => text.includes('No checkpoint signed'),
      );
      expect(code).toBe(0);
      expect(output).toMatch(
        /No checkpoint signed: the log fails verification at position \d+ \(hash: /,
      );
      expect(await checkpointCount(store)).toBe(0);
    } finally {
      await store.close();
    }
  });
});
