import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AUDIT_METADATA_KEY,
  loadOrCreateSigningKey,
  type VerificationReport,
  verifyLedger,
} from '@ledger/audit';
import { isIdReservationStream } from '@ledger/domain';
import { createSqliteEventStore, type EventStore, type RecordedEvent } from '@ledger/event-store';
import {
  currentGeneration,
  readModelDigest,
  type ReadModelDigest,
  ReadModelDb,
  rebuildReadModels,
} from '@ledger/projections';
import { keysEnv, testKeys, type TestKeys } from '../../apps/ledger-api/src/auth/testing/test-keys';
import { send } from '../support/http';
import { bearer } from '../support/test-ledger';
import { SEED_REQUESTS } from '../security/support/command-bases';
import { startTestLedger } from '../support/test-ledger';
import { type Acknowledged, writeLoad } from './support/write-load';

const CYCLES = 20;
const WRITERS = 4;
/** The kill lands this long after the server starts listening (uniformly): from before the first write to well into the load. */
const KILL_WINDOW_MS = 1_500;

function commandIdOf(event: RecordedEvent): string {
  const id = event.metadata.commandId;
  return typeof id === 'string' ? id : `no-command:${event.id}`;
}

/** Groups stored events by the command that wrote them (metadata.commandId). */
function byCommand(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const groups = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    const id = commandIdOf(e);
    groups.set(id, [...(groups.get(id) ?? []), e]);
  }
  return groups;
}

/** A whole append: one stream, consecutive revisions and positions. */
function isWhole(group: readonly RecordedEvent[]): boolean {
  return group.every(
    (e, i) =>
      i === 0 ||
      (e.stream === group[0]!.stream &&
        e.revision === group[i - 1]!.revision + 1n &&
        e.position === group[i - 1]!.position + 1n),
  );
}

interface Run {
  readonly acknowledged: Acknowledged[];
  readonly killedAfterMs: number[];
  conflicts: number;
}

interface Setup {
  readonly dataDir: string;
  readonly tsCacheDir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly keys: TestKeys;
}

async function seed(url: string, token: string, run: Run): Promise<void> {
  for (const { path, body } of SEED_REQUESTS) {
    const reply = await send(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify(body),
    });
    if (reply.status !== 201) throw new Error(`seeding ${path}: ${reply.status} ${reply.text}`);
    run.acknowledged.push({
      cycle: 0,
      commandName: 'seed',
      events: reply.json.events,
      streamRevision: reply.json.streamRevision,
      position: reply.json.position,
    });
  }
}

/** One cycle: start, (seed), write, SIGKILL at a random moment, collect what was acknowledged. */
async function killedCycle(setup: Setup, cycle: number, run: Run): Promise<void> {
  const ledger = await startTestLedger({ process: true, ...setup });
  if (cycle === 0) await seed(ledger.url, setup.keys.tokens.recorder, run);
  const load = writeLoad(ledger.url, setup.keys.tokens.recorder, cycle, WRITERS);
  const delay = Math.floor(Math.random() * KILL_WINDOW_MS);
  await new Promise((resolve) => setTimeout(resolve, delay));
  ledger.child.kill('SIGKILL');
  run.killedAfterMs.push(delay);
  expect((await ledger.exited).signal).toBe('SIGKILL');
  run.acknowledged.push(...(await load.stop()));
  run.conflicts += load.conflicts();
  expect(load.refusals).toEqual([]);
}

/** A last, clean start: recovery, projections caught up, a signed checkpoint where the audit routes exist. */
async function finalStart(setup: Setup): Promise<{ head: string; checkpointed: boolean }> {
  const last = await startTestLedger({ process: true, ...setup });
  try {
    // Signing verifies the log first (a few thousand events, id reservations included): a loaded
    // machine may need more than the 2 s the other requests get.
    const checkpoint = await send(
      `${last.url}/audit/checkpoints`,
      { method: 'POST', headers: bearer(setup.keys.tokens.auditor) },
      30_000,
    );
    const head = ((await send(`${last.url}/health`)).json as { lastPosition: string }).lastPosition;
    const caughtUp = await send(
      `${last.url}/claims?limit=1&minPosition=${head}`,
      { headers: bearer(setup.keys.tokens.analyst) },
      30_000,
    );
    expect(caughtUp.status).toBe(200);
    return { head, checkpointed: checkpoint.status < 300 };
  } finally {
    await last.stop();
  }
}

