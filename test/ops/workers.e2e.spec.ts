import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Role } from '../../apps/ledger-api/src/auth';
import { keysEnv, testKeys } from '../../apps/ledger-api/src/auth/testing/test-keys';
import { sourcesAndAgreement, transferReport } from '../api/support/scenario';
import { waitUntil } from '../esdb/support/wait';
import { type LedgerProcess, spawnLedgerProcess, startTestLedger } from '../support/test-ledger';

jest.setTimeout(240_000);

type Line = Record<string, unknown>;
interface Running {
  readonly processes: { role: 'api' | 'projector'; pid: number }[];
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * `npm start` with LEDGER_WORKERS=2, as real processes: a supervisor, one projector and two API
 * processes sharing the port, on one SQLite data dir.
 */
describe('LEDGER_WORKERS=2: two API processes and a projector on one data dir', () => {
  const keys = testKeys();
  const A = '/agreements/istanbul-2025';
  let dataDir: string;
  let ledger: LedgerProcess;
  const lines = (): Line[] =>
    ledger.output.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Line);
  const runningLines = (): Running[] =>
    lines().filter((l) => String(l.msg).startsWith('Ledger running as')) as unknown as Running[];
  const apiPids = (): number[] =>
    (runningLines().at(-1)?.processes ?? []).filter((p) => p.role === 'api').map((p) => p.pid);
  /** The processes whose access lines answered this route with this status. */
  const servedBy = (route: string, status: number): Set<unknown> =>
    new Set(
      lines()
        .filter((l) => l.msg === 'request' && l.route === route && l.status === status)
        .map((l) => l.pid),
    );

  // A new connection per request, so the supervisor hands each to the next API process.
  const call = async (method: string, path: string, body?: unknown, role: Role = 'recorder') => {
    const response = await fetch(`${ledger.url}${path}`, {
      method,
      headers: {
        connection: 'close',
        ...keys.header(role),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-workers-'));
    ledger = await startTestLedger({
      process: true,
      dataDir,
      env: {
        LEDGER_WORKERS: '2',
        LEDGER_API_KEYS: keysEnv(keys),
        LEDGER_LOG_FORMAT: 'json',
        LEDGER_RATE_LIMIT: '1000000000',
      },
      startTimeoutMs: 180_000,
    });
    await waitUntil(
      () => runningLines().length > 0,
      180_000,
      () => ledger.output.stdout,
    );
  });
  afterAll(async () => {
    await ledger.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers from both API processes, each reading what the other appended', async () => {
    expect(apiPids()).toHaveLength(2);
    for (const r of sourcesAndAgreement())
      expect((await call('POST', r.path, r.body)).status).toBe(201);
    // Concurrent claims on one agreement through both processes: each decides on the events the
    // other appended, and the hash chain and expected revisions hold across them.
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call('POST', `${A}/transfers`, transferReport(`w-${i}`, 1245, 'ua-coordination-hq')),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    expect(servedBy('/agreements/:agreementId/transfers', 201)).toEqual(new Set(apiPids()));
    // The projector projected them; whichever API process answers reads them.
    const last = answers
      .map((a) => BigInt(String(a.body.position)))
      .reduce((a, b) => (a > b ? a : b));
    for (let i = 0; i < 2; i++) {
      const claims = await call(
        'GET',
        `/claims?agreementId=istanbul-2025&limit=50&minPosition=${last}`,
        undefined,
        'analyst',
      );
      expect(claims.status).toBe(200);
      expect((claims.body.items as unknown[]).length).toBe(12);
    }
    const verified = await call('GET', '/audit/verify', undefined, 'auditor');
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('starts another API process when one dies, and goes on answering', async () => {
    const [victim, survivor] = apiPids();
    process.kill(victim as number, 'SIGKILL');
    await waitUntil(
      () => apiPids().length === 2 && !apiPids().includes(victim as number),
      120_000,
      () => ledger.output.stdout.slice(-2000),
    );
    expect(apiPids()).toContain(survivor);
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        call('POST', `${A}/transfers`, transferReport(`after-${i}`, 1245, 'ua-coordination-hq')),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
  });

  it('stops every process on SIGTERM and exits 0', async () => {
    const pids = (runningLines().at(-1)?.processes ?? []).map((p) => p.pid);
    expect(pids).toHaveLength(3);
    await ledger.stop();
    expect(await ledger.exited).toEqual({ code: 0, signal: null });
    await waitUntil(
      () => pids.every((pid) => !isAlive(pid)),
      30_000,
      () => JSON.stringify(pids),
    );
  });
});

describe('LEDGER_WORKERS=2 when the API processes cannot start', () => {
  let dataDir: string;
  let taken: Server;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-workers-busy-'));
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => taken.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops everything and exits 1 rather than restarting them forever', async () => {
    const address = taken.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    const { exited, output } = spawnLedgerProcess({
      dataDir,
      env: { LEDGER_WORKERS: '2', LEDGER_LOG_FORMAT: 'json', PORT: String(address.port) },
    });
    expect(await exited).toEqual({ code: 1, signal: null });
    expect(output.stdout).toMatch(/The api process \d+ stopped before it was up/);
  });
});
