import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SEED_SCENARIO } from '@ledger/domain';
import {
  createMemoryEventStore,
  createSqliteEventStore,
  type EventStore,
} from '@ledger/event-store';
import { readModelDigest } from './read-model/digest';
import { currentGeneration, DEFAULT_GENERATION } from './read-model/generations';
import { ReadModelDb, ReadModelUnavailableError } from './read-model/read-model-db';
import { ReadModels } from './read-models';
import { progressBar, renderProgress } from './runner/progress';
import { rebuildReadModels, type RebuildProgress } from './runner/rebuild';
import { LedgerWriter } from './testing/ledger-writer';
import { FOLLOW_UP } from './testing/seed-history';
import { storeWith, tempDir } from './testing/temp-dir';

const ICRC = {
  type: 'RegisterSource',
  metadata: { now: '2025-06-19T08:00:00Z' },
  data: { sourceId: 'icrc', name: 'ICRC', kind: 'neutral_intermediary' },
} as const;
const openDiscrepancies = (models: ReadModels): number =>
  models.read(
    (q, _db, checkpoint) =>
      q.discrepancies(
        { position: checkpoint.position, current: true },
        { open: true },
        { limit: 50 },
      ).items.length,
  );

describe('read models in a data directory', () => {
  let dir: string;
  let cleanup: () => void;
  let store: EventStore;
  const toClose: (ReadModels | ReadModelDb)[] = [];

  beforeEach(async () => {
    ({ dir, cleanup } = tempDir());
    store = createSqliteEventStore({ file: join(dir, 'ledger.db'), synchronous: 'NORMAL' });
    await new LedgerWriter(store).executeAll([...SEED_SCENARIO, FOLLOW_UP.acknowledgeDispute]);
  });

  afterEach(async () => {
    for (const m of toClose.splice(0)) await m.close();
    await store.close();
    cleanup();
  });

  async function writer(source: EventStore = store): Promise<ReadModels> {
    const models = await ReadModels.startWriter(source, dir, { pointerCheckMs: 20, batchSize: 5 });
    toClose.push(models);
    return models;
  }

  it('rebuilds into a new generation while the live one answers, then swaps to identical read models', async () => {
    // A store that answers its head slowly, as a remote one would: the swap awaits it.
    const slow = storeWith(store, {
      headPosition: () =>
        new Promise((resolve) => setTimeout(() => resolve(store.headPosition()), 30)),
    });
    const live = await writer(slow);
    const caughtUp = (await live.whenCaughtUp())!;
    const answeredDuringRebuild: number[] = [];
    const progress: RebuildProgress[] = [];
    const report = await rebuildReadModels(store, dir, {
      batchSize: 4,
      onProgress: (p) => {
        progress.push(p);
        answeredDuringRebuild.push(openDiscrepancies(live));
      },
    });

    expect(progress.length).toBeGreaterThan(3);
    expect(progress.map((p) => p.events)).toEqual(
      [...progress.map((p) => p.events)].sort((a, b) => a - b),
    );
    expect(progress.at(-1)).toMatchObject({
      events: caughtUp.events,
      position: caughtUp.position,
      head: caughtUp.position,
    });
    expect(new Set(answeredDuringRebuild)).toEqual(new Set([2]));
    expect(report).toMatchObject({
      previous: DEFAULT_GENERATION,
      checkpoint: { position: caughtUp.position },
    });
    expect(currentGeneration(dir)).toBe(report.generation);

    const previous = ReadModelDb.open(join(dir, DEFAULT_GENERATION), { readonly: true });
    toClose.push(previous);
    const before = readModelDigest(previous);
    const switching = live.refresh();
    const answeredWhileSwitching: number[] = [];
    for (let i = 0; i < 5; i++) {
      answeredWhileSwitching.push(openDiscrepancies(live));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await switching;
    expect(answeredWhileSwitching).toEqual([2, 2, 2, 2, 2]);
    expect(live.file).toBe(join(dir, report.generation));
    live.read((_q, db) => expect(readModelDigest(db)).toEqual(before));

    const { position } = await new LedgerWriter(store).execute(ICRC);
    await expect(live.waitForPosition(position, 5000)).resolves.toBe(true);
    expect(
      live.read((q, _db, c) => q.source({ position: c.position, current: true }, 'icrc')?.name),
    ).toBe('ICRC');
  });

  it('keeps only the generation in use and the one it replaced', async () => {
    const live = await writer();
    await live.whenCaughtUp();
    const first = await rebuildReadModels(store, dir);
    const second = await rebuildReadModels(store, dir);
    const files = readdirSync(dir).filter((f) => f.startsWith('read-models.') && f.endsWith('.db'));
    expect(files.sort()).toEqual([first.generation, second.generation].sort());
    expect(existsSync(join(dir, DEFAULT_GENERATION))).toBe(false);
  });

  it('projects afresh when the file was built from another event log (a memory store that restarted)', async () => {
    const memory = createMemoryEventStore();
    await new LedgerWriter(memory).execute(ICRC);
    const once = await writer(memory);
    await once.whenCaughtUp();
    await once.close();

    const restarted = createMemoryEventStore();
    const models = await writer(restarted);
    expect(currentGeneration(dir)).not.toBe(DEFAULT_GENERATION);
    expect(
      readdirSync(dir).filter((f) => f.endsWith('.db') && f.startsWith('read-models')),
    ).toEqual([currentGeneration(dir)]);
    expect((await models.whenCaughtUp())?.events).toBe(0);
    expect(
      models.read(
        (q, _db, c) => q.sources({ position: c.position, current: true }, {}, { limit: 10 }).items,
      ),
    ).toEqual([]);
  });

  it('starts a new generation when the file holds another schema version', async () => {
    const old = new Database(join(dir, DEFAULT_GENERATION));
    old.pragma('user_version = 99');
    old.exec('CREATE TABLE something_else (x)');
    old.close();
    const models = await writer();
    await models.whenCaughtUp();
    expect(currentGeneration(dir)).not.toBe(DEFAULT_GENERATION);
    expect(openDiscrepancies(models)).toBe(2);
  });

  it('lets a reader follow the writer: its checkpoint, a bounded wait for a position, and swaps', async () => {
    const reader = ReadModels.openReader(dir, { pointerCheckMs: 20, pollMs: 5 });
    toClose.push(reader);
    expect(reader.checkpoint()).toBeUndefined();
    expect(() => reader.read(() => 1)).toThrow(ReadModelUnavailableError);
    await expect(reader.waitForPosition(1n, 30)).resolves.toBe(false);

    const live = await writer();
    const { position } = await live.whenCaughtUp().then((c) => c ?? { position: 0n });
    await expect(reader.waitForPosition(position, 5000)).resolves.toBe(true);
    expect(openDiscrepancies(reader)).toBe(2);

    const report = await rebuildReadModels(store, dir);
    await reader.refresh();
    expect(reader.file).toBe(join(dir, report.generation));
    expect(openDiscrepancies(reader)).toBe(2);
    expect(() => reader.read((_q, db) => db.applyBatch([]))).toThrow();
  });
});

describe('the rebuild progress bar', () => {
  const at = (events: number, elapsedMs: number): RebuildProgress => ({
    events,
    position: BigInt(events),
    head: 1_000_000n,
    elapsedMs,
  });

  it('shows the share done, the count and events per second', () => {
    expect(renderProgress(at(620_000, 15_000))).toBe(
      '[###################...........]  62%  620,000 events  41,333 events/s  position 620,000/1,000,000',
    );
    expect(renderProgress({ events: 0, position: 0n, head: 0n, elapsedMs: 0 })).toContain('100%');
  });

  it('redraws one line on a terminal and writes one line a second to a file', () => {
    const tty: string[] = [];
    const bar = progressBar({ isTTY: true, write: (t) => tty.push(t) });
    bar.update(at(1, 10));
    bar.update(at(2, 20));
    bar.done();
    expect(tty.map((t) => t.slice(0, 1))).toEqual(['\r', '\r', '\r']);
    expect(tty.at(-1)?.endsWith('\n')).toBe(true);

    let now = 0;
    const file: string[] = [];
    const logBar = progressBar({ isTTY: false, write: (t) => file.push(t) }, 1000, () => now);
    for (const ms of [1000, 1500, 2100, 2200]) {
      now = ms;
      logBar.update(at(ms, ms));
    }
    logBar.done();
    expect(file).toHaveLength(3);
    const once: string[] = [];
    const shortRun = progressBar({ isTTY: false, write: (t) => once.push(t) });
    shortRun.update(at(21, 5));
    shortRun.done();
    expect(once).toEqual([`${renderProgress(at(21, 5))}\n`]);
    expect(file.every((l) => l.endsWith('\n') && !l.startsWith('\r'))).toBe(true);
  });
});
