import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import { SEED_IDS, SEED_SCENARIO } from '@ledger/domain';
import { createSqliteEventStore, type EventStore } from '@ledger/event-store';
import { LedgerWriter } from '../../libs/projections/src/testing/ledger-writer';
import { runProjector } from '../../apps/projector/src/projector';
import { type ChildRun, REGISTER_TS, ROOT, runNode } from '../support/child-run';
import { get, type QueryLedger, startQueryLedger } from './support/query-ledger';

/** Runs apps/projector as a real child process (TypeScript through the repo's require hook). */
function projectorProcess(args: readonly string[], dataDir: string): Promise<ChildRun> {
  return runNode(['-r', REGISTER_TS, join(ROOT, 'apps/projector/src/main.ts'), ...args], {
    env: {
      ...process.env,
      LEDGER_STORE: 'sqlite',
      LEDGER_DATA_DIR: dataDir,
      LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL',
    },
    timeoutMs: 60_000,
  });
}

function capture(): { write: (text: string) => boolean; text: () => string } {
  let out = '';
  return { write: (text) => ((out += text), true), text: () => out };
}

/**
 * EventStoreDB deployments: the projector writes the read models in its own process and the API,
 * started with LEDGER_PROJECTIONS=external, only reads them. Here both share a SQLite log.
 */
describe('the projector beside an API with external projections', () => {
  let dataDir: string;
  let ledger: QueryLedger;
  let projectorStore: EventStore;
  let stopProjector: AbortController;
  let projector: Promise<number>;
  const projectorOut = capture();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-projector-'));
    ledger = await startQueryLedger({
      sqlite: true,
      dataDir,
      env: { LEDGER_PROJECTIONS: 'external', LEDGER_QUERY_WAIT_MS: '1500' },
    });
    await new LedgerWriter(ledger.store).executeAll(SEED_SCENARIO);
  });

  afterAll(async () => {
    stopProjector?.abort();
    await projector;
    await projectorStore?.close();
    await ledger.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 while no projector has written the read models', async () => {
    const answer = await get(ledger, '/discrepancies?minPosition=1');
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(existsSync(join(dataDir, 'read-models.db'))).toBe(false);
  });

  it('serves what the projector process projects, waiting for minPosition', async () => {
    stopProjector = new AbortController();
    projectorStore = createSqliteEventStore({
      file: join(dataDir, 'ledger.db'),
      synchronous: 'NORMAL',
    });
    const config = loadConfig({ LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: dataDir });
    projector = runProjector(['run'], config, {
      stdout: projectorOut,
      stderr: projectorOut,
      signal: stopProjector.signal,
      store: projectorStore,
    });
    const head = await ledger.store.headPosition();
    const answer = await get(ledger, `/discrepancies?open=true&minPosition=${head}`);
    expect(answer.status).toBe(200);
    expect(answer.body.items[0]).toMatchObject({
      discrepancyId: SEED_IDS.disputes.finalPhase,
      delta: 3,
    });
    expect(projectorOut.text()).toContain('Projecting into');
  });

  it('rebuilds from the command line with a progress bar, verifies, and the API follows the swap', async () => {
    const before = (await get(ledger, '/discrepancies')).body;
    const rebuilt = await projectorProcess(['rebuild', '--verify'], dataDir);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(
      /\[#{30}\] 100% {2}21 events {2}[\d,]+ events\/s {2}position 21\/21/,
    );
    expect(rebuilt.stdout).toMatch(
      /Rebuilt 21 events up to position 21 in [\d.]+ s \([\d]+ events\/s\) into read-models\.\d{8}T\d{9}\.db/,
    );
    expect(rebuilt.stdout).toContain('Verified: identical to read-models.db at position 21');
    const generation = readFileSync(join(dataDir, 'read-models.current'), 'utf8').trim();

    // Both processes follow the pointer: the projector writes new events into the new generation
    // only, so the API answers them only once it reads that generation too.
    const { position } = await new LedgerWriter(ledger.store).execute({
      type: 'RegisterSource',
      metadata: { now: '2025-06-19T08:00:00Z' },
      data: { sourceId: 'icrc', name: 'ICRC', kind: 'neutral_intermediary' },
    });
    const after = await get(ledger, `/sources/icrc?minPosition=${position}`);
    expect(after.status).toBe(200);
    expect(after.body.source.name).toBe('ICRC');
    expect((await get(ledger, '/discrepancies?asOfPosition=21')).body).toEqual(before);
    const status = await projectorProcess(['status'], dataDir);
    expect(status.stdout).toContain(
      `read models: ${join(dataDir, generation)}\ncheckpoint: 22\nstore head: 22`,
    );
  });

  it('refuses an unknown command with its usage', async () => {
    const err = capture();
    const code = await runProjector(
      ['rebuild', '--everything'],
      loadConfig({ LEDGER_STORE: 'memory', LEDGER_DATA_DIR: dataDir }),
      { stdout: capture(), stderr: err },
    );
    expect(code).toBe(2);
    expect(err.text()).toContain('Usage: projector');
  });
});
