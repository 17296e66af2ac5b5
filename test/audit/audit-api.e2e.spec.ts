import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type InclusionProof, SIGNING_KEY_FILE, verifyInclusionProof } from '@ledger/audit';
import { SEED_FIXTURE } from '../support/test-ledger';
import { type AuditLedger, call, enterSeed, startAuditLedger } from './support/audit-ledger';

interface StoredRow {
  position: number;
  stream: string;
  type: string;
  metadata: string;
}

function storedRows(dataDir: string): StoredRow[] {
  const db = new Database(join(dataDir, 'ledger.db'), { readonly: true });
  try {
    return db
      .prepare('SELECT position, stream, type, metadata FROM events ORDER BY position')
      .all() as StoredRow[];
  } finally {
    db.close();
  }
}

/** Polls (bounded) until `check` holds. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the audit endpoints over a SQLite ledger holding the seed scenario', () => {
  let ledger: AuditLedger;
  const dataDirs: string[] = [];

  beforeAll(async () => {
    // Checkpoints by count only here: every 10 events, never on the clock during the test.
    ledger = await startAuditLedger({
      LEDGER_CHECKPOINT_EVERY: '10',
      LEDGER_CHECKPOINT_INTERVAL_MS: '3600000',
    });
    dataDirs.push(ledger.dataDir);
    await enterSeed(ledger);
  });
  afterAll(async () => {
    await ledger.close();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('chains every event the commands append, and signs a checkpoint in the background every N events', async () => {
    await eventually(async () =>
      storedRows(ledger.dataDir).some((row) => row.type === 'CheckpointSigned'),
    );
    const rows = storedRows(ledger.dataDir);
    for (const row of rows)
      expect(JSON.parse(row.metadata).audit).toMatchObject({
        alg: 'sha256-jcs-v1',
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    const checkpoint = rows.find((row) => row.type === 'CheckpointSigned');
    expect(checkpoint?.stream).toBe('audit-checkpoints');
  });

  it('serves the public key to anyone, the same key that is kept beside the data', async () => {
    const answer = await call(ledger, 'GET', '/audit/public-key');
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(answer.headers.get('x-key-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(existsSync(join(ledger.dataDir, SIGNING_KEY_FILE))).toBe(true);
  });

  it('signs a checkpoint on demand for auditors, not for recorders', async () => {
    expect((await call(ledger, 'POST', '/audit/checkpoints', ledger.tokens.recorder)).status).toBe(
      403,
    );
    expect((await call(ledger, 'POST', '/audit/checkpoints')).status).toBe(401);
    const domainEvents = storedRows(ledger.dataDir).filter(
      (row) => row.stream !== 'audit-checkpoints',
    ).length;
    const answer = await call(ledger, 'POST', '/audit/checkpoints', ledger.tokens.auditor);
    expect(answer.status).toBe(201);
    // The tree covers every event before it, earlier checkpoint events included.
    const checkpointsBefore =
      storedRows(ledger.dataDir).filter((row) => row.stream === 'audit-checkpoints').length - 1;
    expect(answer.body).toMatchObject({
      treeSize: domainEvents + checkpointsBefore,
      keyId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it('verifies the whole log for auditors and admins', async () => {
    expect((await call(ledger, 'GET', '/audit/verify', ledger.tokens.analyst)).status).toBe(403);
    const answer = await call(ledger, 'GET', '/audit/verify', ledger.tokens.admin);
    expect(answer.status).toBe(200);
    const rows = storedRows(ledger.dataDir);
    expect(answer.body).toMatchObject({
      ok: true,
      firstFailure: null,
      eventsChecked: rows.length,
      headPosition: String(rows.at(-1)?.position),
    });
    // Every signed checkpoint in the log was checked. How many there are depends on timing: a
    // background checkpoint that lands after the seed's last event leaves the on-demand one nothing
    // new to sign, so it answers with that checkpoint instead of appending another.
    const checkpoints = rows.filter((row) => row.type === 'CheckpointSigned').length;
    expect(checkpoints).toBeGreaterThanOrEqual(1);
    expect(answer.body.checkpointsChecked).toBe(checkpoints);
  });

  it('answers an inclusion proof that checks offline with only the public key, and fails when the event is altered', async () => {
    const pem = (await call(ledger, 'GET', '/audit/public-key')).text;
    const disputed = storedRows(ledger.dataDir).find((row) => row.type === 'FigureDisputed');
    const answer = await call(
      ledger,
      'GET',
      `/audit/proof/${disputed?.position}`,
      ledger.tokens.auditor,
    );
    expect(answer.status).toBe(200);
    const proof = answer.body as InclusionProof;
    expect(proof.event).toMatchObject({
      type: 'FigureDisputed',
      position: String(disputed?.position),
    });
    expect(verifyInclusionProof(proof, pem)).toEqual({ ok: true });
    const altered = {
      ...proof,
      event: { ...proof.event, data: { ...proof.event.data, delta: 0 } },
    };
    expect(verifyInclusionProof(altered, pem)).toEqual({
      ok: false,
      problem: 'the event content does not match its recorded hash',
    });
  });

  it('refuses a malformed position and one no checkpoint covers', async () => {
    const malformed = await call(ledger, 'GET', '/audit/proof/ten', ledger.tokens.auditor);
    expect(malformed).toMatchObject({ status: 400, body: { code: 'invalid_position' } });
    const beyond = await call(ledger, 'GET', '/audit/proof/900000', ledger.tokens.auditor);
    expect(beyond).toMatchObject({ status: 404, body: { code: 'proof_unavailable' } });
  });

  it('answers a retried command with its first answer and appends nothing, through the hash chain', async () => {
    const [first] = JSON.parse(readFileSync(SEED_FIXTURE, 'utf8')) as {
      path: string;
      body: unknown;
      idempotencyKey: string;
    }[];
    const before = storedRows(ledger.dataDir).length;
    const response = await fetch(`${ledger.url}${first!.path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ledger.tokens.recorder}`,
        'content-type': 'application/json',
        'idempotency-key': first!.idempotencyKey,
      },
      body: JSON.stringify(first!.body),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('idempotent-replayed')).toBe('true');
    expect(storedRows(ledger.dataDir)).toHaveLength(before);
  });

  it('keeps its key across a restart, and the log still verifies', async () => {
    const keyId = (await call(ledger, 'GET', '/audit/public-key')).headers.get('x-key-id');
    const dataDir = ledger.dataDir;
    await ledger.app.close();
    ledger = await startAuditLedger({ LEDGER_CHECKPOINTER: 'off' }, dataDir);
    expect((await call(ledger, 'GET', '/audit/public-key')).headers.get('x-key-id')).toBe(keyId);
    const answer = await call(ledger, 'GET', '/audit/verify', ledger.tokens.auditor);
    expect(answer.body).toMatchObject({ ok: true, latestCheckpoint: { keyId } });
  });
});

describe('the audit endpoints over an empty memory ledger', () => {
  let ledger: AuditLedger;
  beforeAll(async () => {
    ledger = await startAuditLedger({ LEDGER_STORE: 'memory', LEDGER_CHECKPOINTER: 'off' });
  });
  afterAll(() => ledger.close());

  it('refuses to sign a checkpoint over nothing with 409 empty_ledger, as problem+json', async () => {
    const answer = await call(ledger, 'POST', '/audit/checkpoints', ledger.tokens.auditor);
    expect(answer.status).toBe(409);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 409, code: 'empty_ledger' });
  });

  it('verifies an empty log as intact, having checked nothing', async () => {
    const answer = await call(ledger, 'GET', '/audit/verify', ledger.tokens.auditor);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      ok: true,
      firstFailure: null,
      eventsChecked: 0,
      checkpointsChecked: 0,
    });
  });
});