/** Every acknowledged event stored where its answer said; every append whole. Returns the commands stored without an answer. */
function checkLog(all: readonly RecordedEvent[], acknowledged: readonly Acknowledged[]): number {
  const stored = new Map(all.map((e) => [e.id, e]));
  expect(
    acknowledged.flatMap((a) => a.events).filter((e) => stored.get(e.id)?.type !== e.type),
  ).toEqual([]);
  for (const ack of acknowledged) {
    const last = stored.get(ack.events.at(-1)!.id)!;
    expect([last.revision.toString(), last.position.toString()]).toEqual([
      ack.streamRevision,
      ack.position,
    ]);
  }
  // A command's id reservations are appends of their own (one event per reservation stream, which
  // a retry after a kill finds and reuses); its events are one whole append on its own stream.
  expect(all.filter((e) => isIdReservationStream(e.stream) && e.revision !== 0n)).toEqual([]);
  const groups = byCommand(all.filter((e) => !isIdReservationStream(e.stream)));
  expect([...groups.values()].filter((g) => !isWhole(g))).toEqual([]);
  const ackedSizes = new Map(
    acknowledged.map((a) => [commandIdOf(stored.get(a.events[0]!.id)!), a.events.length]),
  );
  expect(
    [...ackedSizes].filter(([commandId, size]) => groups.get(commandId)?.length !== size),
  ).toEqual([]);
  // A claim on the disputed quantity always moves the dispute: an unacknowledged one must have too.
  const loadClaims = [...groups.values()].filter(
    (g) =>
      g[0]!.type === 'TransferReported' &&
      typeof g[0]!.data.claimId === 'string' &&
      g[0]!.data.claimId.startsWith('claim-c'),
  );
  expect(
    loadClaims.filter(
      (g) => g.map((e) => e.type).join() !== 'TransferReported,DisputeClaimsChanged',
    ),
  ).toEqual([]);
  expect(all.map((e) => e.position)).toEqual(all.map((_, i) => all[0]!.position + BigInt(i)));
  return [...groups.keys()].filter((id) => !ackedSizes.has(id)).length;
}

/** The read models the killed processes left, against a rebuild from the log, at the same position. */
async function checkReadModels(
  store: EventStore,
  dataDir: string,
  rebuildDir: string,
  head: string,
): Promise<ReadModelDigest> {
  const live = ReadModelDb.open(join(dataDir, currentGeneration(dataDir)), { readonly: true });
  const liveDigest = readModelDigest(live);
  live.close();
  const rebuilt = await rebuildReadModels(store, rebuildDir);
  const fresh = ReadModelDb.open(join(rebuildDir, rebuilt.generation), { readonly: true });
  const freshDigest = readModelDigest(fresh, BigInt(liveDigest.position));
  fresh.close();
  // Caught up with the log as it stood at the last start (the checkpointer may have appended since).
  expect(BigInt(liveDigest.position)).toBeGreaterThanOrEqual(BigInt(head));
  expect(freshDigest).toEqual(liveDigest);
  return liveDigest;
}

/** verifyLedger, when the events carry the hash chain; undefined when they do not. */
async function checkVerify(
  store: EventStore,
  all: readonly RecordedEvent[],
  dataDir: string,
  checkpointed: boolean,
): Promise<VerificationReport | undefined> {
  if (!all.some((e) => e.metadata[AUDIT_METADATA_KEY] !== undefined)) return undefined;
  const report = await verifyLedger(store, loadOrCreateSigningKey(dataDir, {}).publicKey);
  expect(report).toMatchObject({ ok: true });
  if (checkpointed) expect(report.checkpointsChecked).toBeGreaterThanOrEqual(1);
  return report;
}

/**
 * The API as a child process on SQLite, under write load, killed with SIGKILL at a random moment
 * CYCLES times and restarted on the same data directory each time. Then: every acknowledged
 * command's events are there, no append is partial, the read models equal a fresh rebuild, and
 * (with the hash chain wired in) the ledger verifies.
 */
describe('the ledger killed with SIGKILL under write load, again and again', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
  const rebuildDir = mkdtempSync(join(tmpdir(), 'ledger-crash-rebuild-'));
  const tsCacheDir = mkdtempSync(join(tmpdir(), 'ledger-ts-cache-'));
  const keys = testKeys();
  const setup: Setup = {
    dataDir,
    tsCacheDir,
    keys,
    env: { LEDGER_API_KEYS: keysEnv(keys), LEDGER_RATE_LIMIT: '1000000000' },
  };
  afterAll(() =>
    [dataDir, rebuildDir, tsCacheDir].forEach((dir) =>
      rmSync(dir, { recursive: true, force: true }),
    ),
  );

  it(`keeps every acknowledged command through ${CYCLES} kills`, async () => {
    const run: Run = { acknowledged: [], killedAfterMs: [], conflicts: 0 };
    const started = Date.now();
    for (let cycle = 0; cycle < CYCLES; cycle++) await killedCycle(setup, cycle, run);
    const { head, checkpointed } = await finalStart(setup);

    const store = createSqliteEventStore({ file: join(dataDir, 'ledger.db') });
    try {
      const all = await store.readAll();
      const unanswered = checkLog(all, run.acknowledged);
      const digest = await checkReadModels(store, dataDir, rebuildDir, head);
      const verification = await checkVerify(store, all, dataDir, checkpointed);
      const rows = Object.values(digest.tables).reduce((n, t) => n + t.rows, 0);
      console.log(
        [
          `Crash cycles: ${CYCLES} SIGKILLs under ${WRITERS} writers (kill ${Math.min(...run.killedAfterMs)}-${Math.max(...run.killedAfterMs)} ms after listening), ${((Date.now() - started) / 1000).toFixed(1)} s`,
          `  acknowledged: ${run.acknowledged.length} commands, ${run.acknowledged.flatMap((a) => a.events).length} events; lost 0; partial appends 0; ` +
            `commands stored without an answer (in flight at a kill): ${unanswered}; answered 409 concurrency_conflict: ${run.conflicts}`,
          `  event log: ${all.length} events; read models at position ${digest.position} equal a fresh rebuild (${rows} row versions in ${Object.keys(digest.tables).length} tables)`,
          `  verify: ${verification ? `ok, ${verification.eventsChecked} events, ${verification.checkpointsChecked} checkpoints` : 'not run: the events carry no hash chain'}`,
        ].join('\n'),
      );
    } finally {
      await store.close();
    }
  }, 900_000);
});
