import { type WorkerOptions, runWorker } from '../lib/child';
import { formatNumber, type Section } from '../lib/report';
import { allCases, type GrowthFigure, type GrowthInput } from './growth-cases';

/**
 * The growth curve: what a command costs as its agreement's stream grows (issue 18, goal 4).
 * One fresh process per stream length (bench/growth/growth-worker.ts).
 */

export interface GrowthOptions {
  readonly quick: boolean;
  readonly log: (line: string) => void;
  readonly profileDir?: string;
}

/** The goal: at the longest stream a command costs at most this much more CPU than at the shortest. */
export const GROWTH_LIMIT = 1.5;

function sizesFor(quick: boolean): { events: number[]; commands: number } {
  return quick
    ? { events: [1_000, 10_000], commands: 10 }
    : { events: [1_000, 10_000, 100_000], commands: 30 };
}

const caseName = (f: GrowthFigure): string =>
  `${f.shape}, ${f.writers} writer${f.writers > 1 ? 's' : ''}, ${f.keyed ? 'keyed' : 'no key'}`;

function cell(figure: GrowthFigure | undefined): string {
  if (figure === undefined) return 'n/a';
  return `${formatNumber(figure.commandsPerSec)}/s, ${formatNumber(figure.cpuMicrosPerCommand)} µs, ${(figure.conflictRate * 100).toFixed(0)} % 409`;
}

export async function measureGrowth(options: GrowthOptions): Promise<Section> {
  const { events, commands } = sizesFor(options.quick);
  const figures: GrowthFigure[] = [];
  for (const size of events) {
    options.log(`  growth: ${size.toLocaleString('en-US')} events in one agreement`);
    const input: GrowthInput = { events: size, commands, cases: allCases() };
    const worker: WorkerOptions = options.profileDir
      ? { profileDir: options.profileDir, label: `growth-${size}` }
      : {};
    figures.push(
      ...(await runWorker<GrowthFigure[]>('bench/growth/growth-worker.ts', input, worker)),
    );
  }
  const first = events[0] as number;
  const last = events[events.length - 1] as number;
  const at = (size: number, name: string): GrowthFigure | undefined =>
    figures.find((f) => f.events === size && caseName(f) === name);
  const names = [...new Set(figures.map(caseName))];
  const growth = names.map((name) => {
    const [a, b] = [at(first, name), at(last, name)];
    return a && b ? b.cpuMicrosPerCommand / a.cpuMicrosPerCommand : Number.NaN;
  });
  const worst = Math.max(...growth.filter(Number.isFinite));
  const conflicts = Math.max(...figures.map((f) => f.conflictRate));
  return {
    title: 'Growth: one agreement’s stream',
    method: [
      `ReportTransfer into one agreement already holding ${events.map((e) => e.toLocaleString('en-US')).join(', ')} events`,
      '(prepared by deciding each claim on the state folded so far and appending straight to the app’s hash-chained store, then waiting for the projections and a checkpoint),',
      'claims from one source on one quantity key or spread over 1,000 phase labels,',
      `1 or 10 writers, with or without an Idempotency-Key; ${commands} commands per case after a warm-up, through Fastify's inject in the ledger's own process`,
      '(SQLite, synchronous=NORMAL): commands/s, CPU µs per command (the process’s user + system time), and the share answered 409.',
    ].join(' '),
    header: [
      'case',
      ...events.map((e) => `${e.toLocaleString('en-US')} events`),
      `CPU ${last.toLocaleString('en-US')} / ${first.toLocaleString('en-US')}`,
    ],
    rows: names.map((name, i) => [
      name,
      ...events.map((size) => cell(at(size, name))),
      `${(growth[i] ?? Number.NaN).toFixed(2)}×`,
    ]),
    goals: [
      {
        goal: `command CPU at ${last.toLocaleString('en-US')} events vs ${first.toLocaleString('en-US')}`,
        target: `≤ ${GROWTH_LIMIT}×`,
        measured: `${worst.toFixed(2)}× (worst case)`,
        met: worst <= GROWTH_LIMIT,
      },
      {
        goal: 'commands on one agreement answered 409',
        target: '0 %',
        measured: `${(conflicts * 100).toFixed(1)} % (worst case)`,
        met: conflicts === 0,
      },
    ],
  };
}
