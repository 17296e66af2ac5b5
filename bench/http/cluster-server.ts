import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type ApiKeyRecord } from '../../apps/ledger-api/src/auth';
import { ROOT, serverMain } from '../lib/child';

export interface ClusterServerInput {
  readonly dataDir: string;
  /** LEDGER_WORKERS: API processes sharing the port (1: the single process of `npm start`). */
  readonly workers: number;
  readonly apiKeys: readonly ApiKeyRecord[];
}

/** A port free right now, for the ledger to listen on (the supervisor's processes share it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no TCP address')),
      );
    });
  });
}

/**
 * The ledger as `npm start` runs it, with LEDGER_WORKERS: apps/ledger-api/src/main.ts in a process
 * of its own (with N > 1 a supervisor over a projector and N API processes), logging as in
 * production (JSON lines, an access line per request, here discarded). Ready once every API
 * process listens.
 */
serverMain(async (input: ClusterServerInput) => {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', join(ROOT, 'scripts', 'register-ts.cjs'), join(ROOT, 'apps/ledger-api/src/main.ts')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        LEDGER_DATA_DIR: input.dataDir,
        LEDGER_WORKERS: String(input.workers),
        LEDGER_API_KEYS: JSON.stringify({ keys: input.apiKeys }),
        LEDGER_RATE_LIMIT: '1000000000',
        LEDGER_LOG_FORMAT: 'json',
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = input.workers > 1 ? '"msg":"Ledger running as' : '"msg":"Ledger API listening on';
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const look = (chunk: Buffer): void => {
      seen = (seen + chunk.toString()).slice(-4096);
      if (!seen.includes(ready)) return;
      child.stdout?.off('data', look);
      child.stdout?.resume(); // the access lines from here on are read and dropped
      resolve();
    };
    child.stdout?.on('data', look);
    void exited.then(() => reject(new Error(`the ledger exited before it was ready: ${seen}`)));
  });
  return {
    port,
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
});
