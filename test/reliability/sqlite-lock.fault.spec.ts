import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keysEnv, testKeys } from '../../apps/ledger-api/src/auth/testing/test-keys';
import { type LedgerProcess, startTestLedger } from '../support/test-ledger';

/** A second process that takes the event log's write lock (BEGIN IMMEDIATE) and keeps it until killed. */
const HOLD_LOCK = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
setInterval(() => {}, 1000);
`;

function holdWriteLock(file: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', HOLD_LOCK, file], {
    cwd: join(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('locked')) resolve(child);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the lock holder exited (${code}): ${output}`)));
  });
}

/**
 * Another process holding the event log's write lock must not freeze the API: SQLite's busy
 * timeout sleeps on the event loop (/health once took 19.8 s under a 20 s lock). While the lock is
 * held, a command waits for it on timers and answers 503 problem+json with Retry-After, and
 * /health and queries answer meanwhile (before the command does); once the lock is gone,
 * commands are accepted again.
 */
describe('a write lock held by another process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-lock-'));
  const keys = testKeys();
  let ledger: LedgerProcess;
  let holder: ChildProcess | undefined;
  const call = async (path: string, init: RequestInit = {}) => {
    const started = Date.now();
    const response = await fetch(`${ledger.url}${path}`, init);
    const body = await response.text();
    return { response, body, ms: Date.now() - started, at: Date.now() };
  };
  const register = (sourceId: string) =>
    call('/sources', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${keys.tokens.recorder}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ sourceId, name: sourceId, kind: 'media' }),
    });
  const read = (path: string) =>
    call(path, { headers: { authorization: `Bearer ${keys.tokens.analyst}` } });

  beforeAll(async () => {
    ledger = await startTestLedger({
      process: true,
      dataDir,
      env: { LEDGER_API_KEYS: keysEnv(keys) },
    });
    expect((await register('before-lock')).response.status).toBe(201);
  }, 90_000);

  afterAll(async () => {
    holder?.kill('SIGKILL');
    await ledger?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while /health and queries keep answering first', async () => {
    holder = await holdWriteLock(join(dataDir, 'ledger.db'));
    const command = register('during-lock');
    // Sent while the command waits for the lock: each must be answered before the command is.
    const health = await read('/health');
    const query = await read('/sources?limit=5');
    const refused = await command;

    expect(health.response.status).toBe(200);
    expect(query.response.status).toBe(200);
    const items = (JSON.parse(query.body) as { items: { sourceId: string }[] }).items;
    expect(items.map((s) => s.sourceId)).toContain('before-lock');
    expect(health.at).toBeLessThan(refused.at);
    expect(query.at).toBeLessThan(refused.at);
    expect(refused.response.status).toBe(503);
    expect(refused.response.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.parse(refused.body).detail).toContain('locked by another process');
    console.log(
      `Write lock held by another process: /health ${health.ms} ms, query ${query.ms} ms, command 503 after ${refused.ms} ms`,
    );
  }, 60_000);

  it('accepts commands again once the lock is released, with nothing of the refused one written', async () => {
    holder!.kill('SIGKILL');
    await new Promise((resolve) => holder!.once('exit', resolve));
    holder = undefined;
    const accepted = await register('after-lock');
    expect(accepted.response.status).toBe(201);
    const { position } = JSON.parse(accepted.body) as { position: string };
    const listed = await read(`/sources?limit=50&minPosition=${position}`);
    const ids = (JSON.parse(listed.body).items as { sourceId: string }[]).map((s) => s.sourceId);
    expect(ids).toEqual(expect.arrayContaining(['before-lock', 'after-lock']));
    expect(ids).not.toContain('during-lock');
  }, 60_000);
});
