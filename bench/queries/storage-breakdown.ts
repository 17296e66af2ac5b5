import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteEventStore } from '@ledger/event-store';
import { currentGeneration, ReadModels } from '@ledger/projections';
import { benchDataDir, ensureLog } from '../log/generate-log';
import { headOf, sizeOf } from './query-targets';

/**
 * Where the read models' bytes go: projects a generated log (as the ledger does, live) into a
 * fresh read-models file, then lists each table's and index's pages (SQLite's dbstat) per event.
 * Usage: npx ts-node -r tsconfig-paths/register bench/queries/storage-breakdown.ts [events]
 */
export interface StorageBreakdown {
  readonly events: number;
  readonly logBytes: number;
  readonly readModelBytes: number;
  readonly objects: readonly { readonly name: string; readonly bytes: number }[];
}

export function breakdownOf(file: string): { name: string; bytes: number }[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC')
      .all() as { name: string; bytes: number }[];
  } finally {
    db.close();
  }
}

async function main(events: number): Promise<void> {
  const log = await ensureLog(events, (line) => process.stderr.write(`${line}\n`));
  const work = mkdtempSync(join(benchDataDir(), 'storage-'));
  try {
    copyFileSync(log.file, join(work, 'ledger.db'));
    const head = BigInt(headOf(log.file));
    const store = createSqliteEventStore({ file: join(work, 'ledger.db'), synchronous: 'NORMAL' });
    const models = await ReadModels.startWriter(store, work);
    while ((models.checkpoint()?.position ?? -1n) < head) await models.waitForPosition(head, 1000);
    await models.close();
    await store.close();
    const file = join(work, currentGeneration(work));
    const result: StorageBreakdown = {
      events: log.events,
      logBytes: sizeOf(log.file),
      readModelBytes: sizeOf(file),
      objects: breakdownOf(file),
    };
    const perEvent = (b: number): string => (b / result.events).toFixed(0).padStart(6);
    console.log(`events ${result.events}`);
    console.log(`log ${result.logBytes} B = ${perEvent(result.logBytes)} B/event`);
    console.log(
      `read models at rest ${result.readModelBytes} B = ${perEvent(result.readModelBytes)} B/event`,
    );
    for (const o of result.objects) console.log(`${perEvent(o.bytes)}  ${o.name}`);
  } finally {
    if (process.env.KEEP_READ_MODELS === undefined) rmSync(work, { recursive: true, force: true });
    else console.log(`kept ${work}`);
  }
}

if (require.main === module) void main(Number(process.argv[2] ?? 20_000));
