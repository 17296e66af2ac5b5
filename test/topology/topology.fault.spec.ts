import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyLedger } from '@ledger/audit';
import { type EventStore, readAllPages, type RecordedEvent } from '@ledger/event-store';
import { testKeys } from '../../apps/ledger-api/src/auth/testing/test-keys';
import { createEsdbEventStore } from '../../libs/event-store/src/esdb';
import { type LedgerProcess } from '../support/test-ledger';
import { type Acknowledged, writeLoad } from '../reliability/support/write-load';
import { SEED_REQUESTS } from '../security/support/command-bases';
import { type Reply, send } from '../support/http';
import { bearer } from '../support/test-ledger';
import { retryUntil, waitUntil } from '../esdb/support/wait';
import { SseReader } from '../subscriptions/support/sse-reader';
import { DEPLOYED, START_MS, Topology } from './support/topology';

/** Every wait is for a condition, bounded generously for a loaded 2-core CI machine. */
const WAIT_MS = 60_000;
/** Events the write load adds before a kill: a bounded load, ended by the test. */
const LOAD_EVENTS = 40;
const figures: string[] = [];

/**
 * EventStoreDB as the way past one machine, tested as the processes it deploys as: the wire
 * double (a gRPC server of its own), two API nodes with read models of their own, and one
 * projector/checkpointer. See docs/EVENTSTOREDB.md; the figures go to docs/RELIABILITY.md.
 */
