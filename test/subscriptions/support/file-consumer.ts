/**
 * A consumer in its own process, as another service would run one: it follows the ledger with
 * @ledger/ledger-client and appends each event to a file, one JSON line each.
 *
 * Crash safety: the file is both the output and the checkpoint. Each event is one write() of one
 * complete line, and on start a torn last line (a write cut short) is cut off; the checkpoint is
 * then the position of the last complete line. Killed at any instant, it restarts where its file
 * ends: nothing missed, nothing twice.
 *
 * Usage: LEDGER_TOKEN=ldg_… node -r ./scripts/register-ts.cjs test/subscriptions/support/file-consumer.ts <baseUrl> <file>
 */
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { subscribe } from '@ledger/ledger-client';

const [baseUrl, file] = process.argv.slice(2);
if (!baseUrl || !file) {
  console.error('usage: file-consumer <baseUrl> <file>');
  process.exit(2);
}

/** Cuts a torn last line off and returns the position of the last complete one. */
function recover(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  if (end < text.length) {
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, Buffer.byteLength(text.slice(0, end)));
    closeSync(fd);
  }
  const lines = text.slice(0, end).split('\n').filter(Boolean);
  const last = lines.at(-1);
  return last === undefined ? undefined : (JSON.parse(last) as { position: string }).position;
}

const checkpoint = recover(file);
const fd = openSync(file, 'a');
const subscription = subscribe({
  baseUrl,
  headers: { authorization: `Bearer ${process.env.LEDGER_TOKEN ?? ''}` },
  from: checkpoint ?? 'start',
  reconnect: { firstDelayMs: 20, maxDelayMs: 500 },
  onEvent: (event) => {
    writeSync(fd, `${JSON.stringify(event)}\n`);
  },
  onStatus: (status) => {
    if (status.kind === 'open') console.log(`open from ${checkpoint ?? 'start'}`);
  },
});

process.on('SIGTERM', () => {
  void subscription.close().then(() => process.exit(0));
});
subscription.done.catch((error: unknown) => {
  console.error('subscription failed:', error);
  process.exit(1);
});
