import { join } from 'node:path';
import { ROOT } from './child';

export type Part = 'appends' | 'http' | 'log' | 'sse' | 'esdb' | 'queries' | 'growth';
export const PARTS: readonly Part[] = [
  'appends',
  'http',
  'log',
  'sse',
  'esdb',
  'queries',
  'growth',
];

export interface BenchOptions {
  readonly quick: boolean;
  readonly parts: readonly Part[];
  readonly out: string;
  readonly profileDir: string | undefined;
  readonly runs: number;
  readonly appends: { durationMs: number; warmupMs: number; writers: number[] };
  readonly http: {
    runs: number;
    connections: number;
    durationSec: number;
    warmupSec: number;
    durabilities: ('FULL' | 'NORMAL')[];
  };
  readonly log: {
    events: number;
    runs: number;
    asOfPoints: number[];
    asOfQueries: number;
    replayPoints: number[];
  };
  readonly sseRuns: number;
  readonly queries: { events: number; runs: number; durationSec: number; warmupSec: number };
}

export const USAGE = `npm run bench [-- --quick] [--only appends,http,log,sse,esdb,queries,growth] [--runs N] [--events N] [--connections N] [--profile] [--out FILE]
  --quick    fewer runs and smaller sizes (about 2 minutes); writes reports/BENCHMARKS-quick.md
  --only     run some parts: appends, http, log (rebuild + as-of), sse, esdb (EventStoreDB adapter),
             queries (read routes vs a bare SELECT, storage per event),
             growth (command cost at 1k/10k/100k events in one agreement)
  --runs N   runs per figure (default 5, quick 1)
  --events N size of the generated log for rebuild and as-of (default 1,000,000, quick 10,000)
  --connections N  HTTP connections the load generator keeps open (default 50)
  --profile  node --cpu-prof of every ledger process, into reports/bench-profiles/
  --out FILE where to write the report (default docs/BENCHMARKS.md)`;

function valueOf(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--'))
    throw new Error(`${name} needs a value\n${USAGE}`);
  return value;
}

function partsOf(raw: string | undefined): Part[] {
  if (raw === undefined) return [...PARTS];
  const parts = raw.split(',').map((p) => p.trim());
  const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length > 0)
    throw new Error(`unknown part(s) ${unknown.join(', ')}: choose from ${PARTS.join(', ')}`);
  return parts as Part[];
}

/** How long and how big each part runs: --quick fits in about two minutes, a full run in well under thirty on a quiet machine. */
function sizesFor(
  quick: boolean,
  runs: number,
): Pick<BenchOptions, 'appends' | 'http' | 'log' | 'sseRuns' | 'queries'> {
  if (quick) {
    return {
      appends: { durationMs: 1000, warmupMs: 200, writers: [1, 10, 50] },
      http: { runs, connections: 50, durationSec: 3, warmupSec: 1, durabilities: ['FULL'] },
      log: {
        events: 10_000,
        runs,
        asOfPoints: [0.25, 0.5, 1],
        asOfQueries: 30,
        replayPoints: [0.5],
      },
      sseRuns: 1,
      queries: { events: 10_000, runs: 1, durationSec: 1, warmupSec: 1 },
    };
  }
  return {
    appends: { durationMs: 3000, warmupMs: 500, writers: [1, 10, 50] },
    http: { runs, connections: 50, durationSec: 8, warmupSec: 2, durabilities: ['FULL', 'NORMAL'] },
    log: {
      events: 1_000_000,
      runs: Math.min(runs, 3),
      asOfPoints: [0.1, 0.25, 0.5, 0.75, 1],
      asOfQueries: 200,
      replayPoints: [0.1, 0.25],
    },
    sseRuns: Math.min(runs, 3),
    queries: { events: 20_000, runs: Math.min(runs, 3), durationSec: 3, warmupSec: 3 },
  };
}

function withEvents<T extends { log: BenchOptions['log'] }>(sizes: T, raw: string | undefined): T {
  if (raw === undefined) return sizes;
  const events = Number(raw);
  if (!Number.isInteger(events) || events < 1000 || events > 10_000_000)
    throw new Error('--events must be a whole number from 1,000 to 10,000,000');
  return { ...sizes, log: { ...sizes.log, events } };
}

function withConnections<T extends { http: BenchOptions['http'] }>(
  sizes: T,
  raw: string | undefined,
): T {
  if (raw === undefined) return sizes;
  const connections = Number(raw);
  if (!Number.isInteger(connections) || connections < 1 || connections > 1000)
    throw new Error('--connections must be a whole number from 1 to 1,000');
  return { ...sizes, http: { ...sizes.http, connections } };
}

function runsOf(raw: string | undefined, quick: boolean): number {
  const runs = raw === undefined ? (quick ? 1 : 5) : Number(raw);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50)
    throw new Error('--runs must be a whole number from 1 to 50');
  return runs;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const withValue = ['--only', '--runs', '--out', '--events', '--connections'];
  const known = new Set([...withValue, '--quick', '--profile']);
  const stray = argv.filter(
    (a, i) => a.startsWith('--') && !known.has(a) && !withValue.includes(argv[i - 1] ?? ''),
  );
  if (stray.length > 0) throw new Error(`unknown option ${stray.join(' ')}\n${USAGE}`);
  const quick = argv.includes('--quick');
  const runs = runsOf(valueOf(argv, '--runs'), quick);
  return {
    quick,
    parts: partsOf(valueOf(argv, '--only')),
    out:
      valueOf(argv, '--out') ??
      join(ROOT, quick ? 'reports/BENCHMARKS-quick.md' : 'docs/BENCHMARKS.md'),
    profileDir: argv.includes('--profile') ? join(ROOT, 'reports', 'bench-profiles') : undefined,
    runs,
    ...withConnections(
      withEvents(sizesFor(quick, runs), valueOf(argv, '--events')),
      valueOf(argv, '--connections'),
    ),
  };
}
