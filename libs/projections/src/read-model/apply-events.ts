import type Database from 'better-sqlite3';
import { type RecordedEvent } from '@ledger/event-store';
import { toProjectedEvent } from '../projection/projected-event';
import { type RowChange, type ReadAccess } from './row';
import type { Checkpoint, Projection } from './read-model-db';

/** Where a batch's row versions go: TemporalWriter (live) or BulkTemporalWriter (a rebuild, which holds some back). */
export interface VersionWriter extends ReadAccess {
  apply(changes: readonly RowChange[], position: bigint): void;
  /** Writes what is held back; called before the batch's bookkeeping. */
  flush?(): void;
}

/**
 * Projects a batch of events into a read-model file, with the bookkeeping rows beside the read
 * models: the first event's id, the last position of each recording time, the checkpoint. The one
 * loop both the live runner (ReadModelDb) and a rebuild (GenerationBuilder) run, so they write the
 * same rows. Call it inside the batch's transaction.
 */
export class EventApplier {
  private readonly upsertTime: Database.Statement;
  private readonly firstEvent: Database.Statement;
  private readonly saveCheckpoint: Database.Statement;

  constructor(db: Database.Database) {
    this.upsertTime = db.prepare(
      'INSERT INTO recorded_times (recorded_at, last_position) VALUES (?, ?) ON CONFLICT (recorded_at) DO UPDATE SET last_position = excluded.last_position',
    );
    this.firstEvent = db.prepare(
      "INSERT OR REPLACE INTO meta (key, value) VALUES ('first_event_id', ?)",
    );
    this.saveCheckpoint = db.prepare(
      'UPDATE checkpoint SET position = ?, events = ?, recorded_at = ? WHERE id = 1',
    );
  }

  /** The events after `from` (earlier ones are skipped), in log order; returns the new checkpoint. */
  apply(
    events: readonly RecordedEvent[],
    from: Checkpoint,
    writer: VersionWriter,
    projection: Projection,
  ): Checkpoint {
    let checkpoint = from;
    // recorded_times keeps the last position of each recording time: written once per run of
    // equal times rather than once per event (recordedAt never decreases in global order).
    let time: number | undefined;
    let timePosition = 0n;
    for (const recorded of events) {
      if (recorded.position <= checkpoint.position) continue;
      if (checkpoint.events === 0) this.firstEvent.run(recorded.id);
      const projected = toProjectedEvent(recorded);
      if (projected !== undefined) writer.apply(projection(projected, writer), recorded.position);
      const recordedAtMs = recorded.recordedAt.getTime();
      if (time !== undefined && time !== recordedAtMs) this.upsertTime.run(time, timePosition);
      time = recordedAtMs;
      timePosition = recorded.position;
      checkpoint = { position: recorded.position, events: checkpoint.events + 1, recordedAtMs };
    }
    writer.flush?.();
    if (time !== undefined) this.upsertTime.run(time, timePosition);
    this.saveCheckpoint.run(checkpoint.position, checkpoint.events, checkpoint.recordedAtMs);
    return checkpoint;
  }
}
