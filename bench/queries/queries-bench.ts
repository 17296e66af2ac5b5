import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { currentGeneration } from '@ledger/projections';
import { newApiKey } from '../../apps/ledger-api/src/auth';
import { type LoadInput, type LoadResult } from '../http/load-worker';
import { runWorker, type ServerHandle, startServer } from '../lib/child';
import { formatRatio, type GoalResult, ratio, type Section, Series } from '../lib/report';
import { formatNumber, formatSpread } from '../lib/stats';
import { benchDataDir, ensureLog } from '../log/generate-log';
import { headOf, pickTargets, type QueryRoute, queryRoutes, sizeOf } from './query-targets';
import { breakdownOf } from './storage-breakdown';

export interface QueriesOptions {
  readonly events: number;
  readonly runs: number;
  readonly connections: number;
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly log: (line: string) => void;
}

/** Agreements (and their first claims) the load goes round. */
const TARGETS = 40;

interface Storage {
  readonly events: number;
  readonly logBytes: number;
  readonly liveBytes: number;
  readonly walBytes: number;
  readonly restBytes: number;
  /** Each table's and index's bytes at rest (SQLite's dbstat), largest first. */
  readonly objects: readonly { readonly name: string; readonly bytes: number }[];
}

/** Polls the ledger until its read models hold `head` (each poll waits up to LEDGER_QUERY_WAIT_MS). */
async function caughtUp(url: string, headers: Record<string, string>, head: number): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const response = await fetch(`${url}/agreements?limit=1&minPosition=${head}`, { headers });
    await response.arrayBuffer();
    if (response.status === 200) return;
    if (response.status !== 503) throw new Error(`waiting for the read models: ${response.status}`);
  }
  throw new Error(`the read models did not reach position ${head}`);
}

/**
 * Waits until the server is idle (under 10 % of a core over half a second): after catching up,
 * the inline checkpointer still reads the whole generated log once to sign its first checkpoint,
 * which would otherwise land in the first route's figures.
 */
async function idle(server: ServerHandle): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const before = await server.cpuMs();
    await new Promise((resolve) => setTimeout(resolve, 500));
    if ((await server.cpuMs()) - before < 50) return;
  }
}

const loadInput = (
  server: ServerHandle,
  paths: readonly string[],
  headers: Record<string, string>,
  options: QueriesOptions,
  durationSec: number,
): LoadInput => ({
  url: `http://127.0.0.1:${server.port}`,
  connections: options.connections,
  warmupSec: 0,
  durationSec,
  headers,
  gets: paths,
});

/** Warms a server up once per run with every route's paths in turn (one load process, not one per route). */
async function warmUp(
  server: ServerHandle,
  routes: readonly QueryRoute[],
  headers: Record<string, string>,
  options: QueriesOptions,
): Promise<void> {
  const paths = routes.flatMap((r) => r.paths);
  await runWorker<LoadResult>(
    'bench/http/load-worker.ts',
    loadInput(server, paths, headers, options, options.warmupSec),
  );
}

/** One measured run of a route; the server's CPU per 2xx answer over it. */
async function load(
  server: ServerHandle,
  route: QueryRoute,
  headers: Record<string, string>,
  options: QueriesOptions,
): Promise<LoadResult & { cpuUsPerRequest: number }> {
  const cpuBefore = await server.cpuMs();
  const result = await runWorker<LoadResult>(
    'bench/http/load-worker.ts',
    loadInput(server, route.paths, headers, options, options.durationSec),
  );
  const cpuMs = (await server.cpuMs()) - cpuBefore;
  return { ...result, cpuUsPerRequest: (cpuMs * 1000) / Math.max(1, result.ok) };
}

/**
 * The read path: the ledger's query routes against a bare Fastify route running the equivalent
 * SELECTs on the very same read-models file, and a static answer (the platform's ceiling).
 * Routes and servers interleave within each run; every figure is the median of the runs.
 */
