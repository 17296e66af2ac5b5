import { cpus, loadavg, totalmem } from 'node:os';
import Database from 'better-sqlite3';
import { sqlite3Version } from './baselines';

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  /** SQLite inside better-sqlite3 (our store, the raw baseline, the read models). */
  readonly sqlite: string;
  /** SQLite inside node-sqlite3 (emmett-sqlite's driver), when the baselines are installed. */
  readonly sqliteOfEmmett: string | undefined;
  readonly platform: string;
  /** 1-minute load average when the run started: above the core count, other work competed. */
  readonly loadAtStart: number;
}

function betterSqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  } finally {
    db.close();
  }
}

export function describeMachine(): Machine {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    sqlite: betterSqliteVersion(),
    sqliteOfEmmett: sqlite3Version(),
    platform: `${process.platform} ${process.arch}`,
    loadAtStart: loadavg()[0] ?? 0,
  };
}

export function currentLoad(): number {
  return loadavg()[0] ?? 0;
}
