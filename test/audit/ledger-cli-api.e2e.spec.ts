import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_IDS } from '@ledger/domain';
import { SEED_FIXTURE } from '../support/test-ledger';
import { type AuditLedger, startAuditLedger } from './support/audit-ledger';
import { ledger } from './support/cli';

/**
 * The same CLI against a running API (--api, --key), side by side with the embedded mode reading
 * the very SQLite file that API is writing: both must tell the same story.
 */
describe('ledger CLI against a running API', () => {
  let api: AuditLedger;
  const overApi = (token: string, ...args: string[]) =>
    ledger(['--api', api.url, '--key', token, ...args], { cwd: api.dataDir });
  const embedded = (...args: string[]) =>
    ledger(['--data-dir', api.dataDir, ...args], { cwd: api.dataDir });

  beforeAll(async () => {
    // No background checkpoints: the positions below stay where the import leaves them.
    api = await startAuditLedger({ LEDGER_CHECKPOINTER: 'off' });
  });
  afterAll(() => api.close());

  it('imports the seed scenario through the command API with a recorder key', async () => {
    const imported = await overApi(api.tokens.recorder, 'import', SEED_FIXTURE);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(
      ' 9/19 POST /agreements/istanbul-2025/transfers -> 201 TransferReported, FigureDisputed (position 13)',
    );
    expect(imported.stdout).toContain(
      `Done: 19 of 19 commands into the API at ${api.url}; 21 events appended`,
    );
  });

  it('replays, traces and exports exactly what the embedded mode reads from the file the API writes', async () => {
    for (const args of [
      ['replay', '--as-of', '30', '--json'],
      ['audit-trail', SEED_IDS.claims.ruFinal1248, '--as-of', '30', '--json'],
      ['export', '--format', 'hxl', '--as-of', '30'],
      ['export', '--format', 'prov-json', '--as-of', '30'],
    ]) {
      const [remote, local] = [await overApi(api.tokens.auditor, ...args), await embedded(...args)];
      expect([args, remote.code, local.code]).toEqual([args, 0, 0]);
      expect(remote.stdout).toBe(local.stdout);
    }
  });

  it('signs a checkpoint, verifies on the server and proves an event that checks offline', async () => {
    const checkpoint = await overApi(api.tokens.auditor, 'checkpoint');
    expect(checkpoint.stdout).toMatch(
      /^Checkpoint: 30 events up to position 30, root [0-9a-f]{64}, signed \S+ by key [0-9a-f]{32}\n$/,
    );
    expect((await overApi(api.tokens.auditor, 'public-key', '--out', 'server-key.pem')).code).toBe(
      0,
    );
    const verified = await overApi(api.tokens.auditor, 'verify', '--public-key', 'server-key.pem');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(
      `OK: 31 events of the API at ${api.url} up to position 31 verified`,
    );
    expect(verified.stdout).toContain('verified by the server, trusting the key given');
    expect((await overApi(api.tokens.auditor, 'proof', '9', '--out', 'proof-9.json')).code).toBe(0);
    const offline = await ledger(
      ['verify-proof', 'proof-9.json', '--public-key', 'server-key.pem'],
      { cwd: api.dataDir },
    );
    expect(offline.stdout).toMatch(/^VALID: the TransferReported event at position 9 /);
  });

  it("fails verification when the server's checkpoints are signed by a key the auditor does not trust", async () => {
    const other = generateKeyPairSync('ed25519')
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    writeFileSync(join(api.dataDir, 'other-key.pem'), other);
    const result = await overApi(api.tokens.auditor, 'verify', '--public-key', 'other-key.pem');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('check:  checkpoint_key');
  });

  it('says what is wrong with the key: missing, or without the role', async () => {
    const keyless = await ledger(['--api', api.url, 'verify'], { cwd: api.dataDir });
    expect(keyless).toMatchObject({
      code: 2,
      stderr: 'ledger: The API needs a key: give --key <token> or set LEDGER_API_KEY\n',
    });
    const analyst = await overApi(api.tokens.analyst, 'verify');
    expect(analyst.code).toBe(2);
    expect(analyst.stderr).toContain('GET /audit/verify -> 403');
    const unreachable = await ledger(['--api', 'http://127.0.0.1:9', '--key', 'x', 'replay'], {
      cwd: api.dataDir,
    });
    expect(unreachable).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Cannot reach the ledger at http://127.0.0.1:9'),
    });
  });
});
