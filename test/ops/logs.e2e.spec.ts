import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keysEnv, testKeys } from '../../apps/ledger-api/src/auth/testing/test-keys';
import { type LedgerProcess, startTestLedger } from '../support/test-ledger';

jest.setTimeout(90_000);

type Line = Record<string, unknown>;

/** Polls `probe` until it answers (bounded): conditions, not durations. */
async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never happened: ${what}`);
}

// The API run as operators run it, its stdout a pipe (not a terminal), read line by line.
describe('logs: JSON lines, an access line per request, the correlation id on every line', () => {
  const keys = testKeys();
  let dataDir: string;
  let ledger: LedgerProcess;
  let url: string;
  const stdout = (): string => ledger.output.stdout;
  const lines = (): Line[] =>
    stdout()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Line);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-logs-'));
    ledger = await startTestLedger({
      process: true,
      dataDir,
      inheritEnv: false,
      env: {
        LEDGER_API_KEYS: keysEnv(keys),
        LEDGER_LOG_LEVEL: 'debug',
        LEDGER_CHECKPOINTER: 'off',
      },
    });
    url = ledger.url;
  });
  afterAll(async () => {
    await ledger?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (body: unknown, correlationId: string) =>
    fetch(`${url}/sources`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-correlation-id': correlationId,
        ...keys.header('recorder'),
      },
      body: JSON.stringify(body),
    });

  it('writes one JSON object a line, the start line with the URLs to open', () => {
    const start = lines().find((l) => String(l.msg).startsWith('Ledger API listening on'));
    expect(start).toMatchObject({
      level: 'info',
      url,
      dashboard: `${url}/`,
      docs: `${url}/docs`,
      health: `${url}/health/ready`,
    });
    expect(lines().find((l) => l.context === 'NestApplication')).toMatchObject({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it("logs each request with method, route, status, duration, key id and correlation id, never the key's secret", async () => {
    const body = { sourceId: 'logs-a', name: 'A', kind: 'party_authority', affiliation: 'ukraine' };
    expect((await post(body, 'trace-ok')).status).toBe(201);
    const access = await until(
      () => lines().find((l) => l.msg === 'request' && l.correlationId === 'trace-ok'),
      'the access line',
    );
    const recorder = keys.records.find((r) => r.roles.includes('recorder') && r.roles.length === 1);
    expect(access).toEqual(
      expect.objectContaining({
        level: 'info',
        method: 'POST',
        route: '/sources',
        status: 201,
        durationMs: expect.any(Number),
        keyId: recorder?.id,
        correlationId: 'trace-ok',
      }),
    );
    // ldg_<id>_<secret>: the id is hex, the secret base64url (which may hold '_' itself).
    const secret = keys.tokens.recorder.split('_').slice(2).join('_');
    expect(secret.length).toBeGreaterThan(20);
    expect(stdout()).not.toContain(secret);
    expect(stdout()).not.toContain('Bearer');
  });

  it('puts the correlation id on every line the request causes, and makes one when none is sent', async () => {
    expect((await post({ sourceId: 'logs-b' }, 'trace-bad')).status).toBe(400);
    const caused = await until(() => {
      const found = lines().filter((l) => l.correlationId === 'trace-bad');
      return found.some((l) => l.msg === 'request') ? found : undefined;
    }, 'the refused request lines');
    expect(caused.map((l) => [l.level, l.context ?? null])).toEqual([
      ['debug', 'ProblemDetails'],
      ['info', null],
    ]);
    expect(caused[0]?.msg).toMatch(/^Refused: 400/);
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    const live = await until(
      () => lines().find((l) => l.msg === 'request' && l.route === '/health/live'),
      'the health line',
    );
    expect(live.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(live).not.toHaveProperty('keyId');
  });
});
