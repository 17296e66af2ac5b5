import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditLedger, call, enterSeed, startAuditLedger } from './support/audit-ledger';
import { ledger as cli } from './support/cli';

async function eventually(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('checkpoints published to witnesses outside the data dir', () => {
  let work: string;
  let server: Server;
  const received: unknown[] = [];
  let ledger: AuditLedger;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ledger-witness-'));
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push(JSON.parse(body));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    ledger = await startAuditLedger(
      {
        LEDGER_CHECKPOINT_EVERY: '1000',
        LEDGER_CHECKPOINT_INTERVAL_MS: '3600000',
        LEDGER_AUDIT_WITNESS_FILE: join(work, 'witness.jsonl'),
        LEDGER_AUDIT_WITNESS_URL: `http://127.0.0.1:${address.port}/checkpoints`,
      },
      join(work, 'data'),
    );
    await enterSeed(ledger);
  });
  afterAll(async () => {
    await ledger.close();
    await new Promise((resolve) => server.close(resolve));
    rmSync(work, { recursive: true, force: true });
  });

  it('appends each signed checkpoint to the file (0600) and POSTs it to the URL', async () => {
    const signed = await call(ledger, 'POST', '/audit/checkpoints', ledger.tokens.auditor);
    expect(signed.status).toBe(201);
    const file = join(work, 'witness.jsonl');
    await eventually(() => existsSync(file) && received.length === 1);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((line): unknown => JSON.parse(line))).toEqual([signed.body]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(received).toEqual([signed.body]);
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
