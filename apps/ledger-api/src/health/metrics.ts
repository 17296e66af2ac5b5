import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventStore } from '@ledger/event-store';

export const LEDGER_METRICS = Symbol('LEDGER_METRICS');

/** Seconds; an append is a few ms on SQLite, tens on a remote EventStoreDB. */
const APPEND_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Seconds; a verification reads the whole log: from milliseconds to minutes. */
const VERIFY_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300];

/**
 * What GET /metrics exposes (Prometheus text format), one registry per application so that two
 * ledgers in one process (tests) count apart. Values that exist elsewhere (the projection lag,
 * open SSE streams) are gauges read at scrape time, never copies kept up to date.
 */
export class LedgerMetrics {
  readonly registry = new Registry();
  readonly commands = new Counter({
    name: 'ledger_commands_total',
    help: 'Commands answered, by route and outcome (accepted, replayed, refused, conflict, failed)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly appendSeconds = new Histogram({
    name: 'ledger_append_duration_seconds',
    help: 'Time to append one batch of events to the event store',
    buckets: APPEND_BUCKETS,
    registers: [this.registry],
  });
  readonly verifySeconds = new Histogram({
    name: 'ledger_verify_duration_seconds',
    help: 'Time to answer GET /audit/verify (every hash, chain and signature)',
    buckets: VERIFY_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_' });
  }

  /** A gauge whose value is read when scraped; undefined leaves it out of that scrape. */
  gauge(name: string, help: string, read: () => Promise<number | undefined>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.reset();
        const value = await read();
        if (value !== undefined) this.set(value);
      },
    });
  }

  /** The outcome of a command from its answer's status. */
  countCommand(command: string, status: number, replayed: boolean): void {
    const outcome =
      status >= 500
        ? 'failed'
        : status === 409
          ? 'conflict'
          : status >= 400
            ? 'refused'
            : replayed
              ? 'replayed'
              : 'accepted';
    this.commands.inc({ command, outcome });
  }

  /** The store, with the duration of every append observed (whatever its outcome). */
  timedAppends(store: EventStore): EventStore {
    const histogram = this.appendSeconds;
    return new Proxy(store, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        // Bound to the store itself: its methods may use private fields a proxy does not have.
        if (property !== 'appendToStream')
          return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
        return async (...args: Parameters<EventStore['appendToStream']>) => {
          const stop = histogram.startTimer();
          try {
            return await target.appendToStream(...args);
          } finally {
            stop();
          }
        };
      },
    });
  }
}
