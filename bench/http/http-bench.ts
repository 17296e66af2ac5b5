import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newApiKey } from '../../apps/ledger-api/src/auth';
import { runWorker, startServer } from '../lib/child';
import { formatRatio, type GoalResult, ratio, type Section, Series } from '../lib/report';
import { formatSpread } from '../lib/stats';
import { type LoadInput, type LoadResult } from './load-worker';
import { measureReadsByProcesses } from './workers-bench';
import { freshDataDir, writeLedgerTemplate } from './workload';

export interface HttpOptions {
  readonly runs: number;
  readonly connections: number;
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly durabilities: readonly ('FULL' | 'NORMAL')[];
  readonly profileDir?: string;
  readonly log: (line: string) => void;
}

export type ServerKind = 'ledger' | 'baseline';
const SERVER_WORKER: Record<ServerKind, string> = {
  ledger: 'bench/http/ledger-server.ts',
  baseline: 'bench/http/baseline-server.ts',
};

export type Key = ReturnType<typeof newApiKey>;
const authorization = (key: Key): Record<string, string> => ({
  authorization: `Bearer ${key.token}`,
});

/** The template data directory: sources and agreements entered through a ledger server of its own. */
async function prepareTemplate(dir: string, key: Key): Promise<void> {
  const server = await startServer(SERVER_WORKER.ledger, {
    dataDir: dir,
    synchronous: 'NORMAL',
    apiKey: key.record,
  });
  try {
    await writeLedgerTemplate(`http://127.0.0.1:${server.port}`, authorization(key));
  } finally {
    await server.stop();
  }
}

/** Where a run's server keeps its log when not in dataDir, and what it must hold before the load. */
export interface RunStore {
  readonly esdbConnectionString?: string;
  /** Writes what the load needs (the agreements) through the server just started. */
  readonly prepare?: (url: string, headers: Record<string, string>) => Promise<void>;
}

/** One server under load: which, at what durability, on which data (and store). */
export interface RunTarget {
  readonly kind: ServerKind;
  readonly synchronous: 'FULL' | 'NORMAL';
  readonly dataDir: string;
  readonly store?: RunStore;
}

export async function oneRun(
  { kind, synchronous, dataDir, store = {} }: RunTarget,
  key: Key,
  options: HttpOptions,
): Promise<LoadResult & { serverCpuMsPerCommand: number }> {
  const label = `http-${kind}-${synchronous}${store.esdbConnectionString ? '-esdb' : ''}`;
  const where = store.esdbConnectionString
    ? { esdbConnectionString: store.esdbConnectionString }
    : {};
  const server = await startServer(
    SERVER_WORKER[kind],
    { dataDir, synchronous, apiKey: key.record, ...where },
    options.profileDir ? { profileDir: options.profileDir, label } : {},
  );
  try {
    await store.prepare?.(`http://127.0.0.1:${server.port}`, authorization(key));
    const load = {
      url: `http://127.0.0.1:${server.port}`,
      connections: options.connections,
      headers: authorization(key),
      warmupSec: 0,
    };
    await runWorker<LoadResult>('bench/http/load-worker.ts', {
      ...load,
      durationSec: options.warmupSec,
    } satisfies LoadInput);
    const cpuBefore = await server.cpuMs();
    const result = await runWorker<LoadResult>('bench/http/load-worker.ts', {
      ...load,
      durationSec: options.durationSec,
    } satisfies LoadInput);
    return {
      ...result,
      serverCpuMsPerCommand: ((await server.cpuMs()) - cpuBefore) / Math.max(1, result.ok),
    };
  } finally {
    await server.stop();
  }
}

/**
 * Runs of the ledger and the baseline alternate, each on a fresh copy of the same log; then reads
 * by process count (LEDGER_WORKERS) on the same template.
 */
