import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditLedger, call, enterSeed, startAuditLedger } from './support/audit-ledger';
import { ledger as cli } from './support/cli';
import { startWitnessServer } from './support/witness-server';

async function eventually(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('checkpoints published to witnesses outside the data dir', () => {
  let work: string;
  let witness: Awaited<ReturnType<typeof startWitnessServer>>;
  let ledger: AuditLedger;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ledger-witness-'));
    witness = await startWitnessServer();
    ledger = await startAuditLedger(
      {
        LEDGER_CHECKPOINT_EVERY: '1000',
        LEDGER_CHECKPOINT_INTERVAL_MS: '3600000',
        LEDGER_AUDIT_WITNESS_FILE: join(work, 'witness.jsonl'),
        LEDGER_AUDIT_WITNESS_URL: witness.url,
      },
      join(work, 'data'),
    );
    await enterSeed(ledger);
  });
  afterAll(async () => {
    await ledger.close();
    await witness.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('appends each signed checkpoint to the file (0600) and POSTs it to the URL', async () => {
    const signed = await call(ledger, 'POST', '/audit/checkpoints', ledger.tokens.auditor);
    expect(signed.status).toBe(201);
    const file = join(work, 'witness.jsonl');
    await eventually(() => existsSync(file) && witness.received.length === 1);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((line): unknown => JSON.parse(line))).toEqual([signed.body]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(witness.received).toEqual([signed.body]);
  });

  it('gives the auditor a checkpoint that `ledger verify-consistency` takes as is', async () => {
    const line = readFileSync(join(work, 'witness.jsonl'), 'utf8').trim().split('\n')[0]!;
    writeFileSync(join(work, 'saved.json'), line);
    const run = await cli(
      ['--api', ledger.url, '--key', ledger.tokens.auditor, 'verify-consistency', 'saved.json'],
      { cwd: work },
    );
    expect(run.stdout).toContain('CONSISTENT');
    expect(run.code).toBe(0);
  });
});
