import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testAuthOptions, testKeys } from '../../apps/ledger-api/src/auth/testing/test-keys';
import {
  type DoubleProcess,
  spawnEsdbDouble,
} from '../../libs/event-store/src/esdb/testing/double-process';
import { type RunningTestLedger, startTestLedger } from '../support/test-ledger';

/**
 * The ledger API on the EventStoreDB adapter, over the wire double in a child process: while
 * the server is dead, commands and the health check answer 503 problem+json at once (never
 * hang), and the API works again as soon as the server is back on its port.
 */

const FAIL_FAST_MS = 1_000;

describe('ledger API on EventStoreDB: the server dies and comes back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'esdb-api-'));
  const keys = testKeys();
  let server: DoubleProcess;
  let ledger: RunningTestLedger;
  let url: string;

  beforeAll(async () => {
    server = await spawnEsdbDouble({ dataFile: join(dir, 'log.jsonl') });
    // The app opens the EventStoreDB store its configuration names, as `npm start` does.
    ledger = await startTestLedger({
      store: 'app',
      dataDir: dir,
      config: { LEDGER_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: server.connectionString },
      auth: testAuthOptions(keys),
    });
    url = ledger.url;
  });
  afterAll(async () => {
    await ledger.close();
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const registerSource = (sourceId: string): Promise<Response> =>
    fetch(`${url}/sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...keys.header('recorder') },
      body: JSON.stringify({ sourceId, name: `Agency ${sourceId}`, kind: 'news_agency' }),
    });

  it('answers 503 problem+json fast while EventStoreDB is down, and 201 again once it is back', async () => {
    const first = await registerSource('ewn');
    expect([first.status, first.status === 201 ? '' : await first.text()]).toEqual([201, '']);
    const healthy = (await (await fetch(`${url}/health`)).json()) as { store: string };
    expect(healthy.store).toBe('esdb');

    await server.kill();
    const started = Date.now();
    const refused = await registerSource('relay-site');
    const health = await fetch(`${url}/health`);
    const elapsedMs = Date.now() - started;

    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.headers.get('retry-after')).not.toBeNull();
    expect(health.status).toBe(503);
    expect(elapsedMs).toBeLessThan(2 * FAIL_FAST_MS);

    server = await spawnEsdbDouble({ dataFile: join(dir, 'log.jsonl'), port: server.port });
    expect((await registerSource('relay-site')).status).toBe(201);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });
});
