import { join } from 'node:path';
import { newApiKey } from '../../apps/ledger-api/src/auth';
import { runWorker, startServer } from '../lib/child';
import { formatRatio, type GoalResult, ratio, type Section, Series } from '../lib/report';
import { formatSpread } from '../lib/stats';
import { type ClusterServerInput } from './cluster-server';
import { type LoadInput, type LoadResult } from './load-worker';
import { freshDataDir } from './workload';

export interface WorkersOptions {
  readonly runs: number;
  readonly connections: number;
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly log: (line: string) => void;
}

/** What LEDGER_WORKERS is measured at: one process, then as many API processes as cores here. */
const WORKER_COUNTS = [1, 2] as const;

/**
 * Reads at LEDGER_WORKERS=1 and 2, interleaved, each run on a fresh copy of the template (the
 * 500 signed agreements, their read models projected): GET /agreements/:id/totals round robin
 * with an analyst's key.
 */
export async function measureReadsByProcesses(
  template: string,
  work: string,
  options: WorkersOptions,
): Promise<Section> {
  const key = newApiKey('bench-analyst', ['analyst']);
  const rate = new Series();
  const p50 = new Series();
  const p99 = new Series();
  const failures: string[] = [];
  for (let run = 0; run < options.runs; run++) {
    for (const workers of WORKER_COUNTS) {
      const dataDir = freshDataDir(template, join(work, `workers-${workers}-${run}`));
      const server = await startServer('bench/http/cluster-server.ts', {
        dataDir,
        workers,
        apiKeys: [key.record],
      } satisfies ClusterServerInput);
      try {
        const load = {
          url: `http://127.0.0.1:${server.port}`,
          connections: options.connections,
          headers: { authorization: `Bearer ${key.token}` },
          warmupSec: options.warmupSec,
          durationSec: options.durationSec,
          requests: 'totals',
        } satisfies LoadInput;
        const result = await runWorker<LoadResult>('bench/http/load-worker.ts', load);
        const series = String(workers);
        rate.add(series, result.commandsPerSecond);
        p50.add(series, result.p50Ms);
        p99.add(series, result.p99Ms);
        if (result.non2xx + result.errors > 0)
          failures.push(
            `LEDGER_WORKERS=${workers} run ${run + 1}: ${result.non2xx} non-2xx, ${result.errors} errors (${JSON.stringify(result.statusCodes)})`,
          );
        options.log(
          `  http reads LEDGER_WORKERS=${workers} run ${run + 1}: ${Math.round(result.commandsPerSecond)} reads/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, status ${JSON.stringify(result.statusCodes)}`,
        );
      } finally {
        await server.stop();
      }
    }
  }
  return workersSection(options, { rate, p50, p99 }, failures);
}

function workersSection(
  options: WorkersOptions,
  series: { rate: Series; p50: Series; p99: Series },
  failures: string[],
): Section {
  const one = series.rate.spread('1');
  const rows = WORKER_COUNTS.map((workers) => [
    `LEDGER_WORKERS=${workers}${workers === 1 ? ' (one process)' : ` (${workers} API processes + a projector)`}`,
    formatSpread(series.rate.spread(String(workers))),
    formatSpread(series.p50.spread(String(workers))),
    formatSpread(series.p99.spread(String(workers))),
    formatRatio(ratio(series.rate.spread(String(workers)), one)),
  ]);
  const two = ratio(series.rate.spread('2'), one);
  const goals: GoalResult[] = [
    {
      goal: 'reads/s with LEDGER_WORKERS=2 vs 1 (GET totals, 2 cores)',
      target: '> 1× (scales with cores)',
      measured: formatRatio(two),
      met: two > 1,
    },
  ];
  return {
    title: `Reads by process count at ${options.connections} connections`,
    method: [
      `GET /agreements/:id/totals with an analyst's key, round robin over the 500 agreements of the command template (read models projected), ${options.connections} connections, autocannon in its own process,`,
      `${options.warmupSec} s warm-up then ${options.durationSec} s measured, ${options.runs} runs each, interleaved, a fresh copy of the data per run.`,
      'The ledger runs as `npm start` does (apps/ledger-api/src/main.ts, JSON access log on, read and dropped by the harness) with LEDGER_WORKERS=1 (one process) and 2 (a supervisor handing connections to two API processes, and a projector).',
      'Only reads are measured here: appends go through one SQLite writer whatever the process count (see the README, LEDGER_WORKERS).',
      'This machine has 2 cores, which the load generator shares: 2 API processes is all it can show.',
    ].join(' '),
    header: ['server', 'reads/s', 'p50 ms', 'p99 ms', 'ratio to one process'],
    rows,
    goals,
    notes: failures.length > 0 ? [`Failed requests: ${failures.join('; ')}`] : [],
  };
}
