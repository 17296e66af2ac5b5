import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_METADATA_KEY, loadOrCreateSigningKey, verifyLedger } from '@ledger/audit';
import { createSqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { currentGeneration, readModelDigest, ReadModelDb, rebuildReadModels } from '@ledger/projections';
import { keysEnv, testKeys } from '../../apps/ledger-api/src/auth/testing/test-keys';
import { bearer, send } from '../security/support/secured-ledger';
import { SEED_REQUESTS } from '../security/support/command-bases';
import { startLedgerProcess } from './support/ledger-process';
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
  return group.every((e, i) => i === 0 || (e.stream === group[0]!.stream && e.revision === group[i - 1]!.revision + 1n && e.position === group[i - 1]!.position + 1n));
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
  const env = { LEDGER_API_KEYS: keysEnv(keys), LEDGER_RATE_LIMIT: '1000000000' };
  afterAll(() => [dataDir, rebuildDir, tsCacheDir].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it(`keeps every acknowledged command through ${CYCLES} kills`, async () => {
    const acknowledged: Acknowledged[] = [];
    const killedAfterMs: number[] = [];
    const started = Date.now();
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const ledger = await startLedgerProcess({ dataDir, tsCacheDir, env });
      if (cycle === 0) {
        for (const { path, body } of SEED_REQUESTS) {
          const reply = await send(`${ledger.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(keys.tokens.recorder) }, body: JSON.stringify(body) });
          if (reply.status !== 201) throw new Error(`seeding ${path}: ${reply.status} ${reply.text}`);
          acknowledged.push({ cycle, commandName: 'seed', events: reply.json.events, streamRevision: reply.json.streamRevision, position: reply.json.position });
        }
      }
      const load = writeLoad(ledger.url, keys.tokens.recorder, cycle, WRITERS);
      const delay = Math.floor(Math.random() * KILL_WINDOW_MS);
      await new Promise((resolve) => setTimeout(resolve, delay));
      ledger.child.kill('SIGKILL');
      killedAfterMs.push(delay);
      expect((await ledger.exited).signal).toBe('SIGKILL');
      acknowledged.push(...(await load.stop()));
      expect(load.refusals).toEqual([]);
    }

    // One more start: recovery on top of the last kill, then the projections catch up and it stops cleanly.
    const last = await startLedgerProcess({ dataDir, tsCacheDir, env });
    const health = (await send(`${last.url}/health`)).json as { lastPosition: string };
    const caughtUp = await send(`${last.url}/claims?limit=1&minPosition=${health.lastPosition}`, { headers: bearer(keys.tokens.analyst) }, 30_000);
    expect(caughtUp.status).toBe(200);
    await last.stop();

    const store = createSqliteEventStore({ file: join(dataDir, 'ledger.db') });
    try {
      const all = await store.readAll();
      const stored = new Map(all.map((e) => [e.id, e]));
      const ackedEvents = acknowledged.flatMap((a) => a.events);
      const lost = ackedEvents.filter((e) => stored.get(e.id)?.type !== e.type);
      expect(lost).toEqual([]);
      for (const ack of acknowledged) {
        const lastEvent = stored.get(ack.events.at(-1)!.id)!;
        expect([lastEvent.revision.toString(), lastEvent.position.toString()]).toEqual([ack.streamRevision, ack.position]);
      }

      const groups = byCommand(all);
      const partial = [...groups.values()].filter((g) => !isWhole(g));
      expect(partial).toEqual([]);
      const ackedSizes = new Map(acknowledged.map((a) => [commandIdOf(stored.get(a.events[0]!.id)!), a.events.length]));
      const torn = [...ackedSizes].filter(([commandId, size]) => groups.get(commandId)?.length !== size);
      expect(torn).toEqual([]);
      // A claim on the disputed quantity always moves the dispute: an unacknowledged one must too.
      const transfers = [...groups.values()].filter((g) => g[0]!.type === 'TransferReported' && g[0]!.data.scope && (g[0]!.data.claimId as string).startsWith('claim-c'));
      expect(transfers.filter((g) => g.map((e) => e.type).join() !== 'TransferReported,DisputeClaimsChanged')).toEqual([]);
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => all[0]!.position + BigInt(i)));

      // Read models after all the kills equal a rebuild from the log.
      const generation = currentGeneration(dataDir);
      const live = ReadModelDb.open(join(dataDir, generation), { readonly: true });
      const liveDigest = readModelDigest(live);
      live.close();
      const rebuilt = await rebuildReadModels(store, rebuildDir);
      const fresh = ReadModelDb.open(join(rebuildDir, rebuilt.generation), { readonly: true });
      const freshDigest = readModelDigest(fresh, BigInt(liveDigest.position));
      fresh.close();
      expect(liveDigest.position).toBe(health.lastPosition);
      expect(freshDigest).toEqual(liveDigest);

      const chained = all.some((e) => e.metadata[AUDIT_METADATA_KEY] !== undefined);
      const verification = chained ? await verifyLedger(store, loadOrCreateSigningKey(dataDir, {}).publicKey) : undefined;
      if (chained) expect(verification).toMatchObject({ ok: true });

      const unacknowledged = [...groups.keys()].filter((id) => !ackedSizes.has(id)).length;
      console.log(
        [
          `Crash cycles: ${CYCLES} SIGKILLs under ${WRITERS} writers (kill ${Math.min(...killedAfterMs)}-${Math.max(...killedAfterMs)} ms after listening), ${((Date.now() - started) / 1000).toFixed(1)} s`,
          `  acknowledged: ${acknowledged.length} commands, ${ackedEvents.length} events; lost 0; partial appends 0; ` +
            `commands stored without an answer (in flight at a kill): ${unacknowledged}`,
          `  event log: ${all.length} events; read models at position ${liveDigest.position} equal a fresh rebuild ` +
            `(${Object.values(liveDigest.tables).reduce((n, t) => n + t.rows, 0)} row versions in ${Object.keys(liveDigest.tables).length} tables)`,
          `  verify: ${chained ? `ok, ${verification?.eventsChecked} events, ${verification?.checkpointsChecked} checkpoints` : 'not run: the events carry no hash chain (the API does not append through withHashChain)'}`,
        ].join('\n'),
      );
    } finally {
      await store.close();
    }
  }, 900_000);
});
