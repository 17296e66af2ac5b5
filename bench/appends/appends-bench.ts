import { runWorker } from '../lib/child';
import { formatRatio, type GoalResult, ratio, type Section, Series } from '../lib/report';
import { formatSpread } from '../lib/stats';
import { type AppendSystemName } from './append-systems';
import { type AppendRunInput, type AppendRunResult } from './append-worker';

export interface AppendsOptions {
  readonly runs: number;
  readonly writers: readonly number[];
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly systems: readonly AppendSystemName[];
  readonly profileDir?: string;
  readonly log: (line: string) => void;
}

const NAMES: Record<AppendSystemName, string> = {
  ledger: 'ledger (embedded store)',
  raw: 'raw better-sqlite3',
  emmett: 'emmett-sqlite',
  esdb: 'ledger (EventStoreDB adapter, wire double)',
};

export async function measureAppends(options: AppendsOptions): Promise<Section> {
  const { series, emmettRetries } = await runAppends(options);
  return appendsSection(options, series, emmettRetries);
}

/**
 * Each run measures every system at every concurrency, interleaved, each in a fresh process and
 * file; the series are named `<system>:<writers>`.
 */
export async function runAppends(
  options: AppendsOptions,
): Promise<{ series: Series; emmettRetries: number }> {
  const series = new Series();
  let emmettRetries = 0;
  for (let run = 0; run < options.runs; run++) {
    for (const writers of options.writers) {
      for (const system of options.systems) {
        const input: AppendRunInput = {
          system,
          writers,
          durationMs: options.durationMs,
          warmupMs: options.warmupMs,
        };
        const profile =
          options.profileDir && system === 'ledger'
            ? { profileDir: options.profileDir, label: `appends-${system}-${writers}` }
            : {};
        const result = await runWorker<AppendRunResult>(
          'bench/appends/append-worker.ts',
          input,
          profile,
        );
        series.add(`${system}:${writers}`, result.appendsPerSecond);
        if (system === 'emmett') emmettRetries += result.retries;
        options.log(
          `  appends ${system} ×${writers} run ${run + 1}: ${Math.round(result.appendsPerSecond)}/s`,
        );
      }
    }
  }
  return { series, emmettRetries };
}

function appendsSection(options: AppendsOptions, series: Series, emmettRetries: number): Section {
  const has = (system: AppendSystemName): boolean => options.systems.includes(system);
  const rows: string[][] = [];
  const goals: GoalResult[] = [];
  for (const writers of options.writers) {
    const ours = series.spread(`ledger:${writers}`);
    const raw = series.spread(`raw:${writers}`);
    const emmett = series.spread(`emmett:${writers}`);
    const toRaw = ratio(ours, raw);
    const toEmmett = has('emmett') ? ratio(ours, emmett) : Number.NaN;
    rows.push([
      String(writers),
      formatSpread(ours),
      formatSpread(raw),
      has('emmett') ? formatSpread(emmett) : 'not run',
      formatRatio(toRaw),
      formatRatio(toEmmett),
    ]);
    goals.push({
      goal: `appends/s, ${writers} writer${writers > 1 ? 's' : ''}, vs raw better-sqlite3`,
      target: '≥ 0.9×',
      measured: formatRatio(toRaw),
      met: toRaw >= 0.9,
    });
    goals.push({
      goal: `appends/s, ${writers} writer${writers > 1 ? 's' : ''}, vs emmett-sqlite`,
      target: '≥ 2×',
      measured: has('emmett') ? formatRatio(toEmmett) : 'not run (baseline not installed)',
      met: has('emmett') ? toEmmett >= 2 : undefined,
    });
  }
  return {
    title: 'Durable appends',
    method: [
      `Each writer appends one event at a time to its own stream and waits until it is durable; ${options.durationMs / 1000} s measured after ${options.warmupMs / 1000} s of warm-up, ${options.runs} run(s), every run in a fresh process and a fresh file.`,
      "The event is the founding article's TransferReported (1,245 bodies) with the metadata the command path writes, about 1 KB of JSON.",
      `**${NAMES.ledger}**: createSqliteEventStore through the port (validation, exact expected revision, idempotency check by event id), WAL + synchronous=FULL, group commit (the appends of one event-loop turn share one transaction and one fsync).`,
      `**${NAMES.raw}**: what a user would write: the same table, indexes and row, one BEGIN IMMEDIATE … COMMIT per append on one connection, WAL + synchronous=FULL (one fsync per append); concurrent writers take turns, as better-sqlite3 is synchronous.`,
      `**${NAMES.emmett}** 0.38.5 (node-sqlite3, WAL, synchronous=FULL by default): appendToStream with the expected stream version; it opens a connection per append and fails with concurrent appends (SQLITE_MISUSE on one store, SQLITE_BUSY with a store per writer), so its writers queue on one store.`,
    ].join(' '),
    header: [
      'writers',
      `${NAMES.ledger} appends/s`,
      `${NAMES.raw} appends/s`,
      `${NAMES.emmett} appends/s`,
      'ratio to raw',
      'ratio to emmett',
    ],
    rows,
    goals,
    notes: has('emmett')
      ? [
          `emmett-sqlite appends that failed at COMMIT with SQLITE_BUSY and were tried again (not counted as appends): ${emmettRetries} in this run.`,
        ]
      : [],
  };
}
