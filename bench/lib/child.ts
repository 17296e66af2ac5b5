import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Every measurement runs in a fresh Node process, so one figure never inherits another's heap,
 * JIT state or open files, and a CPU profile (`--profile`) covers exactly one measurement. The
 * worker gets its input as JSON in argv and answers over the IPC channel.
 */

export const ROOT = resolve(__dirname, '..', '..');
const REGISTER_TS = join(ROOT, 'scripts', 'register-ts.cjs');

export interface WorkerOptions {
  /** Write a .cpuprofile of this process into the directory (node --cpu-prof). */
  readonly profileDir?: string;
  /** Names the profile file, e.g. "appends-ledger-50". */
  readonly label?: string;
}

type WorkerMessage<T> =
  | { readonly kind: 'result'; readonly result: T }
  | { readonly kind: 'ready'; readonly port: number }
  | { readonly kind: 'cpu'; readonly ms: number }
  | { readonly kind: 'error'; readonly message: string };

function execArgv(options: WorkerOptions): string[] {
  const args = ['-r', REGISTER_TS];
  if (options.profileDir) {
    mkdirSync(options.profileDir, { recursive: true });
    args.unshift(
      '--cpu-prof',
      `--cpu-prof-dir=${options.profileDir}`,
      `--cpu-prof-name=${options.label ?? 'bench'}-${Date.now()}.cpuprofile`,
    );
  }
  return args;
}

function spawnWorker(worker: string, input: unknown, options: WorkerOptions): ChildProcess {
  return fork(join(ROOT, worker), [JSON.stringify(input)], {
    execArgv: execArgv(options),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Runs a worker to completion and returns what it measured; rejects when it fails or dies. */
export function runWorker<T>(
  worker: string,
  input: unknown,
  options: WorkerOptions = {},
): Promise<T> {
  const child = spawnWorker(worker, input, options);
  return new Promise<T>((resolvePromise, reject) => {
    let answer: WorkerMessage<T> | undefined;
    child.on('message', (message: WorkerMessage<T>) => (answer = message));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (answer?.kind === 'result') resolvePromise(answer.result);
      else if (answer?.kind === 'error') reject(new Error(`${worker}: ${answer.message}`));
      else reject(new Error(`${worker} exited (${signal ?? code}) without a result`));
    });
  });
}

/** A server in its own process: its port, and how to stop it (cleanly, so a CPU profile is written). */
export interface ServerHandle {
  readonly port: number;
  /** CPU time the server process has used so far (user + system), ms: robust on a busy machine. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts a server worker and waits until it listens (it sends { kind: 'ready', port }). */
export function startServer(
  worker: string,
  input: unknown,
  options: WorkerOptions = {},
): Promise<ServerHandle> {
  const child = spawnWorker(worker, input, options);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise<ServerHandle>((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`${worker} exited (${code}) before it listened`)),
    );
    child.on('message', (message: WorkerMessage<never>) => {
      if (message.kind === 'error') reject(new Error(`${worker}: ${message.message}`));
      if (message.kind !== 'ready') return;
      resolvePromise({
        port: message.port,
        cpuMs: () =>
          new Promise<number>((answer) => {
            const onMessage = (reply: WorkerMessage<never>): void => {
              if (reply.kind !== 'cpu') return;
              child.off('message', onMessage);
              answer(reply.ms);
            };
            child.on('message', onMessage);
            child.send('cpu');
          }),
        async stop() {
          child.send('stop');
          const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}

/** The worker side: parses the input, runs the measurement, sends the result and exits. */
export function workerMain<I, T>(measure: (input: I) => Promise<T>): void {
  const input = JSON.parse(process.argv[2] ?? '{}') as I;
  measure(input).then(
    (result) => send({ kind: 'result', result }, 0),
    (error: unknown) =>
      send(
        {
          kind: 'error',
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        },
        1,
      ),
  );
}

function send(message: WorkerMessage<unknown>, exitCode: number): void {
  if (!process.send) {
    console.log(JSON.stringify(message, null, 2));
    process.exit(exitCode);
  }
  process.send(message, () => process.exit(exitCode));
}

/**
 * The server side: starts the server, reports its port, and closes it when the parent says
 * 'stop' (or disconnects), then exits so that --cpu-prof writes its profile.
 */
export function serverMain<I>(
  start: (input: I) => Promise<{ port: number; close: () => Promise<void> }>,
): void {
  const input = JSON.parse(process.argv[2] ?? '{}') as I;
  start(input).then(
    ({ port, close }) => {
      const shutdown = (): void => {
        close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('message', (message) => {
        if (message === 'stop') shutdown();
        if (message === 'cpu') {
          const { user, system } = process.cpuUsage();
          process.send?.({ kind: 'cpu', ms: (user + system) / 1000 });
        }
      });
      process.once('disconnect', shutdown);
      process.send?.({ kind: 'ready', port });
    },
    (error: unknown) =>
      send(
        {
          kind: 'error',
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        },
        1,
      ),
  );
}
