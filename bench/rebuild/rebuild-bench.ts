import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type AsOfInput, type AsOfResult } from '../as-of/as-of-worker';
import { runWorker } from '../lib/child';
import { formatRatio, type GoalResult, ratio, type Section, Series } from '../lib/report';
import { formatNumber, formatSpread, latencySummary, spreadOf } from '../lib/stats';
import { benchDataDir, ensureLog, type GeneratedLog } from '../log/generate-log';
import { type RebuildInput, type RebuildResult } from './rebuild-worker';

export interface LogOptions {
  readonly events: number;
  readonly runs: number;
  readonly asOfPoints: readonly number[];
  readonly asOfQueries: number;
  readonly replayPoints: readonly number[];
  readonly profileDir?: string;
  readonly log: (line: string) => void;
}

/** Rebuild runs (ours and the bare fold interleaved), then as-of queries on the last rebuild's read models. */
export async function measureLogWork(options: LogOptions): Promise<Section[]> {
  const log = await ensureLog(options.events, options.log);
  if (log.generatedInMs !== null)
    options.log(
      `  generated ${log.events} events (${log.agreements} agreements) in ${Math.round(log.generatedInMs / 1000)} s`,
    );
  const series = new Series();
  let kept: { dir: string; file: string } | undefined;
  try {
    for (let run = 0; run < options.runs; run++) {
      for (const kind of ['ledger', 'bare'] as const) {
        const dataDir = mkdtempSync(join(benchDataDir(), 'rebuild-'));
        const input: RebuildInput = { kind, logFile: log.file, dataDir };
        const profile =
          options.profileDir && kind === 'ledger'
            ? { profileDir: options.profileDir, label: 'rebuild' }
            : {};
        const result = await runWorker<RebuildResult>(
          'bench/rebuild/rebuild-worker.ts',
          input,
          profile,
        );
        series.add(kind, result.eventsPerSecond);
        series.add(`${kind}:cpu`, result.eventsPerCpuSecond);
        options.log(
          `  rebuild ${kind} run ${run + 1}: ${Math.round(result.eventsPerSecond)} events/s (${result.events} events, ${Math.round(result.elapsedMs / 1000)} s)`,
        );
        if (result.generation !== undefined)
          await measureWriteFloor(log, join(dataDir, result.generation), series, options);
        // The last ledger rebuild's read models stay for the as-of queries; everything else goes.
        if (result.generation === undefined) {
          rmSync(dataDir, { recursive: true, force: true });
        } else {
          if (kept) rmSync(kept.dir, { recursive: true, force: true });
          kept = { dir: dataDir, file: join(dataDir, result.generation) };
        }
      }
    }
    if (!kept) throw new Error('no rebuild left read models to query');
    const input: AsOfInput = {
      logFile: log.file,
      readModelFile: kept.file,
      points: options.asOfPoints,
      queriesPerPoint: options.asOfQueries,
      replayPoints: options.replayPoints,
    };
    const asOf = await runWorker<AsOfResult>(
      'bench/as-of/as-of-worker.ts',
      input,
      options.profileDir ? { profileDir: options.profileDir, label: 'as-of' } : {},
    );
    return [rebuildSection(options, log, series), asOfSection(options, log, asOf)];
  } finally {
    if (kept) rmSync(kept.dir, { recursive: true, force: true });
  }
}