describe('a multi-node topology on EventStoreDB, as processes on 127.0.0.1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-topology-'));
  const keys = testKeys();
  const acknowledged: Acknowledged[] = [];
  let topology: Topology;
  let a: LedgerProcess;
  let b: LedgerProcess;

  const post = (node: LedgerProcess, path: string, body: unknown): Promise<Reply> =>
    send(
      `${node.url}${path}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(keys.tokens.recorder) },
        body: JSON.stringify(body),
      },
      30_000,
    );
  const read = (node: LedgerProcess, path: string): Promise<Reply> =>
    send(`${node.url}${path}`, { headers: bearer(keys.tokens.analyst) }, 30_000);
  const registerSource = (node: LedgerProcess, id: string): Promise<Reply> =>
    post(node, '/sources', { sourceId: id, name: `Wire ${id}`, kind: 'media' });
  /** A read on `node` once its read models reached `position` (minPosition waits, bounded). */
  const readAt = (node: LedgerProcess, position: string): Promise<Reply> =>
    retryUntil(
      () => read(node, `/agreements?minPosition=${position}`),
      (reply) => reply.status !== 503,
      WAIT_MS,
    );

  beforeAll(async () => {
    topology = await Topology.start(dir, keys);
    const started = Date.now();
    const [nameA, nameB] = DEPLOYED.apiNodes;
    [a, b] = [await topology.startNode(nameA), await topology.startNode(nameB)];
    await topology.startProjector('projector');
    figures.push(`start: store + 2 API nodes + projector in ${seconds(started)} s`);
  }, 4 * START_MS);
  afterAll(async () => {
    await topology?.stop();
    rmSync(dir, { recursive: true, force: true });
    console.log(`Topology figures:\n  ${figures.join('\n  ')}`);
  }, 3 * WAIT_MS);

  it(
    'takes commands through either node, and the other node reads them with minPosition',
    async () => {
      const waits: number[] = [];
      for (const [i, { path, body }] of SEED_REQUESTS.entries()) {
        const [writer, reader] = i % 2 === 0 ? [a, b] : [b, a];
        const written = await post(writer, path, body);
        expect([path, written.status]).toEqual([path, 201]);
        acknowledged.push(ackOf(written.json, path));
        const started = Date.now();
        expect((await readAt(reader, (written.json as Acknowledged).position)).status).toBe(200);
        waits.push(Date.now() - started);
      }
      const head = acknowledged.at(-1)?.position as string;
      // As of one position (checkpoints signed meanwhile may have moved either node on).
      const asOf = (node: LedgerProcess) =>
        retryUntil(
          () => read(node, `/agreements?asOfPosition=${head}`),
          (reply) => reply.status !== 503,
          WAIT_MS,
        );
      const [onA, onB] = [await asOf(a), await asOf(b)];
      expect([onA.status, onA.json]).toEqual([200, onB.json]);
      figures.push(
        `read-your-write across nodes: ${waits.length} commands, minPosition read on the other node answered in median ${median(waits)} ms, max ${Math.max(...waits)} ms`,
      );
    },
    3 * WAIT_MS,
  );

  it(
    'streams the same sequence over SSE from either node, history then live',
    async () => {
      const [fromA, fromB] = [a, b].map(
        (node) =>
          new SseReader(`${node.url}/subscriptions/all?from=0`, bearer(keys.tokens.subscriber)),
      ) as [SseReader, SseReader];
      try {
        const live = await registerSource(a, 'sse-live');
        expect(live.status).toBe(201);
        const position = (live.json as Acknowledged).position;
        acknowledged.push(ackOf(live.json, 'sse'));
        for (const reader of [fromA, fromB])
          await reader.until((r) => r.events.some((e) => e.id === position), WAIT_MS);
        const upTo = (reader: SseReader) =>
          reader.events
            .filter((e) => BigInt(e.id as string) <= BigInt(position))
            .map((e) => [e.id, e.event, e.data]);
        expect(upTo(fromA)).toEqual(upTo(fromB));
        const positions = upTo(fromA).map(([id]) => BigInt(id as string));
        expect(positions).toEqual([...positions].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
        expect(new Set(positions).size).toBe(positions.length);
        figures.push(`SSE: both nodes delivered the same ${positions.length} events in order`);
      } finally {
        fromA.close();
        fromB.close();
      }
    },
    3 * WAIT_MS,
  );

  it(
    'has one background signer; a second checkpointer racing it under load is harmless',
    async () => {
      expect(topology.projectors[0]?.output()).toContain('Signing checkpoints with key');
      const second = await topology.startProjector('projector-2');
      const before = await withClient(topology, (store) => store.headPosition());
      const loads = [
        writeLoad(a.url, keys.tokens.recorder, 1, 2),
        writeLoad(b.url, keys.tokens.recorder, 2, 2),
      ];
      await waitUntil(async () => (await countAfter(topology, before)) >= LOAD_EVENTS, WAIT_MS);
      for (const load of loads) {
        acknowledged.push(...(await load.stop()));
        expect(load.refusals).toEqual([]);
      }
      await second.stop();
      expect(second.output()).toContain('Signing checkpoints with key');
      const report = await withClient(topology, (store) =>
        verifyLedger(store, topology.publicKeyPem),
      );
      expect(report).toMatchObject({ ok: true });
      expect(report.checkpointsChecked).toBeGreaterThanOrEqual(2);
      figures.push(
        `two checkpointers racing under load: ${report.checkpointsChecked} checkpoints, verify ok over ${report.eventsChecked} events`,
      );
    },
    3 * WAIT_MS,
  );

  it(
    'loses no acknowledged command when an API node is SIGKILLed under load',
    async () => {
      const before = await withClient(topology, (store) => store.headPosition());
      const onA = writeLoad(a.url, keys.tokens.recorder, 3, 2);
      const onB = writeLoad(b.url, keys.tokens.recorder, 4, 2);
      await waitUntil(async () => (await countAfter(topology, before)) >= LOAD_EVENTS, WAIT_MS);
      a.child.kill('SIGKILL');
      expect((await a.exited).signal).toBe('SIGKILL');
      const [ackedA, ackedB] = [await onA.stop(), await onB.stop()];
      expect(onB.refusals).toEqual([]);
      acknowledged.push(...ackedA, ...ackedB);
      const log = await withClient(topology, readLog);
      expect(missing(log, acknowledged)).toEqual([]);
      const restarted = Date.now();
      a = await topology.startNode(DEPLOYED.apiNodes[0]);
      const head = log.at(-1)?.position.toString() as string;
      expect((await readAt(a, head)).status).toBe(200);
      figures.push(
        `SIGKILL of node A under 2+2 writers: ${ackedA.length} + ${ackedB.length} commands acknowledged, 0 lost; A restarted and caught up in ${seconds(restarted)} s`,
      );
    },
    3 * WAIT_MS,
  );

  it(
    'answers 503 on every node while the store is down, then recovers with nothing lost or duplicated',
    async () => {
      let downAt = 0;
      await topology.restartStore(async () => {
        downAt = Date.now();
        for (const node of [a, b]) {
          const refused = await registerSource(node, `while-down-${node.url.slice(-5)}`);
          expect([refused.status, refused.headers.get('content-type')]).toEqual([
            503,
            expect.stringContaining('application/problem+json'),
          ]);
        }
      });
      const refusedMs = Date.now() - downAt;
      const restarted = Date.now();
      for (const [n, node] of [a, b].entries()) {
        // A new id per attempt: an attempt refused with 503 may still have been stored.
        let attempt = 0;
        const reply = await retryUntil(
          () => registerSource(node, `after-restart-${n}-${attempt++}`),
          (answer) => answer.status === 201,
          WAIT_MS,
        );
        acknowledged.push(ackOf(reply.json, 'RegisterSource'));
      }
      const recoveredMs = Date.now() - restarted;
      const head = acknowledged.at(-1)?.position as string;
      for (const node of [a, b]) expect((await readAt(node, head)).status).toBe(200);
      const log = await withClient(topology, readLog);
      expect(missing(log, acknowledged)).toEqual([]);
      expect(new Set(log.map((e) => e.id)).size).toBe(log.length);
      const report = await withClient(topology, (store) =>
        verifyLedger(store, topology.publicKeyPem),
      );
      expect(report).toMatchObject({ ok: true });
      figures.push(
        `store SIGKILLed and restarted: both nodes refused with 503 within ${refusedMs} ms (store down), accepted again ${recoveredMs} ms after the restart; log ${log.length} events, every one of the ${acknowledged.length} acknowledged commands present once, verify ok`,
      );
    },
    3 * WAIT_MS,
  );

  it(
    "rebuilds the projector's read models from the store (projector rebuild --verify, a process)",
    async () => {
      const projector = topology.projectors[0];
      await projector?.stop();
      const started = Date.now();
      const rebuilt = await topology.rebuild('projector');
      expect([rebuilt.code, rebuilt.output]).toEqual([
        0,
        expect.stringContaining('Verified: identical'),
      ]);
      figures.push(
        `projector rebuild --verify on EventStoreDB: exit 0 in ${seconds(started)} s (${/Rebuilt \d+ events/.exec(rebuilt.output)?.[0] ?? '?'})`,
      );
    },
    3 * WAIT_MS,
  );
});

async function withClient<T>(
  topology: Topology,
  use: (store: EventStore) => Promise<T>,
): Promise<T> {
  const store = createEsdbEventStore({ connectionString: topology.connectionString });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

async function readLog(store: EventStore): Promise<RecordedEvent[]> {
  const log: RecordedEvent[] = [];
  for await (const page of readAllPages(store)) log.push(...page);
  return log;
}

async function countAfter(topology: Topology, position: bigint): Promise<number> {
  return withClient(topology, async (store) => {
    let count = 0;
    for await (const page of readAllPages(store, { after: position })) count += page.length;
    return count;
  });
}

/** The acknowledged events not in the log where their answer put them. */
function missing(log: readonly RecordedEvent[], acked: readonly Acknowledged[]): string[] {
  const stored = new Map(log.map((e) => [e.id, e]));
  return acked.flatMap((ack) => {
    const lost = ack.events.filter((e) => stored.get(e.id)?.type !== e.type).map((e) => e.id);
    const last = stored.get(ack.events.at(-1)?.id ?? '');
    const moved = last?.position.toString() === ack.position ? [] : [`${ack.position}?`];
    return [...lost, ...moved];
  });
}

/** What a 201 said it wrote (the command's name for the record). */
function ackOf(json: unknown, commandName: string): Acknowledged {
  return { ...(json as Omit<Acknowledged, 'cycle' | 'commandName'>), cycle: 0, commandName };
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
