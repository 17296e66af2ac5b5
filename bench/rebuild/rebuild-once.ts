/**
 * A single rebuild of a cached log, outside the suite (for profiling the rebuild by itself):
 * node [--cpu-prof] -r ./scripts/register-ts.cjs bench/rebuild/rebuild-once.ts <log.db> [dataDir]
 * Prints events/s and events per CPU-second; the data directory is removed unless given. BATCH,
 * MAX_HELD and CACHE_KIB (environment) set the rebuild's batchSize, maxHeldRows and cacheKiB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '@ledger/event-store';
import { rebuildReadModels } from '@ledger/projections';

async function main(): Promise<void> {
  const [logFile, given] = process.argv.slice(2);
  if (logFile === undefined) throw new Error('usage: rebuild-once.ts <log.db> [dataDir]');
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'rebuild-once-'));
  const store = createSqliteEventStore({ file: logFile });
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const report = await rebuildReadModels(store, dataDir, {
      ...(process.env.BATCH ? { batchSize: Number(process.env.BATCH) } : {}),
      ...(process.env.CACHE_KIB ? { cacheKiB: Number(process.env.CACHE_KIB) } : {}),
      ...(process.env.MAX_HELD ? { maxHeldRows: Number(process.env.MAX_HELD) } : {}),
    });
    const elapsedMs = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    const events = report.checkpoint.events;
    console.log(
      `${events} events in ${Math.round(elapsedMs)} ms: ${Math.round((events * 1000) / elapsedMs)} events/s, ` +
        `${Math.round((events * 1e6) / (user + system))} events per CPU-second (user ${Math.round(user / 1000)} ms, system ${Math.round(system / 1000)} ms) -> ${join(dataDir, report.generation)}`,
    );
  } finally {
    await store.close();
    if (given === undefined) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