/** Copies the rows a rebuild wrote into empty tables: the cost of writing them, without projecting. */
async function measureWriteFloor(
  log: GeneratedLog,
  readModelFile: string,
  series: Series,
  options: LogOptions,
): Promise<void> {
  const dataDir = mkdtempSync(join(benchDataDir(), 'write-floor-'));
  try {
    for (const kind of ['write-floor', 'row-floor'] as const) {
      const input: RebuildInput = { kind, logFile: log.file, dataDir, readModelFile };
      const result = await runWorker<RebuildResult>('bench/rebuild/rebuild-worker.ts', input);
      series.add(kind, result.eventsPerSecond);
      series.add(`${kind}:cpu`, result.eventsPerCpuSecond);
      options.log(
        `  rebuild ${kind}: ${Math.round(result.eventsPerSecond)} events/s (${Math.round(result.elapsedMs / 1000)} s)`,
      );
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function rebuildSection(options: LogOptions, log: GeneratedLog, series: Series): Section {
  const ours = series.spread('ledger');
  const bare = series.spread('bare');
  const r = ratio(ours, bare);
  const bareCpu = series.spread('bare:cpu');
  const row = (label: string, key: string): string[] => {
    const wall = series.spread(key);
    const cpu = series.spread(`${key}:cpu`);
    return [
      label,
      formatSpread(wall),
      formatRatio(ratio(wall, bare)),
      formatSpread(cpu),
      formatRatio(ratio(cpu, bareCpu)),
    ];
  };
  return {
    title: `Projection rebuild of ${formatNumber(log.events)} events`,
    method: [
      `A generated log of ${formatNumber(log.events)} events (${formatNumber(log.agreements)} agreements entered by 32 desks at once through the real deciders: reports by several sources per phase, revisions, retractions, corroborations, disputes, framings, offers; cached under ${benchDataDir()} by generator version).`,
      '**ledger**: rebuildReadModels (the log read in pages of 1,000 with readAll, each page projected in one transaction into a new read-model generation: temporal tables, one row version per change, written without journal or fsync and indexed after the load, then made durable and swapped in).',
      '**bare fold**: better-sqlite3 iterating the same file in position order, JSON.parse of data and metadata, a trivial fold into Maps (events per stream and type, reported quantities per agreement); nothing written.',
      '**writing the same rows only**: the rows a rebuild wrote, copied table by table into empty tables of the same schema and indexes in one transaction: what writing these read models costs with no projection logic at all. SQLite copies whole b-tree records here (its transfer optimisation), which no writer that produces rows can do.',
      '**inserting the same rows one by one**: the same rows inserted one statement per row in the order a rebuild writes them (with their rowids and final valid_to) into a file without journal or fsync and with only the primary keys, then the other indexes built; the rows are read a window of 20,000 positions at a time, outside the time measured: the floor under any rebuild that writes rows, as this one does.',
      `${options.runs} run(s) each, interleaved, each in a fresh process. Events per CPU-second divide by the CPU time the process used (each runs on one thread), which other work on the machine barely changes.`,
    ].join(' '),
    header: ['', 'events/s', 'ratio to bare fold', 'events per CPU-second', 'ratio (CPU)'],
    rows: [
      row('ledger rebuild (read models written)', 'ledger'),
      row('bare read + JSON.parse + fold', 'bare'),
      row('writing the same rows only (INSERT … SELECT from a finished rebuild)', 'write-floor'),
      row(
        'inserting the same rows one by one (prepared INSERT per row, indexes after)',
        'row-floor',
      ),
    ],
    goals: [
      {
        goal: 'rebuild events/s vs the bare fold',
        target: '≥ 0.7×',
        measured: formatRatio(r),
        met: r >= 0.7,
      },
    ],
  };
}

function asOfSection(options: LogOptions, log: GeneratedLog, result: AsOfResult): Section {
  const rows = result.points.map((point) => {
    const summary = latencySummary(point.latenciesMs);
    const replay = result.replays.find((x) => x.fraction === point.fraction);
    return [
      `${Math.round(point.fraction * 100)} % (position ${formatNumber(point.position)})`,
      formatNumber(summary.p50),
      formatNumber(summary.p99),
      replay ? formatNumber(replay.ms) : 'not run',
      replay ? `${formatNumber(replay.ms / summary.p50)}×` : '',
    ];
  });
  const all = result.points.flatMap((p) => p.latenciesMs);
  const overall = latencySummary(all);
  const worstP50 = spreadOf(result.points.map((p) => latencySummary(p.latenciesMs).p50)).max;
  const goals: GoalResult[] = [
    {
      goal: 'as-of query p50 (worst point)',
      target: '≤ 100 ms',
      measured: `${formatNumber(worstP50)} ms (p99 over all points ${formatNumber(overall.p99)} ms)`,
      met: worstP50 <= 100,
    },
  ];
  return {
    title: `As-of queries on the ${formatNumber(log.events)}-event log`,
    method: [
      `On the read models of the last rebuild (opened read-only), ${options.asOfQueries} questions at each point, each about an agreement picked at random among those signed by then: the agreement with its counts, its totals per claimant, its open discrepancies and its first 50 claims, as of position P, in one read transaction.`,
      'The naive alternative is a full replay up to P: read the log up to P and project it into fresh in-memory read models, then ask the same question; it is slow, so it runs once per point, at fewer points.',
    ].join(' '),
    header: ['as of', 'p50 ms', 'p99 ms', 'full replay ms (1 run)', 'replay / as-of p50'],
    rows,
    goals,
  };
}
