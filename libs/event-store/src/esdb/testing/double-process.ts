import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** A wire double running in a child process: killing it is a real crash of the "server". */
export interface DoubleProcess {
  readonly port: number;
  readonly connectionString: string;
  /** SIGKILL, then wait for the exit: no shutdown, the sockets just die. */
  kill(): Promise<void>;
}

export interface DoubleProcessOptions {
  /** The log, kept across kills: a restart on it holds every acknowledged event. */
  readonly dataFile: string;
  /** 0 for a free port; the port of a killed double to take its place. */
  readonly port?: number;
  readonly startTimeoutMs?: number;
}

/** The repository's require hook: the double runs from its TypeScript sources. */
const REGISTER = join(__dirname, '../../../../../scripts/register-ts.cjs');
const MAIN = join(__dirname, 'double-main.ts');

export async function spawnEsdbDouble(options: DoubleProcessOptions): Promise<DoubleProcess> {
  const child = spawn(
    process.execPath,
    ['-r', REGISTER, MAIN, '--port', String(options.port ?? 0), '--data', options.dataFile],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const port = await listeningPort(child, options.startTimeoutMs ?? 15_000);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port,
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function listeningPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onExit = (code: number | null): void =>
      fail(`the double exited with code ${String(code)}`);
    const fail = (reason: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${reason}; output: ${output}`));
    };
    const timer = setTimeout(
      () => fail(`the double did not start within ${timeoutMs} ms`),
      timeoutMs,
    );
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /LISTENING (\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(Number(match[1]));
    });
    child.once('exit', onExit);
  });
}
