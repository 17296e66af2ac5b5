/**
 * Benchmark: SSE delivery lag and server memory with many subscribers at a steady append rate.
 *
 *   node bench/sse-lag.mjs [--quick] [--subscribers 100] [--rate 1000] [--seconds 10] [--store sqlite|memory] [--workers 2]
 *
 * The ledger API runs in its own process (over SQLite by default) and appends `rate` events/s in
 * ticks of 10 ms, stamping each with its send time; `subscribers` @ledger/ledger-client
 * subscriptions, spread over `workers` processes, record receive time minus send time (the lag
 * from the append call, so it includes the commit). A one-second warm-up is not measured.
 * Prints one JSON object. Goal: lag p99 ≤ 50 ms.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { LagHistogram } from './sse-lag.histogram';

const ROOT = resolve(__dirname, '..');
const REGISTER_TS = join(ROOT, 'scripts', 'register-ts.cjs');

interface Options {
  subscribers: number;
  rate: number;
  seconds: number;
  store: 'sqlite' | 'memory';
  workers: number;
  quick: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    const n = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  const storeArg = argv[argv.indexOf('--store') + 1];
  const rate = value('rate', 1000);
  if (rate % 100 !== 0)
    throw new Error('--rate must be a multiple of 100 (events are appended in ticks of 10 ms)');
  return {
    quick,
    subscribers: value('subscribers', 100),
    rate,
    seconds: value('seconds', quick ? 2 : 10),
    store: argv.includes('--store') && storeArg === 'memory' ? 'memory' : 'sqlite',
    workers: value('workers', 2),
  };
}

type Message = { kind: string; [key: string]: unknown };

function child(file: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  // BENCH_PROFILE_DIR=<dir>: a .cpuprofile per child process (server, subscriber workers).
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  return fork(join(__dirname, file), args, {
    execArgv: [...profile, '-r', REGISTER_TS],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function next(process: ChildProcess, kind: string, timeoutMs = 60_000): Promise<Message> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "${kind}" within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (message: Message): void => {
      if (message.kind !== kind) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      resolvePromise(message);
    };
    process.on('message', onMessage);
    process.once('exit', (code) => reject(new Error(`child exited (${code}) before "${kind}"`)));
  });
}

/** Appends for `seconds` under `tag`, then collects every worker's histogram of that tag. */
async function phase(
  server: ChildProcess,
  workers: ChildProcess[],
  options: Options,
  tag: string,
  seconds: number,
) {
  server.send({ kind: 'append', rate: options.rate, seconds, tag });
  const appended = await next(server, 'appended', (seconds + 60) * 1000);
  const expected = Number(appended.appended);
  workers.forEach((w) => w.send({ kind: 'finish', tag, expected }));
  const results = await Promise.all(workers.map((w) => next(w, 'finished')));
  const histogram = new LagHistogram();
  let complete = 0;
  let outOfOrder = 0;
  for (const result of results) {
    const h = new LagHistogram(result.counts as number[]);
    h.max = Number(result.max);
    histogram.merge(h);
    complete += Number(result.complete);
    outOfOrder += Number(result.outOfOrder);
  }
  return { appended, histogram, complete, outOfOrder };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const server = child('sse-lag.server.ts', [], { BENCH_STORE: options.store });
  const workers: ChildProcess[] = [];
  try {
    const ready = await next(server, 'ready');
    const perWorker = Array.from(
      { length: options.workers },
      (_, i) =>
        Math.floor(options.subscribers / options.workers) +
        (i < options.subscribers % options.workers ? 1 : 0),
    );
    workers.push(
      ...perWorker
        .filter((n) => n > 0)
        .map((n) =>
          child('sse-lag.subscribers.ts', [String(ready.url), String(n)], {
            BENCH_TOKEN: String(ready.token),
          }),
        ),
    );
    await Promise.all(workers.map((w) => next(w, 'ready')));
    const connected = await (server.send({ kind: 'stats' }), next(server, 'stats'));
    const warm = await phase(server, workers, options, 'warmup', 1);
    const started = Date.now();
    const measured = await phase(server, workers, options, 'measured', options.seconds);
    const wallMs = Date.now() - started;
    const { appended, histogram } = measured;
    const report = {
      benchmark: 'sse-lag',
      quick: options.quick,
      store: options.store,
      subscribers: options.subscribers,
      subscriberProcesses: workers.length,
      targetEventsPerSecond: options.rate,
      seconds: options.seconds,
      eventsAppended: appended.appended,
      appenderBehindMs: appended.behindMs,
      deliveries: histogram.count,
      subscribersWithEveryEvent: measured.complete,
      outOfOrderOrDuplicate: measured.outOfOrder,
      lagMs: {
        p50: histogram.quantile(0.5),
        p90: histogram.quantile(0.9),
        p99: histogram.quantile(0.99),
        max: Math.round(histogram.max * 10) / 10,
      },
      goalP99Ms: 50,
      goalMet: histogram.quantile(0.99) <= 50,
      // CPU the server process used over the measured phase (appending, SQLite, SSE), per wall second.
      serverCpuPercent: Math.round(
        ((Number(measured.appended.cpuMs) - Number(warm.appended.cpuMs)) / wallMs) * 100,
      ),
      serverMemoryMb: {
        beforeSubscribers: ready.rssMb,
        withSubscribers: connected.rssMb,
        afterRun: appended.rssMb,
        peak: appended.peakRssMb,
        heapUsedAfterRun: appended.heapUsedMb,
      },
      machine: {
        cpus: cpus().length,
        loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
        node: process.version,
      },
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    workers.forEach((w) => w.send({ kind: 'stop' }));
    server.send({ kind: 'stop' });
    setTimeout(() => [server, ...workers].forEach((c) => c.kill('SIGKILL')), 5000).unref();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
