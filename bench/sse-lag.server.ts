/**
 * The ledger API under test, in its own process (so its RSS is its own): a real app over a SQLite
 * file (or memory), and an appender that writes events at a steady rate when told to. Talks to
 * the benchmark over IPC.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@ledger/config';
import {
  createMemoryEventStore,
  createSqliteEventStore,
  type EventStore,
} from '@ledger/event-store';
import { createLedgerApp } from '../apps/ledger-api/src/app.factory';
import { newApiKey } from '../apps/ledger-api/src/auth';
import { SseConnections } from '../apps/ledger-api/src/subscriptions/sse-connections';

export type ServerCommand =
  | { kind: 'append'; rate: number; seconds: number; tag: string }
  | { kind: 'stats' }
  | { kind: 'stop' };

const send = (message: object): void => void process.send?.(message);
const rssMb = (): number => Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10;

let peakRss = rssMb();
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb())), 100);

/** Appends `rate` events per second for `seconds`, in ticks of 10 ms; each carries its send time. */
async function appendSteadily(
  store: EventStore,
  rate: number,
  seconds: number,
  tag: string,
): Promise<{ appended: number; lastPosition: string; behindMs: number }> {
  const perTick = rate / 100;
  const start = performance.now();
  let appended = 0;
  let lastPosition = 0n;
  for (let tick = 0; tick < seconds * 100; tick++) {
    const due = start + tick * 10;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const batch = Array.from({ length: perTick }, () => {
      const n = appended++;
      const sentAt = performance.timeOrigin + performance.now();
      return store.appendToStream(`source-bench-${tag}-${n}`, [
        {
          id: randomUUID(),
          type: 'SourceRegistered',
          data: { sourceId: `bench-${tag}-${n}`, name: `Bench outlet ${n}`, kind: 'media' },
          metadata: { actor: 'bench', schemaVersion: 1, sentAt, tag },
        },
      ]);
    });
    for (const result of await Promise.all(batch))
      if (result.position > lastPosition) lastPosition = result.position;
  }
  return {
    appended,
    lastPosition: lastPosition.toString(),
    behindMs: Math.round(performance.now() - (start + seconds * 1000)),
  };
}

async function main(): Promise<void> {
  const kind = process.env.BENCH_STORE === 'memory' ? 'memory' : 'sqlite';
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-sse-'));
  const store =
    kind === 'memory'
      ? createMemoryEventStore()
      : createSqliteEventStore({ file: join(dataDir, 'ledger.db') });
  // One subscriber key for every subscriber: its streams-per-key cap (64 by default) set out of
  // reach, as the rate limit is.
  const config = loadConfig({
    LEDGER_STORE: kind,
    LEDGER_DATA_DIR: dataDir,
    PORT: '0',
    LEDGER_SSE_MAX_PER_KEY: '1000',
  });
  // One subscriber key for every subscriber, with a rate limit the reconnections cannot reach.
  const key = newApiKey('bench-subscriber', ['subscriber']);
  const app = await createLedgerApp(config, {
    store,
    logger: false,
    auth: { apiKeys: [key.record], rateLimit: { limit: 1_000_000, windowMs: 60_000 } },
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const connections = app.get(SseConnections);
  const stats = () => ({
    cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
    rssMb: rssMb(),
    peakRssMb: peakRss,
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1024 / 1024),
    connections: connections.stats,
  });
  process.on('message', (command: ServerCommand) => {
    if (command.kind === 'append')
      void appendSteadily(store, command.rate, command.seconds, command.tag).then((result) =>
        send({ kind: 'appended', ...result, ...stats() }),
      );
    if (command.kind === 'stats') send({ kind: 'stats', ...stats() });
    if (command.kind === 'stop') {
      clearInterval(sampler);
      void app
        .close()
        .then(() => store.close())
        .finally(() => {
          rmSync(dataDir, { recursive: true, force: true });
          process.exit(0);
        });
    }
  });
  send({
    kind: 'ready',
    url: `http://127.0.0.1:${address.port}`,
    token: key.token,
    store: kind,
    ...stats(),
  });
}

void main();
