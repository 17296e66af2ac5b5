import cluster, { type Worker } from 'node:cluster';
import type { LedgerConfig } from '@ledger/config';
import type { Logger } from 'pino';

/**
 * LEDGER_WORKERS=N (N > 1): this process becomes a supervisor that serves nothing itself. It
 * starts one projector process (the projections and the checkpointer, listening on no port) and,
 * once that one is up, N API processes sharing the port (Node cluster: the supervisor hands
 * connections out in turn). The API processes read the read models the projector writes and
 * append to the same store; on SQLite each append still takes the file's one write lock, so
 * writes do not scale with N, reads do.
 *
 * A process that stops after it was up is started again; one that stops before it was up (a bad
 * configuration, a port in use, a crash loop) stops them all and the supervisor exits 1.
 * SIGTERM or SIGINT stops the API processes first (they finish their requests), then the
 * projector, and the supervisor exits 0.
 */

export type WorkerRole = 'api' | 'projector';

/** The environment variable the supervisor names each process's role in. */
const ROLE = 'LEDGER_WORKER_ROLE';
const READY = 'ledger-worker-ready';
/** How long the processes have to stop before they are killed. */
const STOP_TIMEOUT_MS = 20_000;

/** This process's role when the supervisor started it; undefined otherwise. */
export function workerRole(): WorkerRole | undefined {
  if (!cluster.isWorker) return undefined;
  return process.env[ROLE] === 'projector' ? 'projector' : 'api';
}

/** Tells the supervisor this process is up (an API process listens; the projector has started). */
export function reportReady(): void {
  if (cluster.isWorker) process.send?.({ kind: READY });
}

/** What each role changes in the configuration it inherits. */
function rolesOf(config: LedgerConfig): { role: WorkerRole; env: Record<string, string> }[] {
  const checkpointerHere = config.audit.checkpointer === 'inline';
  const projector = config.projections.mode === 'inline' || checkpointerHere;
  const api = {
    role: 'api' as const,
    env: {
      [ROLE]: 'api',
      LEDGER_PROJECTIONS: 'external',
      LEDGER_CHECKPOINTER: checkpointerHere ? 'external' : config.audit.checkpointer,
    },
  };
  return [
    ...(projector ? [{ role: 'projector' as const, env: { [ROLE]: 'projector' } }] : []),
    ...Array.from({ length: config.workers }, () => api),
  ];
}

interface Slot {
  readonly role: WorkerRole;
  readonly env: Record<string, string>;
  worker?: Worker;
  ready: boolean;
}

/** Runs the processes until a signal or a failure; resolves with the supervisor's exit code. */
export function superviseWorkers(config: LedgerConfig, logger: Logger): Promise<number> {
  const slots: Slot[] = rolesOf(config).map((r) => ({ ...r, ready: false }));
  let stopping = false;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));

  const alive = (role?: WorkerRole): Slot[] =>
    slots.filter((s) => s.worker !== undefined && (role === undefined || s.role === role));

  let onAllExited = (): void => undefined;
  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    const killer = setTimeout(() => {
      for (const s of alive()) s.worker?.process.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    killer.unref();
    const next = (): void => {
      // The API processes first, so the projector sees every event they appended.
      const group = alive('api').length > 0 ? alive('api') : alive();
      if (group.length === 0) {
        clearTimeout(killer);
        finish(code);
        return;
      }
      for (const s of group) s.worker?.process.kill('SIGTERM');
    };
    onAllExited = next;
    next();
  };

  const start = (slot: Slot): Promise<void> =>
    new Promise<void>((up) => {
      slot.ready = false;
      const worker = cluster.fork(slot.env);
      slot.worker = worker;
      worker.on('message', (message: { kind?: string }) => {
        if (message?.kind !== READY) return;
        slot.ready = true;
        up();
      });
      worker.on('exit', (code, signal) => {
        slot.worker = undefined;
        const how = `code ${code}, signal ${signal}`;
        if (stopping) return onAllExited();
        if (!slot.ready) {
          logger.error(
            `The ${slot.role} process ${worker.process.pid} stopped before it was up (${how}): stopping`,
          );
          return stop(1);
        }
        logger.warn(
          `The ${slot.role} process ${worker.process.pid} stopped (${how}): starting another`,
        );
        void start(slot).then(running);
      });
    });

  /** Says which processes run, once all are up and again after each replacement. */
  const running = (): void => {
    if (stopping) return;
    logger.info(
      { processes: slots.map((s) => ({ role: s.role, pid: s.worker?.process.pid })) },
      `Ledger running as ${config.workers} API processes sharing one port` +
        `${slots.some((s) => s.role === 'projector') ? ' and one projector' : ''} (supervisor ${process.pid})`,
    );
  };
  process.once('SIGTERM', () => stop(0));
  process.once('SIGINT', () => stop(0));
  void (async () => {
    for (const slot of slots.filter((s) => s.role === 'projector')) await start(slot);
    await Promise.all(slots.filter((s) => s.role === 'api').map(start));
    running();
  })();
  return finished;
}
