import { createSqliteEventStore, type EventStore, readAllPages } from '@ledger/event-store';
import { type AsOf, ReadModelDb, ReadModelQueries } from '@ledger/projections';
import { seededRandom } from '../log/ledger-history';
import { workerMain } from '../lib/child';

export interface AsOfInput {
  readonly logFile: string;
  /** The read models the rebuild wrote from that log. */
  readonly readModelFile: string;
  /** Where in the log to ask, as fractions of its head (0-1]. */
  readonly points: readonly number[];
  readonly queriesPerPoint: number;
  /** Points at which the naive alternative (a full replay up to there) is timed, once each. */
  readonly replayPoints: readonly number[];
}

export interface AsOfPoint {
  readonly fraction: number;
  readonly position: number;
  /** Latency of each as-of question, ms. */
  readonly latenciesMs: number[];
}

export interface ReplayPoint {
  readonly fraction: number;
  readonly position: number;
  readonly events: number;
  readonly ms: number;
}

export interface AsOfResult {
  readonly head: number;
  readonly points: AsOfPoint[];
  readonly replays: ReplayPoint[];
}

/**
 * An auditor's question about one agreement "as of position P": the agreement with its counts,
 * its totals per claimant, its open discrepancies and its first page of claims, in one read
 * transaction (as ReadModels.read runs it).
 */
function ask(db: ReadModelDb, at: AsOf, agreementId: string): number {
  const q = new ReadModelQueries(db.db);
  return db.db.transaction(() => {
    const detail = q.agreement(at, agreementId);
    const totals = q.totals(at, agreementId, {});
    const open = q.discrepancies(at, { agreementId, open: true }, { limit: 50 });
    const claims = q.claims(at, { agreementId }, { limit: 50 });
    return (detail ? 1 : 0) + (totals?.length ?? 0) + open.items.length + claims.items.length;
  })();
}

function agreementsSignedBy(db: ReadModelDb, position: bigint): string[] {
  const rows = db.db
    .prepare('SELECT DISTINCT agreement_id FROM agreements WHERE valid_from <= ?')
    .all(position) as { agreement_id: string }[];
  return rows.map((r) => r.agreement_id);
}

function askAt(db: ReadModelDb, fraction: number, head: bigint, count: number): AsOfPoint {
  const position = BigInt(Math.max(1, Math.floor(Number(head) * fraction)));
  const agreements = agreementsSignedBy(db, position);
  const random = seededRandom(Math.round(fraction * 1000));
  const latenciesMs: number[] = [];
  for (let i = 0; i < count && agreements.length > 0; i++) {
    const agreementId = agreements[Math.floor(random() * agreements.length)] as string;
    const started = performance.now();
    if (ask(db, { position, current: position === head }, agreementId) === 0)
      throw new Error(`no answer about ${agreementId} as of ${position}`);
    latenciesMs.push(performance.now() - started);
  }
  return { fraction, position: Number(position), latenciesMs };
}

/** The naive alternative: project every event up to P into fresh (in-memory) read models, then ask. */
async function replayTo(
  store: EventStore,
  fraction: number,
  head: bigint,
  agreementId: string,
): Promise<ReplayPoint> {
  const position = BigInt(Math.max(1, Math.floor(Number(head) * fraction)));
  const started = performance.now();
  const fresh = ReadModelDb.open(':memory:');
  try {
    let events = 0;
    for await (const page of readAllPages(store, { to: position, pageSize: 2000 })) {
      fresh.applyBatch(page);
      events += page.length;
    }
    ask(fresh, { position, current: true }, agreementId);
    return { fraction, position: Number(position), events, ms: performance.now() - started };
  } finally {
    fresh.close();
  }
}

async function measure(input: AsOfInput): Promise<AsOfResult> {
  const db = ReadModelDb.open(input.readModelFile, { readonly: true });
  const store = createSqliteEventStore({ file: input.logFile });
  try {
    const head = db.checkpoint().position;
    ask(db, { position: head, current: true }, agreementsSignedBy(db, head)[0] ?? '');
    const points = input.points.map((fraction) => askAt(db, fraction, head, input.queriesPerPoint));
    const replays: ReplayPoint[] = [];
    for (const fraction of input.replayPoints) {
      const agreementId =
        agreementsSignedBy(db, BigInt(Math.floor(Number(head) * fraction)))[0] ?? '';
      replays.push(await replayTo(store, fraction, head, agreementId));
    }
    return { head: Number(head), points, replays };
  } finally {
    db.close();
    await store.close();
  }
}

workerMain(measure);
