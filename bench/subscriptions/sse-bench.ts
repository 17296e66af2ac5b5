import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/child';
import { type Section } from '../lib/report';
import { formatSpread, spreadOf } from '../lib/stats';

/** What bench/sse-lag.mjs prints (one JSON object); only the fields the report uses. */
interface SseLagReport {
  readonly subscribers: number;
  readonly targetEventsPerSecond: number;
  readonly seconds: number;
  readonly deliveries: number;
  readonly subscribersWithEveryEvent: number;
  readonly lagMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

const SCRIPT = join(ROOT, 'bench', 'sse-lag.mjs');

/** Runs the subscriptions engineer's lag benchmark once and parses the JSON it prints. */
function runSseLag(quick: boolean): Promise<SseLagReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...(quick ? ['--quick'] : [])], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const start = out.indexOf('{');
      if (code !== 0 || start < 0)
        return reject(new Error(`bench/sse-lag.mjs exited ${code} without a report`));
      try {
        resolve(JSON.parse(out.slice(start)) as SseLagReport);
      } catch (error: unknown) {
        reject(new Error(`bench/sse-lag.mjs printed no JSON report: ${String(error)}`));
      }
    });
  });
}

export async function measureSse(options: {
  runs: number;
  quick: boolean;
  log: (line: string) => void;
}): Promise<Section> {
  if (!existsSync(SCRIPT)) {
    return {
      title: 'SSE delivery lag',
      method: 'bench/sse-lag.mjs (the subscriptions benchmark) is not in the tree yet.',
      header: [],
      rows: [],
      goals: [
        {
          goal: 'SSE lag p99, 100 subscribers',
          target: '≤ 50 ms',
          measured: 'not measured',
          met: undefined,
        },
      ],
    };
  }
  const reports: SseLagReport[] = [];
  for (let run = 0; run < options.runs; run++) {
    const report = await runSseLag(options.quick);
    reports.push(report);
    options.log(
      `  sse run ${run + 1}: lag p50 ${report.lagMs.p50} ms, p99 ${report.lagMs.p99} ms, ${report.subscribersWithEveryEvent}/${report.subscribers} subscribers saw every event`,
    );
  }
  const first = reports[0] as SseLagReport;
  const p50 = spreadOf(reports.map((r) => r.lagMs.p50));
  const p99 = spreadOf(reports.map((r) => r.lagMs.p99));
  const complete = reports.map((r) => `${r.subscribersWithEveryEvent}/${r.subscribers}`).join(', ');
  return {
    title: `SSE delivery lag, ${first.subscribers} subscribers`,
    method: `bench/sse-lag.mjs${options.quick ? ' --quick' : ''}, ${options.runs} run(s): the ledger API over SQLite in its own process appends ${first.targetEventsPerSecond} events/s for ${first.seconds} s; ${first.subscribers} @ledger/ledger-client subscriptions in separate processes record receive time minus the append call's time (so the commit is included). No baseline: there is no comparable bare figure.`,
    header: [
      'subscribers',
      'lag p50 ms',
      'lag p99 ms',
      'max ms (worst run)',
      'subscribers that saw every event',
    ],
    rows: [
      [
        String(first.subscribers),
        formatSpread(p50),
        formatSpread(p99),
        String(Math.max(...reports.map((r) => r.lagMs.max))),
        complete,
      ],
    ],
    goals: [
      {
        goal: `SSE lag p99, ${first.subscribers} subscribers`,
        target: '≤ 50 ms',
        measured: `${formatSpread(p99)} ms`,
        met: p99.median <= 50,
      },
    ],
  };
}
