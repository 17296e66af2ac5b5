import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend, JsonObject, RecordedEvent } from '@ledger/event-store';
import { readAuditFields } from '../event-hash';
import { auditView } from '../hash-chain';
import { merkleRoot } from '../merkle-builder';

/** A clock the test moves by hand. */
export class ManualClock {
  private ms: number;

  constructor(start = '2025-06-17T14:00:00.000Z') {
    this.ms = Date.parse(start);
  }

  readonly now = (): Date => new Date(this.ms);

  advance(ms: number): void {
    this.ms += ms;
  }
}

export function claimEvent(data: JsonObject = {}, type = 'TransferReported'): EventToAppend {
  return { id: randomUUID(), type, data, metadata: { actor: 'desk-1' } };
}

/** The whole log as the auditor sees it (with metadata.audit): for small test logs only. */
export async function auditedLog(store: EventStore): Promise<RecordedEvent[]> {
  return auditView(store).readAll();
}

/** The RFC 6962 root over the first n events' recorded hashes, computed from scratch. */
export function rootOfFirst(events: readonly RecordedEvent[], n: number): string {
  const leaves = events.slice(0, n).map((event) => {
    const audit = readAuditFields(event.metadata);
    if (!audit.ok) throw new Error(`event at ${event.position}: ${audit.problem}`);
    return Buffer.from(audit.fields.hash, 'hex');
  });
  return merkleRoot(leaves).toString('hex');
}
