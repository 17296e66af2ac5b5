import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LedgerProcess, startTestLedger } from '../support/test-ledger';

/** Permission bits as `ls -l` would show them in octal, e.g. '600'. */
const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8);

/**
 * The data dir holds the event log, the read models, their WAL/SHM files, the API keys and the
 * signing key: a first start creates the directory owner-only (0700) and every file in it 0600,
 * whatever the test runner's umask lets through by default (0644 in a 0755 directory).
 */
describe('the data dir and its files', () => {
  const root = mkdtempSync(join(tmpdir(), 'ledger-perms-'));
  const dataDir = join(root, 'data', 'ledger');
  let ledger: LedgerProcess;

  afterAll(async () => {
    await ledger?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('are created 0700 and 0600 on a first start, WAL and SHM files included', async () => {
    const previousUmask = process.umask(0o022);
    try {
      ledger = await startTestLedger({
        process: true,
        dataDir,
      });
    } finally {
      process.umask(previousUmask);
    }
    const admin = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim();
    const created = await fetch(`${ledger.url}/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sourceId: 'perm-wire', name: 'Wire', kind: 'news_agency' }),
    });
    expect(created.status).toBe(201);
    const { position } = (await created.json()) as { position: string };
    // Read your write: the read models (and their WAL) now hold the event too.
    const read = await fetch(`${ledger.url}/sources?minPosition=${position}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(read.status).toBe(200);

    const files = readdirSync(dataDir);
    expect(files).toEqual(
      expect.arrayContaining([
        'ledger.db',
        'ledger.db-wal',
        'ledger.db-shm',
        'api-keys.json',
        'admin-key.txt',
      ]),
    );
    expect(files.some((f) => /^read-models.*\.db-wal$/.test(f))).toBe(true);
    expect({ dir: modeOf(dataDir), parent: modeOf(join(root, 'data')) }).toEqual({
      dir: '700',
      parent: '700',
    });
    expect(Object.fromEntries(files.map((f) => [f, modeOf(join(dataDir, f))]))).toEqual(
      Object.fromEntries(files.map((f) => [f, '600'])),
    );
  }, 90_000);
});
