import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  Checkpointer,
  loadOrCreateSigningKey,
  recordingTimeBoundsNow,
  verifyLedger,
  withHashChain,
} from '@ledger/audit';
import { createSqliteEventStore } from '@ledger/event-store';
import { verificationAnswer } from '../../apps/ledger-api/src/audit/audit-answers';
import { type AuditLedger, call, enterSeed, startAuditLedger } from './support/audit-ledger';
import { alterSeedFigure } from './support/tampering';

/** Polls (bounded) until `check` holds. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function count(dataDir: string, where = '1 = 1'): number {
  const db = new Database(join(dataDir, 'ledger.db'), { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM events WHERE ${where}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** The full verification of the data dir, in this process, as the API would answer it. */
async function fullVerification(dataDir: string) {
  const store = createSqliteEventStore({ file: join(dataDir, 'ledger.db') });
  try {
    const key = loadOrCreateSigningKey(dataDir, {});
    const report = await verifyLedger(store, key.publicKey, {
      recordingTimes: recordingTimeBoundsNow(),
    });
    return verificationAnswer(report);
  } finally {
    await store.close();
  }
}

const QUIET = { LEDGER_CHECKPOINT_EVERY: '10', LEDGER_CHECKPOINT_INTERVAL_MS: '3600000' };
const NEW_SOURCE = {
  sourceId: 'integrity-test-source',
  name: 'A source registered after the tampering',
  kind: 'media',
  affiliation: 'independent',
};

describe('a server whose log fails verification (one figure altered in the SQLite file)', () => {
  let ledger: AuditLedger;
  let dataDir: string;
  let eventsBefore: number;
  let checkpointsBefore: number;

  beforeAll(async () => {
    const first = await startAuditLedger(QUIET);
    dataDir = first.dataDir;
    await enterSeed(first);
    await call(first, 'POST', '/audit/checkpoints', first.tokens.auditor);
    await first.app.close();
    expect(alterSeedFigure(join(dataDir, 'ledger.db'))).toBe(1);
    eventsBefore = count(dataDir);
    checkpointsBefore = count(dataDir, "type = 'CheckpointSigned'");
    ledger = await startAuditLedger(QUIET, dataDir);
  });
  afterAll(async () => {
    await ledger.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says why in /health once the check on start has run, and stays up for reads', async () => {
    await eventually(
      async () => (await call(ledger, 'GET', '/health')).body.integrity.state !== 'unverified',
    );
    const health = await call(ledger, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      integrity: { state: 'failed', failure: { check: 'hash' } },
    });
    expect(health.body.integrity.reason).toContain('fails verification at position');
    const verify = await call(ledger, 'GET', '/audit/verify', ledger.tokens.auditor);
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: false, firstFailure: { check: 'hash' } });
    expect(verify.body).toEqual(await fullVerification(dataDir));
    const read = await call(ledger, 'GET', '/agreements/istanbul-2025', ledger.tokens.analyst);
    expect(read.status).toBe(200);
  });

  it('answers writes with 503 ledger_integrity_failure and writes nothing', async () => {
    const write = await call(ledger, 'POST', '/sources', ledger.tokens.recorder, NEW_SOURCE);
    expect(write.status).toBe(503);
    expect(write.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(write.body).toMatchObject({ status: 503, code: 'ledger_integrity_failure' });
    expect(count(dataDir)).toBe(eventsBefore);
  });

  it('refuses to sign or vouch for a checkpoint over it', async () => {
    const sign = await call(ledger, 'POST', '/audit/checkpoints', ledger.tokens.auditor);
    expect(sign.status).toBe(503);
    expect(sign.body).toMatchObject({ code: 'ledger_integrity_failure' });
    expect(count(dataDir, "type = 'CheckpointSigned'")).toBe(checkpointsBefore);
  });
});

describe('GET /audit/verify on a log of some thousands of events', () => {
  let ledger: AuditLedger;
  let dataDir: string;

  beforeAll(async () => {
    // Written directly through the library (fast), then served.
    const seedLedger = await startAuditLedger(QUIET);
    dataDir = seedLedger.dataDir;
    await seedLedger.app.close();
    const store = withHashChain(createSqliteEventStore({ file: join(dataDir, 'ledger.db') }));
    const checkpointer = new Checkpointer({
      store,
      signingKey: loadOrCreateSigningKey(dataDir, {}),
      clock: () => new Date(),
    });
    for (let batch = 0; batch < 600; batch++) {
      const events = Array.from({ length: 10 }, (_, i) => ({
        id: crypto.randomUUID(),
        type: 'TransferReported',
        data: { batch, i, note: 'x'.repeat(200) },
        metadata: { actor: 'bulk' },
      }));
      await store.appendToStream(`bulk-${batch % 50}`, events);
      if (batch % 100 === 99) await checkpointer.checkpointNow();
    }
    await store.close();
    ledger = await startAuditLedger(QUIET, dataDir);
  });
  afterAll(async () => {
    await ledger.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs off the request thread: /health answers while eight verifications are under way, and all eight equal a full verification', async () => {
    let settled = false;
    const verifications = Promise.all(
      Array.from({ length: 8 }, () => call(ledger, 'GET', '/audit/verify', ledger.tokens.auditor)),
    ).finally(() => (settled = true));
    let healthAnswersMeanwhile = 0;
    for (let i = 0; i < 2000 && !settled; i++) {
      const health = await call(ledger, 'GET', '/health');
      expect(health.status).toBe(200);
      if (!settled) healthAnswersMeanwhile += 1;
    }
    const answers = await verifications;
    expect(healthAnswersMeanwhile).toBeGreaterThanOrEqual(2);
    for (const answer of answers) expect(answer.status).toBe(200);
    expect(answers[0]!.body).toMatchObject({ ok: true, eventsChecked: 6006 });
    for (const answer of answers) expect(answer.body).toEqual(answers[0]!.body);
    expect(answers[0]!.body).toEqual(await fullVerification(dataDir));
  });

  it('goes on incrementally after new events and a checkpoint, still equal to a full verification', async () => {
    for (let i = 0; i < 3; i++) {
      const source = { ...NEW_SOURCE, sourceId: `incremental-${i}` };
      expect((await call(ledger, 'POST', '/sources', ledger.tokens.recorder, source)).status).toBe(
        201,
      );
    }
    expect((await call(ledger, 'POST', '/audit/checkpoints', ledger.tokens.auditor)).status).toBe(
      201,
    );
    const answer = await call(ledger, 'GET', '/audit/verify', ledger.tokens.auditor);
    expect(answer.body).toMatchObject({ ok: true, eventsChecked: 6010, checkpointsChecked: 7 });
    expect(answer.body).toEqual(await fullVerification(dataDir));
  });
});
