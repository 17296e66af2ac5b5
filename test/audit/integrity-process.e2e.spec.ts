import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { keysEnv, testKeys } from '../../apps/ledger-api/src/auth/testing/test-keys';
import { enterSeedFixture, type LedgerProcess, startTestLedger } from '../support/test-ledger';
import { waitUntil } from '../esdb/support/wait';
import { alterSeedFigure } from './support/tampering';

/** How long a condition may take: generous, as the verifying worker starts slowly on a loaded machine. */
const WAIT_MS = 120_000;

function checkpointsIn(dataDir: string): number {
  const db = new Database(join(dataDir, 'ledger.db'), { readonly: true });
  try {
    const row = db
      .prepare("SELECT count(*) AS n FROM events WHERE type = 'CheckpointSigned'")
      .get() as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

interface Readiness {
  readonly status: 'ready' | 'not_ready';
  readonly checks: Record<string, { ok: boolean; state?: string; reason?: string }>;
}

/**
 * The API as `npm start` runs it, its SQLite file altered on disk while it runs: the next
 * checkpoint (the background one, every 25 events here) verifies what is new first and refuses to
 * sign; from then on writes get 503, /health/ready says not ready and why, and the log says so.
 */
/** Above the seed's events (with their id reservations), so the seed alone signs nothing. */
const CHECKPOINT_EVERY = 60;

describe('a log tampered on disk while the API runs', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-integrity-process-'));
  const keys = testKeys();
  let ledger: LedgerProcess;
  const register = (sourceId: string) =>
    fetch(`${ledger.url}/sources`, {
      method: 'POST',
      headers: { ...keys.header('recorder'), 'content-type': 'application/json' },
      body: JSON.stringify({ sourceId, name: sourceId, kind: 'media' }),
    });
  const readiness = async (): Promise<{ status: number; body: Readiness }> => {
    const response = await fetch(`${ledger.url}/health/ready`);
    return { status: response.status, body: (await response.json()) as Readiness };
  };

  beforeAll(async () => {
    ledger = await startTestLedger({
      process: true,
      dataDir,
      env: {
        LEDGER_API_KEYS: keysEnv(keys),
        LEDGER_CHECKPOINTER: 'inline',
        LEDGER_CHECKPOINT_EVERY: String(CHECKPOINT_EVERY),
        LEDGER_CHECKPOINT_INTERVAL_MS: '3600000',
      },
    });
    // The seed (its events and id reservations) stays under CHECKPOINT_EVERY: no checkpoint yet.
    await enterSeedFixture(ledger.url, keys.header('recorder'));
  }, 90_000);
  afterAll(async () => {
    await ledger?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses the next checkpoint, answers 503 to writes, and says why in /health/ready and the log', async () => {
    // Ready, and the start-up verification done: a tamper during it could be read before and
    // after the change by one run, and the checkpointer only verifies what follows that run.
    await waitUntil(async () => {
      const { status, body } = await readiness();
      return status === 200 && body.checks.integrity?.state === 'verified';
    }, WAIT_MS);
    expect(checkpointsIn(dataDir)).toBe(0);
    // The seed's final figure, rewritten in place through another connection.
    expect(alterSeedFigure(join(dataDir, 'ledger.db'))).toBe(1);
    // More events until the log reaches LEDGER_CHECKPOINT_EVERY: the checkpointer verifies what is
    // new before signing, fails, and from then on writes are refused (bounded: one checkpoint's worth).
    // A 503 for another reason (the write lock busy on a loaded machine) wrote nothing: try again.
    for (
      let written = 0, tries = 0;
      written < CHECKPOINT_EVERY && tries < 4 * CHECKPOINT_EVERY;
      tries++
    ) {
      const answer = await register(`after-${tries}`);
      if (answer.status === 503) {
        if (((await answer.json()) as { code?: string }).code === 'ledger_integrity_failure') break;
        continue;
      }
      expect(answer.status).toBe(201);
      written++;
    }
    await waitUntil(async () => (await readiness()).status === 503, WAIT_MS);

    const { body } = await readiness();
    expect(body.status).toBe('not_ready');
    expect(body.checks.integrity).toMatchObject({ ok: false, state: 'failed' });
    expect(body.checks.integrity?.reason).toMatch(
      /^the log fails verification at position \d+ \(hash: /,
    );
    expect(checkpointsIn(dataDir)).toBe(0);
    const refused = await register('after-refused');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: 'ledger_integrity_failure' });
    await waitUntil(() => ledger.output.stdout.includes('No checkpoint signed'), WAIT_MS);
    const lines = ledger.output.stdout.split('\n').filter((line) => line.trim() !== '');
    const logged = lines.map((line) => JSON.parse(line) as { msg?: string; level?: number });
    expect(logged).toContainEqual(
      expect.objectContaining({
        msg: expect.stringMatching(
          /^Ledger integrity failure: the log fails verification at position \d+ \(hash: /,
        ),
      }),
    );
    expect(logged).toContainEqual(
      expect.objectContaining({
        msg: expect.stringMatching(/^No checkpoint signed: .*fails verification at position/),
      }),
    );
  }, 400_000);
});
