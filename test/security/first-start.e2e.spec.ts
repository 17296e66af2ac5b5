import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { spawnLedgerProcess, startTestLedger } from '../support/test-ledger';
import { send } from '../support/http';
import { bearer } from '../support/test-ledger';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/**
 * `npm start` then `npm run seed` on a fresh clone: the ledger makes an admin key on its first
 * start and says where it is (never the token itself); the seed script finds it there.
 */
describe('a fresh data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-first-start-'));
  const tsCacheDir = mkdtempSync(join(tmpdir(), 'ledger-ts-cache-'));
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(tsCacheDir, { recursive: true, force: true });
  });

  it('gets an admin key on first start, printed as a path; the seed script and a new key work with it', async () => {
    const ledger = await startTestLedger({
      process: true,
      dataDir,
      tsCacheDir,
    });
    try {
      const secretFile = join(dataDir, 'admin-key.txt');
      const token = readFileSync(secretFile, 'utf8').trim();
      expect(statSync(secretFile).mode & 0o777).toBe(0o600);
      expect(ledger.output.stdout).toContain(secretFile);
      expect(`${ledger.output.stdout}${ledger.output.stderr}`).not.toContain(token);

      expect((await send(`${ledger.url}/health`)).status).toBe(200);
      expect((await send(`${ledger.url}/claims`)).status).toBe(401);

      const seed = await run(process.execPath, [join(ROOT, 'scripts', 'seed.mjs')], {
        env: {
          ...process.env,
          LEDGER_URL: ledger.url,
          LEDGER_DATA_DIR: dataDir,
          LEDGER_API_KEY: '',
        },
      });
      expect(seed.stdout).toContain('Done: 19 commands; 21 events appended');

      const created = await run(
        process.execPath,
        [
          '-r',
          join(ROOT, 'scripts', 'register-ts.cjs'),
          join(ROOT, 'apps/ledger-api/src/auth/create-api-key.cli.ts'),
          '--name',
          'desk-editor',
          '--roles',
          'recorder,analyst',
        ],
        { env: { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_API_KEYS: '' } },
      );
      const deskToken = created.stdout.trim();
      expect(deskToken).toMatch(/^ldg_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      expect(created.stderr).toContain('desk-editor');
      expect((await send(`${ledger.url}/claims`, { headers: bearer(deskToken) })).status).toBe(200);
      expect(
        (await send(`${ledger.url}/subscriptions/all`, { headers: bearer(deskToken) })).status,
      ).toBe(403);
    } finally {
      await ledger.stop();
    }
  }, 120_000);

  it('keeps its keys on the next start: no new admin key', async () => {
    const before = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8');
    const ledger = await startTestLedger({
      process: true,
      dataDir,
      tsCacheDir,
    });
    try {
      expect(ledger.output.stdout).not.toContain('created an admin key');
      expect(readFileSync(join(dataDir, 'admin-key.txt'), 'utf8')).toBe(before);
      expect((await send(`${ledger.url}/claims`, { headers: bearer(before.trim()) })).status).toBe(
        200,
      );
    } finally {
      await ledger.stop();
    }
  }, 120_000);

  it('refuses to start (exit code 2) on keys it cannot read, naming the problem', async () => {
    const { exited, output } = spawnLedgerProcess({
      dataDir,
      tsCacheDir,
      env: { LEDGER_API_KEYS: '{"keys":[{"id":"short"}]}' },
    });
    expect((await exited).code).toBe(2);
    expect(output.stderr).toContain(
      'LEDGER_API_KEYS keys[0]: id must be 8-32 lower-case letters or digits',
    );
  }, 120_000);
});
