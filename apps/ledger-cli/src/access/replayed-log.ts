import { type EventStore, readAllPages, type RecordedEvent } from '@ledger/event-store';
import {
  type AsOf,
  type Page,
  type PageRequest,
  ReadModelDb,
  ReadModelQueries,
} from '@ledger/projections';
import type { AsOfArg } from '../as-of';
import type { Progress } from '../progress';

const PAGE = 1000;

/** The read models of a log prefix, projected in memory by this program: nothing read from the operator's read-model file. */
export interface ReplayedLog {
  readonly queries: ReadModelQueries;
  readonly at: AsOf;
  close(): void;
}

/** Whether the replay has gone past the as-of point (recording times never decrease in global order). */
function beyond(event: RecordedEvent, asOf: AsOfArg | undefined): boolean {
  if (asOf === undefined) return false;
  return asOf.kind === 'position'
    ? event.position > asOf.position
    : event.recordedAt.getTime() > asOf.ms;
}

/**
 * Replays the log from its first event up to the as-of point (a position, or the last event
 * recorded at or before a time; the whole log when absent) through the same pure projections the
 * ledger runs, into an in-memory read-model database, and answers queries at that point.
 */
export async function replayLog(
  store: EventStore,
  asOf: AsOfArg | undefined,
  progress: Progress,
): Promise<ReplayedLog> {
  const db = ReadModelDb.open(':memory:');
  progress.counting('events');
  try {
    const head = await store.headPosition();
    const last = asOf?.kind === 'position' && asOf.position < head ? asOf.position : head;
    let replayed = 0;
    for await (const page of readAllPages(store, { to: last, pageSize: PAGE })) {
      const stop = page.findIndex((event) => beyond(event, asOf));
      const batch = stop === -1 ? page : page.slice(0, stop);
      db.applyBatch(batch);
      replayed += batch.length;
      progress.update(replayed, Number(last));
      if (stop !== -1) break;
    }
    const position = db.checkpoint().position;
    progress.finish(`as of position ${position}`);
    return {
      queries: new ReadModelQueries(db.db),
      at: { position, current: true },
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Every item of a paged query. */
export function allPages<T>(query: (page: PageRequest) => Page<T>): T[] {
  const items: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = query({ limit: PAGE, ...(after === undefined ? {} : { after }) });
    items.push(...page.items);
    if (page.nextAfter === null) return items;
    after = page.nextAfter;
  }
}
