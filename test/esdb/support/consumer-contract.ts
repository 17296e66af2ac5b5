import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKPOINT_STREAM, withHashChain } from '@ledger/audit';
import type { LedgerConfig } from '@ledger/config';
import { isIdReservationStream } from '@ledger/domain';
import { type EventStore, readAllPages, readStreamOrEmpty } from '@ledger/event-store';
import { currentGeneration, ReadModelDb, readModelDigest } from '@ledger/projections';
import { testAuthOptions, testKeys } from '../../../apps/ledger-api/src/auth/testing/test-keys';
import { runProjector } from '../../../apps/projector/src/projector';
import { ledger } from '../../audit/support/cli';
import { SEED_FIXTURE } from '../../support/test-ledger';
import { SseReader } from '../../subscriptions/support/sse-reader';
import { type RunningTestLedger, startTestLedger } from '../../support/test-ledger';
import { retryUntil, waitUntil } from './wait';

/** One adapter as the consumers see it: the settings that select it, and a way to open it. */
export interface ConsumerAdapter {
  /** LEDGER_STORE and what else the configuration needs (EVENTSTORE_CONNECTION_STRING…). */
  readonly env: Readonly<Record<string, string>>;
  /** A store on the adapter: a new client (SQLite, EventStoreDB) or the one shared instance (memory). */
  open(): EventStore;
  close(): Promise<void>;
}

/** Writes bounded to the time a loaded 2-core CI machine may need; conditions, never sleeps. */
const WAIT_MS = 60_000;

/**
 * The log's consumers, unchanged, on one adapter, laid out as an EventStoreDB deployment is:
 * the API (projections and checkpointer external) takes commands, the projector process's code
 * projects and signs; then the auditors' and subscribers' paths read it back: /audit/verify,
 * inclusion proofs, SSE history handing over to live, the CLI's replay/export/verify/proof, and
 * `projector rebuild --verify`, whose new generation must have the live read models' digest.
 */
