import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIdReservationStream, SEED_IDS, SEED_SCENARIO } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { InMemoryLedger } from '../../libs/domain/src/testing/in-memory-ledger';
import { runSeed } from './support/run-seed';
import { startLedger, type TestLedger } from './support/ledger-server';

const { claims: C, sources: S } = SEED_IDS;

/**
 * The issue's acceptance scenario: `npm run seed`'s script enters the founding article over HTTP
 * into a ledger on a real SQLite file; the events are then read back from the store.
 */
describe('the seed scenario entered over HTTP (SQLite store)', () => {
  let ledger: TestLedger;
  let firstRun: Awaited<ReturnType<typeof runSeed>>;
  let events: RecordedEvent[];
  const ofType = (type: string) => events.filter((e) => e.type === type);
  const transfer = (claimId: string) =>
    ofType('TransferReported').find((e) => e.data.claimId === claimId);

  beforeAll(async () => {
    ledger = await startLedger({ store: 'sqlite' });
    firstRun = await runSeed(ledger);
    // The ledger's own events; the id reservations beside them are bookkeeping the domain does not decide.
    events = (await ledger.store.readAll()).filter((e) => !isIdReservationStream(e.stream));
  });
  afterAll(() => ledger.close());

  it('enters every command of the fixture', () => {
    expect(firstRun.stderr).toBe('');
    expect(firstRun.code).toBe(0);
    expect(firstRun.stdout).toContain(
      `Done: ${SEED_SCENARIO.length} commands; ${events.length} events appended; 0 commands were already entered.`,
    );
  });

  it('stores exactly what the domain decides for the seed commands, stream by stream, in order', () => {
    const decided = new InMemoryLedger();
    decided.executeAll(SEED_SCENARIO);
    expect(events.map((e) => ({ stream: e.stream, type: e.type, data: e.data }))).toEqual(
      decided.log.map(({ stream, event }) => ({ stream, type: event.type, data: event.data })),
    );
  });

  it("stores 1,245 (Ukraine's Coordination HQ) and 1,248 (Russia's defence ministry), each with its source", () => {
    expect(transfer(C.uaFinal1245)?.data).toMatchObject({
      sourceId: S.uaHq,
      quantity: { value: 1245, precision: 'exact' },
      scope: { kind: 'phase', phase: 'final' },
      direction: { from: 'russia', to: 'ukraine' },
    });
    expect(transfer(C.ruFinal1248)?.data).toMatchObject({
      sourceId: S.ruMod,
      quantity: { value: 1248, precision: 'exact' },
      scope: { kind: 'phase', phase: 'final' },
      direction: { from: 'russia', to: 'ukraine' },
    });
    const sources = ofType('SourceRegistered').map((e) => e.data);
    expect(sources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          sourceId: S.uaHq,
          kind: 'party_authority',
          affiliation: 'ukraine',
        }),
        expect.objectContaining({
          sourceId: S.ruMod,
          kind: 'party_authority',
          affiliation: 'russia',
        }),
      ]),
    );
  });

  it('records FigureDisputed with delta 3, caused by the second claim, and leaves it open', () => {
    const disputes = ofType('FigureDisputed');
    expect(disputes).toHaveLength(1);
    expect(disputes[0]?.data).toMatchObject({
      disputeId: SEED_IDS.disputes.finalPhase,
      delta: 3,
      detectedBy: 'rule',
      causedBy: { claimId: C.ruFinal1248 },
    });
    expect(disputes[0]?.metadata.causationId).toBe(transfer(C.ruFinal1248)?.id);
    expect(ofType('DisputeStatusChanged')).toEqual([]);
  });

  it('stores "over 6,000" as at least 6,000', () => {
    expect(transfer(C.umerovOver6000)?.data).toMatchObject({
      sourceId: S.umerov,
      quantity: { value: 6000, precision: 'at_least' },
      scope: { kind: 'cumulative', period: 'past week' },
    });
  });

  it('stores 51 received this phase and 78 in total', () => {
    expect(transfer(C.ruReceived51)?.data).toMatchObject({
      sourceId: S.ruMod,
      quantity: { value: 51, precision: 'exact' },
      direction: { from: 'ukraine', to: 'russia' },
      scope: { kind: 'phase', phase: 'final' },
    });
    expect(transfer(C.ruReceivedTotal78)?.data).toMatchObject({
      sourceId: S.ruMod,
      quantity: { value: 78, precision: 'exact' },
      direction: { from: 'ukraine', to: 'russia' },
      scope: { kind: 'cumulative' },
    });
  });

  it('keeps the unilateral offer of 2,239 pending', () => {
    const offerEvents = events.filter((e) => e.stream === `offer-${SEED_IDS.offers.ru2239}`);
    expect(offerEvents.map((e) => e.type)).toEqual(['OfferMade']);
    expect(offerEvents[0]?.data).toMatchObject({
      by: 'russia',
      to: 'ukraine',
      sourceId: S.ruMod,
      quantity: { value: 2239, precision: 'exact' },
      beyondAgreement: true,
    });
  });

  it('keeps both characterisations, the second contesting the first', () => {
    expect(ofType('CharacterizationClaimed').map((e) => e.data)).toEqual([
      expect.objectContaining({
        claimId: C.uaMutual,
        sourceId: S.uaHq,
        property: 'reciprocity',
        value: 'mutual_exchange',
        contestedClaimIds: [],
      }),
      expect.objectContaining({
        claimId: C.ruUnilateral,
        sourceId: S.ruMod,
        property: 'reciprocity',
        value: 'unilateral_humanitarian',
        contestedClaimIds: [C.uaMutual],
      }),
    ]);
  });

  it('stores the completion claim on the repatriation term', () => {
    expect(ofType('AgreementTermCompletionClaimed').map((e) => e.data)).toEqual([
      expect.objectContaining({
        claimId: C.uaCompletion,
        termId: SEED_IDS.terms.repatriation,
        sourceId: S.uaHq,
      }),
    ]);
  });

  it('stores the news agency as a relay, and the website that republished it as a relay too', () => {
    const ewn = ofType('SourceRegistered').find((e) => e.data.sourceId === S.ewn);
    expect(ewn?.data).toMatchObject({ kind: 'news_agency' });
    const corroborations = ofType('ClaimCorroborated').map((e) => e.data);
    expect(corroborations).toEqual([
      expect.objectContaining({ claimId: C.uaFinal1245, sourceId: S.ewn, independence: 'relay' }),
      expect.objectContaining({ claimId: C.ruFinal1248, sourceId: S.ewn, independence: 'relay' }),
      expect.objectContaining({
        claimId: C.uaFinal1245,
        sourceId: S.ajTechnicalDr,
        independence: 'relay',
      }),
    ]);
  });

  it('appends nothing when run a second time, answering every command with its first answer', async () => {
    const head = await ledger.store.headPosition();
    const second = await runSeed(ledger);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      `Done: ${SEED_SCENARIO.length} commands; 0 events appended; ${SEED_SCENARIO.length} commands were already entered.`,
    );
    // The same lines but for the marker: same events, revisions and positions.
    const lines = (out: string) => out.split('\n').filter((l) => l.includes(' -> '));
    expect(lines(second.stdout).map((l) => l.replace(' [already entered]', ''))).toEqual(
      lines(firstRun.stdout),
    );
    await expect(ledger.store.headPosition()).resolves.toBe(head);
  });

  it('stops with exit code 1 at the first command the ledger refuses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-fixture-'));
    const fixture = join(dir, 'bad.json');
    writeFileSync(
      fixture,
      JSON.stringify([
        { method: 'POST', path: '/agreements/nowhere/transfers', body: { nonsense: true } },
        { method: 'POST', path: '/sources', body: { name: 'never sent', kind: 'media' } },
      ]),
    );
    try {
      const run = await runSeed(ledger, fixture);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('1/2 POST /agreements/nowhere/transfers -> 400');
      expect(run.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
