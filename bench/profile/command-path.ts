import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import { createLedgerApp } from '../../apps/ledger-api/src/app.factory';
import { newApiKey } from '../../apps/ledger-api/src/auth';
import { spawnEsdbDouble } from '../../libs/event-store/src/esdb/testing/double-process';
import { AGREEMENTS, TRANSFER_BODY, transferPath, writeLedgerTemplate } from '../http/workload';

/**
 * The command path without the network, for a CPU profile of where a command's time goes:
 *   node --cpu-prof --cpu-prof-dir=reports/profiles -r ./scripts/register-ts.cjs bench/profile/command-path.ts [commands] [concurrency] [--esdb]
 * Starts the ledger in-process (synchronous=NORMAL, so the disk stays out of the profile; with
 * --esdb on the EventStoreDB adapter, the wire double in a process of its own), signs
 * the agreements over HTTP, then injects ReportTransfer commands `concurrency` at a time and prints
 * the CPU time per command.
 */
async function main(): Promise<void> {
  const [commandsArg, concurrencyArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const commands = Number(commandsArg ?? 3000);
  const concurrency = Number(concurrencyArg ?? 50);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-command-path-'));
  const key = newApiKey('bench-recorder', ['recorder']);
  const headers = { authorization: `Bearer ${key.token}`, 'content-type': 'application/json' };
  const double = process.argv.includes('--esdb')
    ? await spawnEsdbDouble({ dataFile: join(dataDir, 'esdb.jsonl') })
    : undefined;
  const config = loadConfig({
    LEDGER_DATA_DIR: dataDir,
    LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL',
    PORT: '0',
    ...(double
      ? { LEDGER_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: double.connectionString }
      : {}),
  });
  const app = await createLedgerApp(config, {
    logger: false,
    auth: { apiKeys: [key.record], rateLimit: { limit: 1_000_000_000, windowMs: 60_000 } },
  });
  try {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    await writeLedgerTemplate(`http://127.0.0.1:${address.port}`, {
      authorization: headers.authorization,
    });
    const fastify = app.getHttpAdapter().getInstance();
    let next = 0;
    let failed = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (next < commands) {
        const response = await fastify.inject({
          method: 'POST',
          url: transferPath(next++ % AGREEMENTS),
          headers,
          payload: TRANSFER_BODY,
        });
        if (response.statusCode !== 201) failed++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const used = process.cpuUsage(cpu);
    const ms = performance.now() - started;
    console.log(
      `${commands} commands (${failed} failed) in ${Math.round(ms)} ms: ${Math.round((commands * 1000) / ms)}/s, ${Math.round((used.user + used.system) / commands)} µs CPU per command`,
    );
  } finally {
    await app.close();
    await double?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