export function describeConsumerContract(name: string, adapter: () => Promise<ConsumerAdapter>) {
  describe(`log consumers on ${name}`, () => {
    const dir = mkdtempSync(join(tmpdir(), `consumers-${name.replace(/\W/g, '')}-`));
    const keys = testKeys();
    const signing = generateKeyPairSync('ed25519');
    let opened: ConsumerAdapter;
    let config: LedgerConfig;
    let apiStore: EventStore;
    let projectorStore: EventStore;
    let api: RunningTestLedger | undefined;
    let url: string;
    let projector: { stop: AbortController; done: Promise<number>; output: () => string };
    const cli = (role: 'recorder' | 'auditor', ...args: string[]) =>
      ledger(['--api', url, '--key', keys.tokens[role], ...args], { cwd: dir });

    beforeAll(async () => {
      opened = await adapter();
      apiStore = opened.open();
      api = await startTestLedger({
        store: 'given',
        given: apiStore,
        dataDir: dir,
        config: {
          ...opened.env,
          LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL',
          LEDGER_PROJECTIONS: 'external',
          LEDGER_CHECKPOINTER: 'external',
          LEDGER_CHECKPOINT_EVERY: '5',
          LEDGER_CHECKPOINT_INTERVAL_MS: '3600000',
          LEDGER_SIGNING_KEY: signing.privateKey
            .export({ type: 'pkcs8', format: 'pem' })
            .toString(),
        },
        auth: testAuthOptions(keys),
      });
      ({ url, config } = api);
      projectorStore = withHashChain(opened.open());
      projector = startProjector(config, projectorStore);
    }, WAIT_MS);
    afterAll(async () => {
      projector?.stop.abort();
      await projector?.done;
      await api?.close(true);
      await apiStore?.close();
      await projectorStore?.close();
      await opened?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('takes the seed scenario through the command API (ledger import --api)', async () => {
      const imported = await cli('recorder', 'import', SEED_FIXTURE);
      expect([imported.code, imported.stderr]).toEqual([0, expect.not.stringMatching(/error/i)]);
      expect(imported.stdout).toContain('Done: 19 of 19 commands');
    });

    it(
      'projects it live and signs checkpoints in the projector; the API answers at minPosition',
      async () => {
        const head = await apiStore.headPosition();
        // minPosition waits (bounded) for the projector; a 503 says "not yet, retry".
        const answer = await retryUntil(
          () => fetch(`${url}/agreements?minPosition=${head}`, { headers: keys.header('analyst') }),
          (reply) => reply.status !== 503,
          WAIT_MS,
          () => projector.output(),
        );
        expect(answer.status).toBe(200);
        expect(((await answer.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
        await waitUntil(
          async () => (await readStreamOrEmpty(apiStore, CHECKPOINT_STREAM)).length >= 1,
          WAIT_MS,
          () => `for a checkpoint; the projector said: ${projector.output()}`,
        );
      },
      2 * WAIT_MS,
    );

    it('verifies the whole ledger on the server, and proves an event that checks offline', async () => {
      const verify = await fetch(`${url}/audit/verify`, { headers: keys.header('auditor') });
      expect(await verify.json()).toMatchObject({ ok: true });
      const publicKey = signing.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      writeFileSync(join(dir, 'key.pem'), publicKey);
      const verified = await cli('auditor', 'verify', '--public-key', 'key.pem');
      expect([verified.code, verified.stdout]).toEqual([0, expect.stringContaining('OK: ')]);
      const [, ninth] = await firstEvents(apiStore, 9);
      const proof = await cli('auditor', 'proof', String(ninth), '--out', 'proof.json');
      expect(proof.code).toBe(0);
      const offline = await ledger(['verify-proof', 'proof.json', '--public-key', 'key.pem'], {
        cwd: dir,
      });
      expect(offline.stdout).toMatch(new RegExp(`^VALID: the \\w+ event at position ${ninth} `));
    });

    it("replays and exports through the CLI over the API, as of the read models' checkpoint", async () => {
      const replay = await cli('auditor', 'replay', '--json');
      expect(replay.code).toBe(0);
      const replayed = JSON.parse(replay.stdout) as { asOfPosition: string; discrepancies: [] };
      // As of the read models' checkpoint: every ledger event, perhaps a later signed checkpoint.
      expect(BigInt(replayed.asOfPosition)).toBeGreaterThanOrEqual(await liveHead(apiStore));
      expect(replayed.discrepancies.length).toBeGreaterThan(0);
      const exported = await cli('auditor', 'export', '--format', 'hxl');
      expect(exported.code).toBe(0);
      expect(exported.stdout.split('\n').length).toBeGreaterThan(3);
    });

    it('streams the whole log over SSE, history then live, each position once and in order', async () => {
      const log = await deliverablePositions(apiStore);
      const sse = new SseReader(`${url}/subscriptions/all?from=0`, keys.header('subscriber'));
      try {
        await sse.until((r) => r.events.length >= log.length, WAIT_MS);
        const registered = await fetch(`${url}/sources`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...keys.header('recorder') },
          body: JSON.stringify({ sourceId: 'live-one', name: 'Live One', kind: 'news_agency' }),
        });
        const { position } = (await registered.json()) as { position: string };
        await sse.until((r) => r.events.some((e) => e.id === position), WAIT_MS);
        // Up to the new event, the log as it is now: the projector may sign a checkpoint at
        // any moment, before the new event or right after it.
        const upTo = (positions: bigint[]) => positions.filter((p) => p <= BigInt(position));
        const delivered = sse.events.map((e) => BigInt(e.id as string));
        const logNow = upTo(await deliverablePositions(apiStore));
        expect(logNow.slice(0, log.length)).toEqual(log);
        expect(logNow.at(-1)).toBe(BigInt(position));
        expect(upTo(delivered)).toEqual(logNow);
      } finally {
        sse.close();
      }
    });

    it('rebuilds the read models (projector rebuild --verify) to the live digest', async () => {
      const head = await apiStore.headPosition();
      await waitUntil(
        () => liveCheckpoint(dir) >= head,
        WAIT_MS,
        () => projector.output(),
      );
      projector.stop.abort();
      expect(await projector.done).toBe(0);
      const live = currentGeneration(dir);
      let output = '';
      const io = { write: (text: string) => ((output += text), true) };
      const store = withHashChain(opened.open());
      try {
        const code = await runProjector(['rebuild', '--verify'], config, {
          stdout: io,
          stderr: io,
          store,
        });
        expect([code, output]).toEqual([0, expect.stringContaining('Verified: identical')]);
      } finally {
        await store.close();
      }
      const rebuilt = currentGeneration(dir);
      expect(rebuilt).not.toBe(live);
      expect(digestOf(join(dir, rebuilt), head)).toEqual(digestOf(join(dir, live), head));
    });
  });
}

function startProjector(
  config: LedgerConfig,
  store: EventStore,
): { stop: AbortController; done: Promise<number>; output: () => string } {
  const stop = new AbortController();
  let output = '';
  const io = { write: (text: string) => ((output += text), true) };
  const done = runProjector(['run'], config, {
    stdout: io,
    stderr: io,
    signal: stop.signal,
    store,
  });
  return { stop, done, output: () => output };
}

async function allPositions(store: EventStore): Promise<bigint[]> {
  const positions: bigint[] = [];
  for await (const page of readAllPages(store)) positions.push(...page.map((e) => e.position));
  return positions;
}

/** The positions SSE delivers: every event but the id reservations (the ledger's bookkeeping). */
async function deliverablePositions(store: EventStore): Promise<bigint[]> {
  const positions: bigint[] = [];
  for await (const page of readAllPages(store))
    positions.push(...page.filter((e) => !isIdReservationStream(e.stream)).map((e) => e.position));
  return positions;
}

async function firstEvents(store: EventStore, count: number): Promise<bigint[]> {
  const positions = await allPositions(store);
  return [positions[0] as bigint, positions[count - 1] as bigint];
}

/** The last position of a ledger event (the projector's checkpoints come after it). */
async function liveHead(store: EventStore): Promise<bigint> {
  let head = 0n;
  for await (const page of readAllPages(store)) {
    for (const event of page) if (event.stream !== CHECKPOINT_STREAM) head = event.position;
  }
  return head;
}

function liveCheckpoint(dir: string): bigint {
  try {
    const db = ReadModelDb.open(join(dir, currentGeneration(dir)), { readonly: true });
    try {
      return db.checkpoint().position;
    } finally {
      db.close();
    }
  } catch {
    return -1n; // not written yet
  }
}

function digestOf(file: string, at: bigint): ReturnType<typeof readModelDigest> {
  const db = ReadModelDb.open(file, { readonly: true });
  try {
    return readModelDigest(db, at);
  } finally {
    db.close();
  }
}
