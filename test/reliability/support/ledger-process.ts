import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'apps', 'ledger-api', 'src', 'main.ts');
const NODE_ARGS = [
  '-r',
  join(ROOT, 'scripts', 'register-ts.cjs'),
  '-r',
  join(__dirname, 'ts-cache-hook.cjs'),
];

/** The ledger API (apps/ledger-api/src/main.ts) running as its own process, as `npm start` runs it. */
export interface LedgerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  readonly output: { stdout: string; stderr: string };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, and waits for the process to end. */
  stop(): Promise<void>;
}

export interface LedgerProcessOptions {
  readonly dataDir: string;
  /** Extra environment (LEDGER_API_KEYS, limits…); LEDGER_* variables of the test runner are not passed on. */
  readonly env?: Readonly<Record<string, string>>;
  /** Where compiled sources are kept between starts (see ts-cache-hook.cjs). */
  readonly tsCacheDir?: string;
  readonly startTimeoutMs?: number;
}

function childEnv(options: LedgerProcessOptions): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('LEDGER_')),
  );
  return {
    ...inherited,
    LEDGER_DATA_DIR: options.dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    ...(options.tsCacheDir ? { LEDGER_TEST_TS_CACHE: options.tsCacheDir } : {}),
    ...options.env,
  };
}

/** Runs the process; resolves once it prints where it listens, rejects if it exits or takes too long first. */
export function spawnLedger(options: LedgerProcessOptions): {
  child: ChildProcess;
  output: LedgerProcess['output'];
  exited: LedgerProcess['exited'];
} {
  const child = spawn(process.execPath, [...NODE_ARGS, MAIN], {
    cwd: ROOT,
    env: childEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output, exited };
}

export async function startLedgerProcess(options: LedgerProcessOptions): Promise<LedgerProcess> {
  const { child, output, exited } = spawnLedger(options);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `The ledger did not start within ${options.startTimeoutMs ?? 60_000} ms:\n${output.stdout}\n${output.stderr}`,
        ),
      );
    }, options.startTimeoutMs ?? 60_000);
    const look = (): void => {
      const match = /listening on (http:\/\/[0-9.]+:\d+)/.exec(output.stdout);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', look);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', look);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(
          `The ledger exited before listening (code ${code}, signal ${signal}):\n${output.stdout}\n${output.stderr}`,
        ),
      );
    });
  });
  return {
    url,
    child,
    output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}