export async function measureHttp(options: HttpOptions): Promise<Section[]> {
  const work = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const rate = new Series();
  const p50 = new Series();
  const p99 = new Series();
  const cpu = new Series();
  const failures: string[] = [];
  try {
    const template = join(work, 'template');
    const key = newApiKey('bench-recorder', ['recorder']);
    await prepareTemplate(template, key);
    for (let run = 0; run < options.runs; run++) {
      for (const synchronous of options.durabilities) {
        for (const kind of ['ledger', 'baseline'] as const) {
          const dataDir = freshDataDir(template, join(work, `${kind}-${synchronous}-${run}`));
          const result = await oneRun({ kind, synchronous, dataDir }, key, options);
          const series = `${kind}:${synchronous}`;
          rate.add(series, result.commandsPerSecond);
          p50.add(series, result.p50Ms);
          p99.add(series, result.p99Ms);
          cpu.add(series, result.serverCpuMsPerCommand * 1000);
          if (result.non2xx + result.errors > 0)
            failures.push(
              `${series} run ${run + 1}: ${result.non2xx} non-2xx, ${result.errors} errors (${JSON.stringify(result.statusCodes)})`,
            );
          options.log(
            `  http ${series} run ${run + 1}: ${Math.round(result.commandsPerSecond)} commands/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, status ${JSON.stringify(result.statusCodes)}, errors ${result.errors}`,
          );
        }
      }
    }
    const reads = await measureReadsByProcesses(template, work, {
      ...options,
      runs: Math.min(options.runs, 3),
    });
    return [httpSection(options, { rate, p50, p99, cpu }, failures), reads];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function httpSection(
  options: HttpOptions,
  series: { rate: Series; p50: Series; p99: Series; cpu: Series },
  failures: string[],
): Section {
  const rows: string[][] = [];
  const goals: GoalResult[] = [];
  for (const synchronous of options.durabilities) {
    const ours = series.rate.spread(`ledger:${synchronous}`);
    const baseline = series.rate.spread(`baseline:${synchronous}`);
    const oursP99 = series.p99.spread(`ledger:${synchronous}`);
    const r = ratio(ours, baseline);
    const cpuOf = (kind: string): string =>
      formatSpread(series.cpu.spread(`${kind}:${synchronous}`));
    rows.push([
      `ledger (Nest + CommandBus + decide + append), synchronous=${synchronous}`,
      formatSpread(ours),
      formatSpread(series.p50.spread(`ledger:${synchronous}`)),
      formatSpread(oursP99),
      cpuOf('ledger'),
      formatRatio(r),
    ]);
    rows.push([
      `baseline: Nest + Fastify + ValidationPipe + group-commit insert, synchronous=${synchronous}`,
      formatSpread(baseline),
      formatSpread(series.p50.spread(`baseline:${synchronous}`)),
      formatSpread(series.p99.spread(`baseline:${synchronous}`)),
      cpuOf('baseline'),
      '1.00×',
    ]);
    goals.push({
      goal: `HTTP commands/s vs Nest + ValidationPipe + group commit (${synchronous})`,
      target: '≥ 0.5×',
      measured: formatRatio(r),
      met: r >= 0.5,
    });
    goals.push({
      goal: `HTTP p99 latency at ${options.connections} connections (${synchronous})`,
      target: '≤ 30 ms',
      measured: `${formatSpread(oursP99)} ms`,
      met: oursP99.median <= 30,
    });
  }
  return {
    title: `HTTP commands at ${options.connections} connections`,
    method: [
      `POST /agreements/:id/transfers (ReportTransfer) with a recorder's API key, round robin over 500 signed agreements, ${options.connections} connections, autocannon on 127.0.0.1 in its own process (the server in another),`,
      `${options.warmupSec} s warm-up (a separate load run) then ${options.durationSec} s measured, ${options.runs} runs each, a fresh copy of the same log per run. Commands/s counts 2xx answers only.`,
      "The ledger runs as `npm start` does (API keys checked, per-key rate limit set out of reach; hash chain, idempotency, inline projections and the checkpointer on). The baseline is what a user would write for this endpoint on the same stack: Nest on Fastify (the same versions), a global ValidationPipe over the same DTO class (the ledger pipe's options), and a durable insert of the same event row into the same table with group commit (the inserts of one event-loop turn in one transaction, one fsync per batch); no stream read, no decider, no hash chain, no projections, no key check.",
      'Server CPU per command (user + system time of the server process over the measured window, divided by the 2xx answers) does not depend on what else the machine runs.',
      'With synchronous=FULL both share one fsync among the appends of a turn; synchronous=NORMAL (no fsync per commit) removes the disk from both.',
    ].join(' '),
    header: [
      'server',
      'commands/s',
      'p50 ms',
      'p99 ms',
      'server CPU µs per command',
      'ratio to baseline (commands/s)',
    ],
    rows,
    goals,
    notes: failures.length > 0 ? [`Failed requests: ${failures.join('; ')}`] : [],
  };
}
