import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { VerificationReport } from '@ledger/audit';
import type { VerificationWorkerAnswer, VerificationWorkerData } from './verification.worker';

/** How a verification runs: in a worker thread, or (for a store no thread can open) in this one. */
export interface VerificationRunner {
  verify(): Promise<VerificationReport>;
  close(): Promise<void>;
}

/**
 * The worker script beside this file: compiled JavaScript in a build, TypeScript under jest and
 * the dev hook, which the worker then loads through the same require hook.
 */
function workerScript(): { file: string; execArgv: string[] } {
  if (!__filename.endsWith('.ts'))
    return { file: join(__dirname, 'verification.worker.js'), execArgv: [] };
  const hook = join(__dirname, '../../../../scripts/register-ts.cjs');
  return { file: join(__dirname, 'verification.worker.ts'), execArgv: ['-r', hook] };
}

/**
 * A verification thread, started on first use and kept (it holds the incremental state); one
 * that dies fails what it was asked and is replaced on the next call.
 */
export class VerificationThread implements VerificationRunner {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (report: VerificationReport) => void; reject: (error: Error) => void }
  >();

  constructor(private readonly data: VerificationWorkerData) {}

  verify(): Promise<VerificationReport> {
    const worker = this.started();
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
    this.failAll(new Error('The verification thread was stopped'));
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const { file, execArgv } = workerScript();
    const worker = new Worker(file, { workerData: this.data, execArgv });
    worker.unref();
    worker.on('message', (answer: VerificationWorkerAnswer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if ('error' in answer) waiting?.reject(new Error(answer.error));
      else waiting?.resolve(answer.report as VerificationReport);
    });
    const lost = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`The verification thread exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
