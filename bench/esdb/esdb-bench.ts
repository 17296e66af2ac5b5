import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newApiKey } from '../../apps/ledger-api/src/auth';
import { spawnEsdbDouble } from '../../libs/event-store/src/esdb/testing/double-process';
import { runAppends } from '../appends/appends-bench';
import { oneRun } from '../http/http-bench';
import { writeLedgerTemplate } from '../http/workload';
import { formatRatio, type Section, Series } from '../lib/report';
import { formatSpread } from '../lib/stats';

export interface EsdbBenchOptions {
  readonly runs: number;
  readonly appends: { durationMs: number; warmupMs: number; writers: readonly number[] };
  readonly http: { connections: number; durationSec: number; warmupSec: number };
  readonly log: (line: string) => void;
}

/**
 * The EventStoreDB path beside SQLite: durable appends at 1/10/50 writers through the port, and
 * HTTP commands through the ledger, each on the EventStoreDB adapter over gRPC to the wire double
 * (a process of its own) and on the embedded SQLite store (synchronous=FULL).
 */
export async function measureEsdb(options: EsdbBenchOptions): Promise<Section[]> {
  const { series: appends } = await runAppends({
    ...options.appends,
    runs: options.runs,
    systems: ['ledger', 'esdb'],
    log: options.log,
  });
  const http = await runHttp(options);
  const rows = options.appends.writers.map((writers) => {
    const [sqlite, esdb] = [appends.spread(`ledger:${writers}`), appends.spread(`esdb:${writers}`)];
    return [
      `appends/s, ${writers} writer(s)`,
      formatSpread(sqlite),
      formatSpread(esdb),
      formatRatio(esdb.median / sqlite.median),
    ];
  });
  for (const figure of ['commands/s', 'p50 ms', 'p99 ms', 'server CPU µs per command']) {
    const [sqlite, esdb] = [http.spread(`sqlite:${figure}`), http.spread(`esdb:${figure}`)];
    rows.push([
      `HTTP ${figure}, ${options.http.connections} connections`,
      formatSpread(sqlite),
      formatSpread(esdb),
      formatRatio(esdb.median / sqlite.median),
    ]);
  }
  return [
    {
      title: 'The EventStoreDB adapter beside SQLite',
      method: [
        `Appends: as in "Durable appends" (${options.appends.durationMs / 1000} s after ${options.appends.warmupMs / 1000} s of warm-up, exact expected revision), through createEsdbEventStore to the EventStoreDB wire double in a process of its own on 127.0.0.1.`,
        `HTTP: ReportTransfer as in "HTTP commands", ${options.http.warmupSec} s warm-up then ${options.http.durationSec} s, the ledger on EventStoreDB (the double) against the ledger on SQLite (synchronous=FULL), ${options.runs} run(s).`,
        'The double keeps its log in memory and a JSON-lines file without fsync: the figures are the cost of the adapter, the client and gRPC on this machine, not of a real EventStoreDB node, whose appends also wait for its disk and, in a cluster, a quorum of replicas.',
      ].join(' '),
      header: ['figure', 'SQLite', 'EventStoreDB (double)', 'ratio EventStoreDB / SQLite'],
      rows,
      goals: [],
    },
  ];
}

/** HTTP commands on each store, a fresh log (and, for EventStoreDB, a fresh double) per run. */
async function runHttp(options: EsdbBenchOptions): Promise<Series> {
  const work = mkdtempSync(join(tmpdir(), 'bench-esdb-http-'));
  const series = new Series();
  const key = newApiKey('bench-recorder', ['recorder']);
  const http = {
    ...options.http,
    runs: options.runs,
    durabilities: ['FULL' as const],
    log: options.log,
  };
  try {
    for (let run = 0; run < options.runs; run++) {
      for (const store of ['sqlite', 'esdb'] as const) {
        const dataDir = join(work, `${store}-${run}`);
        mkdirSync(dataDir);
        const double =
          store === 'esdb'
            ? await spawnEsdbDouble({ dataFile: join(dataDir, 'esdb.jsonl') })
            : undefined;
        try {
          const where = double ? { esdbConnectionString: double.connectionString } : {};
          const target = { dataDir, store: { ...where, prepare: writeLedgerTemplate } };
          const result = await oneRun(
            { kind: 'ledger', synchronous: 'FULL', ...target },
            key,
            http,
          );
          series.add(`${store}:commands/s`, result.commandsPerSecond);
          series.add(`${store}:p50 ms`, result.p50Ms);
          series.add(`${store}:p99 ms`, result.p99Ms);
          series.add(`${store}:server CPU µs per command`, result.serverCpuMsPerCommand * 1000);
          options.log(
            `  http on ${store} run ${run + 1}: ${Math.round(result.commandsPerSecond)} commands/s, p99 ${result.p99Ms} ms, status ${JSON.stringify(result.statusCodes)}`,
          );
        } finally {
          await double?.kill();
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return series;
}
