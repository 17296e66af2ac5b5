import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyLedger } from '@ledger/audit';
import { createSqliteEventStore } from '@ledger/event-store';
import { eventTypes, post, startLedger, type TestLedger } from './support/ledger-server';
import { enter, STATED, sourcesAndAgreement, transferReport } from './support/scenario';

/**
 * Each server keeps the states it folded and the hash its chain ended on between commands. Two
 * servers writing one SQLite file (as two processes would) must still decide on every event the
 * other wrote, and chain onto it.
 */
describe('two ledger servers on one SQLite file', () => {
  const A = '/agreements/istanbul-2025';
  const shared = mkdtempSync(join(tmpdir(), 'ledger-shared-'));
  const file = join(shared, 'ledger.db');
  let first: TestLedger;
  let second: TestLedger;
  const report = transferReport;
  const revise = (value: number, reason: string) => ({
    quantity: { value, precision: 'exact' },
    reason,
    statedAt: STATED,
  });

  beforeAll(async () => {
    first = await startLedger({ wrapStore: () => createSqliteEventStore({ file }) });
    second = await startLedger({ wrapStore: () => createSqliteEventStore({ file }) });
    await enter(first, sourcesAndAgreement());
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    rmSync(shared, { recursive: true, force: true });
  });

  it('decides each command on the events the other server appended since', async () => {
    // The first server folds the agreement and keeps it.
    expect(
      (await post(first, `${A}/transfers`, report('ua-1245', 1245, 'ua-coordination-hq'))).status,
    ).toBe(201);
    // The second appends a contradicting claim the first has not seen.
    const contradiction = await post(second, `${A}/transfers`, report('ru-1248', 1248, 'ru-mod'));
    expect(eventTypes(contradiction)).toEqual(['TransferReported', 'FigureDisputed']);
    // The first knows that claim and its dispute: the revision moves the dispute with it.
    const revised = await post(first, `${A}/claims/ru-1248/revisions`, {
      newClaimId: 'ru-1246',
      ...revise(1246, 'recount'),
    });
    expect(revised.status).toBe(201);
    expect(eventTypes(revised)).toEqual(['ClaimRevised', 'DisputeClaimsChanged']);
    // And the second sees the first's revision in turn.
    const again = await post(second, `${A}/claims/ru-1248/revisions`, revise(1247, 'again'));
    expect(again).toMatchObject({ status: 409, body: { code: 'claim_superseded' } });
    const stream = await first.store.readStream('agreement-istanbul-2025');
    expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
  });

  it('sees a source the other server registered after this one was refused for want of it', async () => {
    const refused = await post(first, `${A}/transfers`, report('late-1', 1245, 'late-source'));
    expect(refused.status).toBe(404);
    const registered = await post(second, '/sources', {
      sourceId: 'late-source',
      name: 'Late Source',
      kind: 'news_agency',
    });
    expect(registered.status).toBe(201);
    expect(
      (await post(first, `${A}/transfers`, report('late-1', 1245, 'late-source'))).status,
    ).toBe(201);
  });

  it('replays a key the other server recorded, though this one kept the stream before it', async () => {
    const body = report('shared-key-1', 1245, 'ua-coordination-hq');
    const key = { 'idempotency-key': 'shared-key-1' };
    // Both servers have kept the agreement's state; the first records the keyed command.
    const recorded = await post(first, `${A}/transfers`, body, key);
    expect(recorded.status).toBe(201);
    const replayed = await post(second, `${A}/transfers`, body, key);
    expect(replayed.status).toBe(201);
    expect(replayed.body).toEqual(recorded.body);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    const reused = await post(second, `${A}/transfers`, report('shared-key-2', 1, 'ru-mod'), key);
    expect(reused).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
  });

  it('keeps one unbroken hash chain across both servers', async () => {
    // Alternate writers on the same stream: each append must chain onto the other's last event.
    for (let i = 0; i < 6; i++) {
      const ledger = i % 2 === 0 ? first : second;
      const answer = await post(
        ledger,
        `${A}/transfers`,
        report(`alt-${i}`, 1245, 'ua-coordination-hq'),
      );
      expect(answer.status).toBe(201);
    }
    const report_ = await verifyLedger(first.store, []);
    expect(report_.firstFailure).toBeUndefined();
    expect(report_.eventsChecked).toBeGreaterThan(15);
  });
});
