import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLog } from './support/events';
import { type SseLedger, startSseLedger } from './support/sse-ledger';

/**
 * The "done when": a separate Node process using @ledger/ledger-client, killed (SIGKILL)
 * and restarted twice mid-stream while commands keep arriving over HTTP, ends holding exactly the
 * events in the log, in order, each once.
 */
const ROOT = join(__dirname, '../..');
const COMMANDS = 300;
const KILL_AT = [60, 160];

let ledger: SseLedger;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  // The audit checkpointer runs as in production: its CheckpointSigned events are part of the log too.
  ledger = await startSseLedger({
    store: 'sqlite',
    checkpointer: 'inline',
    sseEnv: { LEDGER_SSE_RETRY_MS: '50' },
  });
});
afterAll(async () => {
  children.forEach((c) => c.kill('SIGKILL'));
  await ledger.close();
});

function startConsumer(file: string): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '-r',
      './scripts/register-ts.cjs',
      'test/subscriptions/support/file-consumer.ts',
      ledger.url,
      file,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, LEDGER_TOKEN: ledger.token },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.stderr?.on('data', (chunk: Buffer) =>
    process.stderr.write(`[consumer] ${chunk.toString()}`),
  );
  return child;
}

function linesOf(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Registers sources over the real command API, one command after the other, a little apart. */
async function sendCommands(progress: { sent: number }): Promise<void> {
  for (let i = 0; i < COMMANDS; i++) {
    const response = await fetch(`${ledger.url}/sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ledger.auth },
      body: JSON.stringify({ sourceId: `outlet-${i}`, name: `Outlet ${i}`, kind: 'media' }),
    });
    if (response.status !== 201)
      throw new Error(`command ${i} answered ${response.status}: ${await response.text()}`);
    progress.sent = i + 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

it('a consumer process killed twice mid-stream ends with exactly the log, in order, each once', async () => {
  const file = join(ledger.dataDir, 'consumer-events.jsonl');
  const progress = { sent: 0 };
  const commands = sendCommands(progress);
  let consumer = startConsumer(file);
  const sentAtKill: number[] = [];
  for (const threshold of KILL_AT) {
    await until(() => linesOf(file).length >= threshold, 30_000);
    await killed(consumer);
    sentAtKill.push(progress.sent);
    consumer = startConsumer(file);
  }
  await commands;
  const log = await readLog(ledger.store);
  expect(log.filter((e) => e.type === 'SourceRegistered')).toHaveLength(COMMANDS);
  await until(() => linesOf(file).length >= log.length, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 200)); // a duplicate would arrive now
  await killed(consumer);

  // Both kills happened while commands were still arriving.
  for (const sent of sentAtKill) expect(sent).toBeLessThan(COMMANDS);
  // The checkpointer may sign once more after the log was read: the consumer holds the log as it
  // is now, from its start, at least up to every command — in order, each once.
  const held = linesOf(file).map((line) => JSON.parse(line) as { id: string; position: string });
  const logNow = (await readLog(ledger.store)).slice(0, held.length);
  expect(held.length).toBeGreaterThanOrEqual(log.length);
  expect(held.map((e) => e.position)).toEqual(logNow.map((e) => e.position.toString()));
  expect(held.map((e) => e.id)).toEqual(logNow.map((e) => e.id));
}, 120_000);
