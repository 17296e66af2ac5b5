import Database from 'better-sqlite3';
import { createSqliteEventStore } from '@ledger/event-store';
import { rebuildReadModels } from '@ledger/projections';
import { workerMain } from '../lib/child';

export interface RebuildInput {
  readonly kind: 'ledger' | 'bare';
  readonly logFile: string;
  /** Where the ledger's rebuild writes its read models (a fresh directory per run). */
  readonly dataDir: string;
}

export interface RebuildResult {
  readonly events: number;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
  /** The read-model file the ledger's rebuild wrote. */
  readonly generation?: string;
}

/** Our rebuild: the projection runner on the store's $all subscription, into a new generation. */
async function ledgerRebuild(input: RebuildInput): Promise<RebuildResult> {
  const store = createSqliteEventStore({ file: input.logFile });
  try {
    const started = performance.now();
    const report = await rebuildReadModels(store, input.dataDir);
    const elapsedMs = performance.now() - started;
    return { events: report.checkpoint.events, elapsedMs, eventsPerSecond: (report.checkpoint.events * 1000) / elapsedMs, generation: report.generation };
  } finally {
    await store.close();
  }
}

interface Row {
  stream: string;
  type: string;
  data: string;
  metadata: string;
}

/**
 * The bare alternative: read the same file in global order, JSON.parse each event's data and
 * metadata, and fold them into a trivial in-memory model (events per stream and per type, the sum
 * of reported quantities per agreement). No validation, no tables, nothing written.
 */
async function bareFold(input: RebuildInput): Promise<RebuildResult> {
  const db = new Database(input.logFile, { readonly: true });
  try {
    const started = performance.now();
    const perStream = new Map<string, number>();
    const perType = new Map<string, number>();
    const reported = new Map<string, number>();
    let events = 0;
    for (const row of db.prepare('SELECT stream, type, data, metadata FROM events ORDER BY position').iterate() as IterableIterator<Row>) {
      const data = JSON.parse(row.data) as { agreementId?: string; quantity?: { value?: number } };
      const metadata = JSON.parse(row.metadata) as { actor?: string };
      perStream.set(row.stream, (perStream.get(row.stream) ?? 0) + 1);
      perType.set(row.type, (perType.get(row.type) ?? 0) + (metadata.actor === undefined ? 0 : 1));
      if (data.agreementId !== undefined && data.quantity?.value !== undefined) reported.set(data.agreementId, (reported.get(data.agreementId) ?? 0) + data.quantity.value);
      events++;
    }
    const elapsedMs = performance.now() - started;
    if (perStream.size === 0 || reported.size === 0) throw new Error('the fold saw no agreement');
    return { events, elapsedMs, eventsPerSecond: (events * 1000) / elapsedMs };
  } finally {
    db.close();
  }
}

workerMain((input: RebuildInput) => (input.kind === 'ledger' ? ledgerRebuild(input) : bareFold(input)));