export async function measureQueries(options: QueriesOptions): Promise<Section[]> {
  const log = await ensureLog(options.events, options.log);
  const work = mkdtempSync(join(benchDataDir(), 'queries-'));
  const key = newApiKey('bench-analyst', ['analyst', 'auditor']);
  const headers = { authorization: `Bearer ${key.token}` };
  const rate = new Series();
  const p99 = new Series();
  const cpu = new Series();
  const failures: string[] = [];
  try {
    copyFileSync(log.file, join(work, 'ledger.db'));
    const head = headOf(log.file);
    const ledger = await startServer('bench/http/ledger-server.ts', {
      dataDir: work,
      synchronous: 'NORMAL',
      apiKey: key.record,
    });
    let storage: Storage;
    let routes: QueryRoute[];
    const readModels = (): string => join(work, currentGeneration(work));
    try {
      const started = performance.now();
      await caughtUp(`http://127.0.0.1:${ledger.port}`, headers, head);
      await idle(ledger);
      options.log(
        `  projected ${head} events and settled in ${Math.round(performance.now() - started)} ms`,
      );
      const live = { liveBytes: sizeOf(readModels()), walBytes: sizeOf(`${readModels()}-wal`) };
      routes = queryRoutes(pickTargets(readModels(), head, TARGETS));
      const bare = await startServer('bench/queries/bare-query-server.ts', {
        readModelFile: readModels(),
      });
      try {
        for (let run = 0; run < options.runs; run++) {
          await warmUp(ledger, routes, headers, options);
          await warmUp(bare, [...routes, { name: 'static', paths: ['/static'] }], headers, options);
          for (const route of routes) {
            for (const [kind, server] of [
              ['ledger', ledger],
              ['bare', bare],
            ] as const) {
              const result = await load(server, route, headers, options);
              rate.add(`${kind}:${route.name}`, result.commandsPerSecond);
              p99.add(`${kind}:${route.name}`, result.p99Ms);
              cpu.add(`${kind}:${route.name}`, result.cpuUsPerRequest);
              if (result.non2xx + result.errors > 0)
                failures.push(
                  `${kind} ${route.name} run ${run + 1}: ${JSON.stringify(result.statusCodes)}, ${result.errors} errors`,
                );
              options.log(
                `  ${kind} ${route.name} run ${run + 1}: ${Math.round(result.commandsPerSecond)}/s, p99 ${result.p99Ms} ms, ${Math.round(result.cpuUsPerRequest)} µs CPU per answer`,
              );
            }
          }
          const ceiling = await load(bare, { name: 'static', paths: ['/static'] }, {}, options);
          rate.add('static', ceiling.commandsPerSecond);
          p99.add('static', ceiling.p99Ms);
          cpu.add('static', ceiling.cpuUsPerRequest);
          options.log(
            `  static ceiling run ${run + 1}: ${Math.round(ceiling.commandsPerSecond)}/s`,
          );
        }
      } finally {
        await bare.stop();
      }
      storage = {
        events: log.events,
        logBytes: sizeOf(log.file),
        restBytes: 0,
        objects: [],
        ...live,
      };
    } finally {
      await ledger.stop();
    }
    storage = { ...storage, restBytes: sizeOf(readModels()), objects: breakdownOf(readModels()) };
    return [querySection(options, routes, { rate, p99, cpu }, failures), storageSection(storage)];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function querySection(
  options: QueriesOptions,
  routes: readonly QueryRoute[],
  series: { rate: Series; p99: Series; cpu: Series },
  failures: string[],
): Section {
  const rows: string[][] = [];
  const goals: GoalResult[] = [];
  for (const route of routes) {
    const ours = series.rate.spread(`ledger:${route.name}`);
    const bare = series.rate.spread(`bare:${route.name}`);
    const oursP99 = series.p99.spread(`ledger:${route.name}`);
    const r = ratio(ours, bare);
    const oursCpu = series.cpu.spread(`ledger:${route.name}`);
    const bareCpu = series.cpu.spread(`bare:${route.name}`);
    rows.push([
      route.name,
      formatSpread(ours),
      formatSpread(oursP99),
      formatSpread(oursCpu),
      formatSpread(bare),
      formatSpread(series.p99.spread(`bare:${route.name}`)),
      formatSpread(bareCpu),
      formatRatio(r),
      formatRatio(bareCpu.median / oursCpu.median),
    ]);
    goals.push({
      goal: `${route.name}: req/s vs the bare SELECT, p99`,
      target: '≥ 0.7×, ≤ 30 ms',
      measured: `${formatRatio(r)}, ${formatSpread(oursP99)} ms`,
      met: r >= 0.7 && oursP99.median <= 30,
    });
  }
  const ceiling = series.rate.spread('static');
  rows.push([
    'static ceiling: GET /static, a fixed JSON (bare Fastify)',
    '',
    '',
    '',
    formatSpread(ceiling),
    formatSpread(series.p99.spread('static')),
    formatSpread(series.cpu.spread('static')),
    '',
    '',
  ]);
  return {
    title: `Queries at ${options.connections} connections`,
    method: [
      `The ledger (as \`npm start\` runs it, an analyst+auditor key, read models projected inline from a generated log of ${options.events.toLocaleString('en-US')} events) against a bare Fastify server running the equivalent SELECTs (prepared once, the same indexes) on the same read-models file and answering the rows as JSON (no keys, no validation, no views, no totals arithmetic).`,
      `Each route goes round ${TARGETS} agreements (or their first claims), current and as of the middle of the log; autocannon in its own process, ${options.connections} connections, each server warmed up for ${options.warmupSec} s per run over every route, then ${options.durationSec} s measured per route, ${options.runs} runs, servers and routes interleaved. Requests/s count 2xx answers; no If-None-Match is sent, so no answer is a 304. Server CPU per answer (user + system time of the server process over the measured run, per 2xx answer) does not depend on what else the machine runs; its ratio (bare ÷ ledger) is the figure to trust on a busy machine.`,
    ].join(' '),
    header: [
      'route',
      'ledger req/s',
      'ledger p99 ms',
      'ledger CPU µs/answer',
      'bare SELECT req/s',
      'bare p99 ms',
      'bare CPU µs/answer',
      'ratio (req/s)',
      'ratio (CPU)',
    ],
    rows,
    goals,
    notes: failures.length > 0 ? [`Failed requests: ${failures.join('; ')}`] : [],
  };
}

function storageSection(s: Storage): Section {
  const perEvent = (bytes: number): string => formatNumber(bytes / s.events);
  const atRest = s.restBytes / s.events;
  return {
    title: 'Storage per event',
    method: `Sizes of the files of the query benchmark's data directory (${s.events.toLocaleString('en-US')} events): the log (SQLite store, at rest), the read models while the ledger runs (main file and WAL) and after it closed (at rest: SQLite checkpoints the WAL into the main file on close; no VACUUM, so pages split by the live projection count as a running server has them).`,
    header: ['file', 'bytes', 'bytes per event'],
    rows: [
      ['event log (ledger.db)', formatNumber(s.logBytes), perEvent(s.logBytes)],
      ['read models, live: main file', formatNumber(s.liveBytes), perEvent(s.liveBytes)],
      ['read models, live: WAL', formatNumber(s.walBytes), perEvent(s.walBytes)],
      ['read models, at rest', formatNumber(s.restBytes), perEvent(s.restBytes)],
    ],
    notes: [
      `Largest tables and indexes of the read models at rest, bytes per event (dbstat): ${s.objects
        .slice(0, 8)
        .map((o) => `${o.name} ${formatNumber(o.bytes / s.events)}`)
        .join(', ')}.`,
    ],
    goals: [
      {
        goal: 'read models at rest, bytes per event (half of 1.6–1.8 KB)',
        target: '≤ 850 B',
        measured: `${formatNumber(atRest)} B`,
        met: atRest <= 850,
      },
    ],
  };
}
