import { join } from 'node:path';
import { SEED_IDS, SEED_SCENARIO } from '@ledger/domain';
import { createSqliteEventStore, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { projectEvent } from '../projection/project';
import { readModelDigest } from '../read-model/digest';
import { ReadModelDb } from '../read-model/read-model-db';
import { CLAIMS, type ClaimRow } from '../read-model/tables';
import { LedgerWriter } from '../testing/ledger-writer';
import { FOLLOW_UP } from '../testing/seed-history';
import { redeliveringStore, tempDir } from '../testing/temp-dir';
import { ProjectionRunner } from './projection-runner';

const { claims: C } = SEED_IDS;

describe('the projection runner on a SQLite event log', () => {
  let dir: string;
  let cleanup: () => void;
  let store: EventStore;
  const opened: ReadModelDb[] = [];
  const runners: ProjectionRunner[] = [];

  beforeEach(async () => {
    ({ dir, cleanup } = tempDir());
    store = createSqliteEventStore({ file: join(dir, 'ledger.db'), synchronous: 'NORMAL' });
    await new LedgerWriter(store).executeAll([...SEED_SCENARIO, FOLLOW_UP.ruRevisesTo1245]);
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    opened.splice(0).forEach((db) => db.close());
    await store.close();
    cleanup();
  });

  function readModels(name: string): ReadModelDb {
    const db = ReadModelDb.open(join(dir, name));
    opened.push(db);
    return db;
  }

  function runner(
    source: EventStore,
    db: ReadModelDb,
    options: ConstructorParameters<typeof ProjectionRunner>[2] = {},
  ): ProjectionRunner {
    const r = new ProjectionRunner(source, db, options);
    runners.push(r);
    r.start();
    return r;
  }

  const corroborationsOf = (db: ReadModelDb, claimId: string): unknown[] => {
    const row = db.db
      .prepare('SELECT corroborations FROM claims WHERE claim_id = ? AND valid_to IS NULL')
      .get(claimId) as { corroborations: string };
    return JSON.parse(row.corroborations) as unknown[];
  };

  it('catches up with history, then follows new events live', async () => {
    const db = readModels('read-models.db');
    const r = runner(store, db, { batchSize: 7 });
    const caughtUp = await r.whenCaughtUp();
    expect(caughtUp.position).toBe(await store.headPosition());
    expect(r.state).toBe('live');
    const { position } = await new LedgerWriter(store).execute({
      type: 'RegisterSource',
      metadata: { now: '2025-06-19T08:00:00Z' },
      data: { sourceId: 'icrc', name: 'ICRC', kind: 'neutral_intermediary' },
    });
    await expect(r.waitForPosition(position, 5000)).resolves.toBe(true);
    expect(db.db.prepare("SELECT name FROM sources WHERE source_id = 'icrc'").get()).toEqual({
      name: 'ICRC',
    });
  });

  it('projects each event exactly once when the subscription delivers everything again', async () => {
    const first = readModels('read-models.db');
    await runner(store, first, { batchSize: 4 }).whenCaughtUp();
    const before = readModelDigest(first);
    await Promise.all(runners.splice(0).map((r) => r.stop()));

    const again = runner(redeliveringStore(store), first, { batchSize: 3 });
    await again.whenCaughtUp();
    expect(readModelDigest(first)).toEqual(before);
    expect(again.checkpoint.events).toBe((await store.readAll()).length);
    expect(corroborationsOf(first, C.uaFinal1245)).toHaveLength(2);
  });

  it('rolls a failed batch back with its checkpoint, retries from the checkpoint and ends as a clean run', async () => {
    const failAt = 12n;
    let failures = 0;
    const checkpointsAfterFailure: bigint[] = [];
    const errors: string[] = [];
    const db = readModels('read-models.db');
    const flaky: typeof projectEvent = (e, read) => {
      if (e.position === failAt && failures === 0) {
        failures++;
        checkpointsAfterFailure.push(db.checkpoint().position);
        throw new Error('disk full (simulated)');
      }
      return projectEvent(e, read);
    };
    const r = runner(store, db, {
      batchSize: 5,
      projection: flaky,
      retryDelayMs: () => 10,
      logger: { log: () => undefined, error: (m) => errors.push(m) },
    });
    await r.whenCaughtUp();

    const clean = readModels('clean.db');
    await runner(store, clean, { batchSize: 50 }).whenCaughtUp();
    expect(failures).toBe(1);
    expect(checkpointsAfterFailure).toEqual([10n]);
    expect(errors).toEqual([
      expect.stringContaining(
        'Projections stopped at position 10: disk full (simulated); retrying in 10 ms',
      ),
    ]);
    expect(readModelDigest(db)).toEqual(readModelDigest(clean));
    expect(r.lastError).toBeUndefined();
  });

  it('leaves nothing of a failed batch behind: no row versions past the checkpoint', async () => {
    const db = readModels('read-models.db');
    const broken: typeof projectEvent = (e, read) => {
      if (e.position >= 9n) throw new Error('bug in a projection (simulated)');
      return projectEvent(e, read);
    };
    const r = runner(store, db, { batchSize: 100, projection: broken, retryDelayMs: () => 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(r.state).toBe('retrying');
    expect(r.lastError?.message).toBe('bug in a projection (simulated)');
    expect(db.checkpoint().position).toBe(0n);
    expect(db.db.prepare('SELECT count(*) AS n FROM claims').get()).toEqual({ n: 0n });
    await expect(r.waitForPosition(1n, 20)).resolves.toBe(false);
  });

  it('skips events the ledger does not own but moves its checkpoint past them', async () => {
    const db = readModels('read-models.db');
    const r = runner(store, db);
    await r.whenCaughtUp();
    const audit = await store.appendToStream('audit-checkpoints', [
      {
        id: '0b9d8c1e-2f57-4d7e-9d3c-1b0c6f7a9e11',
        type: 'AuditCheckpointSigned',
        data: { root: 'abc' },
      },
    ]);
    await expect(r.waitForPosition(audit.position, 5000)).resolves.toBe(true);
    expect(db.checkpoint().position).toBe(audit.position);
    const claims = db.db
      .prepare('SELECT count(*) AS n FROM claims WHERE valid_to IS NULL')
      .get() as { n: bigint };
    expect(claims.n).toBe(9n);
  });

  it('keeps every version of a changed row, each valid from the event that wrote it', async () => {
    const db = readModels('read-models.db');
    await runner(store, db).whenCaughtUp();
    const events: RecordedEvent[] = await store.readAll();
    const revised = events.find((e) => e.type === 'ClaimRevised')?.position;
    const corroborated = events.find(
      (e) => e.type === 'ClaimCorroborated' && e.data.claimId === C.ruFinal1248,
    )?.position;
    const versions = db.db
      .prepare(
        'SELECT status, valid_from, valid_to FROM claims WHERE claim_id = ? ORDER BY valid_from',
      )
      .all(C.ruFinal1248) as Pick<ClaimRow, 'status'>[];
    expect(versions).toEqual([
      { status: 'live', valid_from: 9n, valid_to: corroborated },
      { status: 'live', valid_from: corroborated, valid_to: revised },
      { status: 'superseded', valid_from: revised, valid_to: null },
    ]);
    expect(CLAIMS.key).toEqual(['agreement_id', 'claim_id']);
  });
});
