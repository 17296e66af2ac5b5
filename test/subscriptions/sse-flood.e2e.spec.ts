import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withHashChain } from '@ledger/audit';
import { createSqliteEventStore } from '@ledger/event-store';
import { keysEnv, testKeys } from '../../apps/ledger-api/src/auth/testing/test-keys';
import { type LedgerProcess, startTestLedger } from '../support/test-ledger';
import { waitUntil } from '../esdb/support/wait';
import { sourceRegistered } from './support/events';

/**
 * Many subscribers that never read, on one key, against the API as its own process on SQLite; the
 * server's RSS stays within the bound docs/SUBSCRIPTIONS.md states, and /health stays quick.
 * - 1,000 idle live connections (from=end: nothing to catch up): a few KiB each.
 * - 200 connections catching up from 0 on a log of ~12 KB events: each holds at most a history
 *   page of an eighth of LEDGER_SSE_MAX_BUFFER_BYTES and a queue of a sixteenth (before: a page of
 *   256 events, ~3 MB, and a 256 KiB queue). RSS also counts what the allocator keeps of the
 *   pages already sent: measured ~1.2 MiB per connection (5.1 MiB before); the bound is 2 MiB.
 */
const IDLE_CONNECTIONS = 1_000;
const IDLE_BOUND = 64 * 1024;
const CONNECTIONS = 200;
const EVENTS = 1_000;
const PADDING = 12_000;
const BOUND_PER_CONNECTION = 2 * 1024 * 1024;

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
}

async function healthMs(url: string): Promise<number> {
  const started = Date.now();
  const response = await fetch(`${url}/health`);
  await response.text();
  expect(response.status).toBe(200);
  return Date.now() - started;
}

/** Samples until the RSS has not grown by more than 1% over the last 2 s (at most 90 s). */
async function settledRss(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 360; i++) {
    samples.push(rssBytes(pid));
    const window = samples.slice(-8);
    if (window.length === 8 && window.at(-1)! <= window[0]! * 1.01) return Math.max(...samples);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return Math.max(...samples);
}

/** Waits (bounded) until the integrity check the server runs on start has ended. */
function verifiedOnStart(url: string): Promise<void> {
  return waitUntil(async () => {
    const body = (await (await fetch(`${url}/health`)).json()) as {
      integrity?: { state?: string };
    };
    return body.integrity?.state !== 'unverified';
  }, 120_000);
}

describe('a flood of subscribers that read nothing', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-sse-flood-'));
  const tsCacheDir = mkdtempSync(join(tmpdir(), 'ledger-ts-cache-'));
  const keys = testKeys();
  const clients: ClientRequest[] = [];
  let ledger: LedgerProcess;

  beforeAll(async () => {
    const store = withHashChain(createSqliteEventStore({ file: join(dataDir, 'ledger.db') }));
    for (let s = 0; s < EVENTS / 100; s++)
      await store.appendToStream(
        `source-${s}`,
        Array.from({ length: 100 }, (_, i) => sourceRegistered(s * 100 + i, PADDING)),
      );
    await store.close();
    ledger = await startTestLedger({
      process: true,
      dataDir,
      tsCacheDir,
      env: {
        LEDGER_API_KEYS: keysEnv(keys),
        LEDGER_RATE_LIMIT: '1000000',
        LEDGER_CHECKPOINTER: 'off',
        LEDGER_SSE_MAX_PER_KEY: String(IDLE_CONNECTIONS + CONNECTIONS),
        LEDGER_SSE_MAX_CONNECTIONS: String(IDLE_CONNECTIONS + CONNECTIONS),
        // Held open for the measurement: the stall timeout is tested in sse-limits.
        LEDGER_SSE_STALL_TIMEOUT_MS: '600000',
      },
    });
    // The integrity check on start verifies the log in a worker thread of its own: let it end
    // before measuring, or its memory counts against the connections.
    await verifiedOnStart(ledger.url);
  }, 180_000);

  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await ledger?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(tsCacheDir, { recursive: true, force: true });
  });

  /** Opens `count` streams that are never read; resolves once each has its 200 answer. */
  async function flood(count: number, from: string): Promise<void> {
    const opened: Promise<number>[] = [];
    for (let i = 0; i < count; i++)
      opened.push(
        new Promise((resolve, reject) => {
          const req = request(
            `${ledger.url}/subscriptions/all?from=${from}`,
            { agent: false, headers: keys.header('subscriber') },
            (res) => {
              // Never read: the kernel's buffers fill, then the server's.
              res.pause();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', reject);
          req.end();
          clients.push(req);
        }),
      );
    expect(new Set(await Promise.all(opened))).toEqual(new Set([200]));
  }

  async function measure(what: string, count: number, run: () => Promise<void>): Promise<number> {
    const pid = ledger.child.pid!;
    await healthMs(ledger.url);
    const before = rssBytes(pid);
    await run();
    const after = await settledRss(pid);
    const health = [
      await healthMs(ledger.url),
      await healthMs(ledger.url),
      await healthMs(ledger.url),
    ];
    const perConnection = (after - before) / count;
    process.stdout.write(
      `SSE flood, ${what}: server RSS ${(before / 2 ** 20).toFixed(0)} → ${(after / 2 ** 20).toFixed(0)} MiB ` +
        `(${(perConnection / 1024).toFixed(0)} KiB per connection); /health ${health.join(', ')} ms\n`,
    );
    expect(Math.min(...health)).toBeLessThan(1_000);
    expect(ledger.child.exitCode).toBeNull();
    return perConnection;
  }

  it(`${IDLE_CONNECTIONS} idle live connections that read nothing: under ${IDLE_BOUND / 1024} KiB each`, async () => {
    const perConnection = await measure(
      `${IDLE_CONNECTIONS} idle (from=end)`,
      IDLE_CONNECTIONS,
      () => flood(IDLE_CONNECTIONS, 'end'),
    );
    expect(perConnection).toBeLessThan(IDLE_BOUND);
    clients.splice(0).forEach((c) => c.destroy());
  }, 180_000);

  it(`${CONNECTIONS} connections from 0 on a ${(EVENTS * PADDING) / 1e6} MB log that read nothing: RSS under 2 MiB each`, async () => {
    const perConnection = await measure(`${CONNECTIONS} catching up (from=0)`, CONNECTIONS, () =>
      flood(CONNECTIONS, '0'),
    );
    expect(perConnection).toBeLessThan(BOUND_PER_CONNECTION);
  }, 180_000);
});
