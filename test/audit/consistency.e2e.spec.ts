import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { verifyConsistencyProof } from '@ledger/audit';
import { type AuditLedger, call, enterSeed, startAuditLedger } from './support/audit-ledger';
import { ledger as cli } from './support/cli';

const QUIET = { LEDGER_CHECKPOINT_EVERY: '10', LEDGER_CHECKPOINT_INTERVAL_MS: '3600000' };

describe('consistency proofs: an auditor who kept a signed checkpoint detects a truncated log', () => {
  let ledger: AuditLedger;
  let work: string;
  let saved: { treeSize: number; lastPosition: string; rootHash: string };
  let publicKeyPem: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ledger-consistency-e2e-'));
    ledger = await startAuditLedger(QUIET, join(work, 'data'));
    await enterSeed(ledger);
    const first = await call(ledger, 'POST', '/audit/checkpoints', ledger.tokens.auditor);
    expect(first.status).toBe(201);
    saved = first.body;
    writeFileSync(join(work, 'saved.json'), first.text);
    publicKeyPem = (await call(ledger, 'GET', '/audit/public-key')).text;
    writeFileSync(join(work, 'key.pem'), publicKeyPem);
    for (let i = 0; i < 3; i++) {
      const source = {
        sourceId: `later-source-${i}`,
        name: `A source registered after the saved checkpoint (${i})`,
        kind: 'media',
        affiliation: 'independent',
      };
      expect((await call(ledger, 'POST', '/sources', ledger.tokens.recorder, source)).status).toBe(
        201,
      );
    }
    expect((await call(ledger, 'POST', '/audit/checkpoints', ledger.tokens.auditor)).status).toBe(
      201,
    );
  });
  afterAll(async () => {
    await ledger.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('GET /audit/consistency answers a proof that checks offline against the saved checkpoint', async () => {
    const answer = await call(
      ledger,
      'GET',
      `/audit/consistency?from=${saved.treeSize}`,
      ledger.tokens.auditor,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      version: 1,
      oldSize: saved.treeSize,
      oldRoot: saved.rootHash,
    });
    expect(answer.body.newSize).toBeGreaterThan(saved.treeSize);
    expect(verifyConsistencyProof(answer.body, answer.body, publicKeyPem)).toMatchObject({
      ok: false,
    });
    expect(verifyConsistencyProof(saved as never, answer.body, publicKeyPem)).toEqual({ ok: true });
  });

  it.each([
    ['from=0', 400],
    ['from=abc', 400],
    ['', 400],
    [`from=5&to=4`, 400],
    ['from=999999', 404],
  ])('answers %s with %i problem+json', async (query, status) => {
    const answer = await call(ledger, 'GET', `/audit/consistency?${query}`, ledger.tokens.auditor);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('`ledger verify-consistency` over the API says CONSISTENT (exit 0)', async () => {
    const run = await cli(
      [
        '--api',
        ledger.url,
        '--key',
        ledger.tokens.auditor,
        'verify-consistency',
        'saved.json',
        '--public-key',
        'key.pem',
      ],
      { cwd: work },
    );
    expect(run.stdout).toContain('CONSISTENT');
    expect(run.code).toBe(0);
  });

  it('the last events deleted from the SQLite file: verify still says OK, verify-consistency exits 1', async () => {
    await ledger.app.close();
    const intact = join(work, 'intact');
    const truncated = join(work, 'truncated');
    cpSync(join(work, 'data'), intact, { recursive: true });
    cpSync(join(work, 'data'), truncated, { recursive: true });
    const db = new Database(join(truncated, 'ledger.db'));
    // Everything from a little before the saved checkpoint's last event on: a shorter log.
    db.prepare('DELETE FROM events WHERE position > ?').run(Number(saved.lastPosition) - 3);
    db.close();

    const args = ['verify-consistency', 'saved.json', '--public-key', 'key.pem'];
    const ok = await cli(['--data-dir', intact, ...args], { cwd: work });
    expect(ok.stdout).toContain('CONSISTENT');
    expect(ok.code).toBe(0);

    const blind = await cli(['--data-dir', truncated, 'verify'], { cwd: work });
    expect(blind.code).toBe(0);
    const detected = await cli(['--data-dir', truncated, ...args], { cwd: work });
    expect(detected.code).toBe(1);
    expect(detected.stdout + detected.stderr).toMatch(/fewer than|truncated|No checkpoint/);
  });
});
