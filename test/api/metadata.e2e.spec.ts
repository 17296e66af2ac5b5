import { eventIds, post, startLedger, TEST_ACTOR, type TestLedger } from './support/ledger-server';
import { enter, STATED, sourcesAndAgreement, transferReport } from './support/scenario';

const A = '/agreements/istanbul-2025';
const transfer = transferReport;

describe('event metadata: who recorded each event, and why', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startLedger();
    await enter(ledger, sourcesAndAgreement());
  });
  afterAll(() => ledger.close());

  it('records actor, correlation id from the header, command name and id, causation and schema version', async () => {
    const res = await post(
      ledger,
      `${A}/transfers`,
      transfer('ua-1245', 1245, 'ua-coordination-hq'),
      { 'x-correlation-id': 'desk-42' },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('x-correlation-id')).toBe('desk-42');
    const [event] = await ledger.store.readStream('agreement-istanbul-2025', { fromRevision: 1n });
    expect(event?.metadata).toEqual({
      actor: TEST_ACTOR,
      correlationId: 'desk-42',
      commandName: 'ReportTransfer',
      commandId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      causationId: event?.metadata.commandId,
      schemaVersion: 1,
    });
  });

  it('generates a correlation id when the header is absent, and echoes it', async () => {
    const res = await post(ledger, `${A}/completion-claims`, {
      claimId: 'done',
      termId: 'repatriation',
      sourceId: 'ua-coordination-hq',
      statedAt: STATED,
    });
    const [last] = await ledger.store.readStream('agreement-istanbul-2025', {
      direction: 'backwards',
      maxCount: 1,
    });
    expect(last?.metadata.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-correlation-id')).toBe(last?.metadata.correlationId);
  });

  it('gives derived events the claim event of the same batch as their causation', async () => {
    const res = await post(ledger, `${A}/transfers`, transfer('ru-1248', 1248, 'ru-mod'), {
      'x-correlation-id': 'desk-43',
    });
    const [claimId, disputeId] = eventIds(res);
    const stored = await ledger.store.readStream('agreement-istanbul-2025', {
      direction: 'backwards',
      maxCount: 2,
    });
    const byId = new Map(stored.map((e) => [e.id, e]));
    const claimEvent = byId.get(claimId!)!;
    const disputeEvent = byId.get(disputeId!)!;
    expect(disputeEvent.type).toBe('FigureDisputed');
    expect(claimEvent.metadata.causationId).toBe(claimEvent.metadata.commandId);
    expect(disputeEvent.metadata).toMatchObject({
      causationId: claimEvent.id,
      commandId: claimEvent.metadata.commandId,
      correlationId: 'desk-43',
      commandName: 'ReportTransfer',
    });
  });

  it('chains causation through every derived event of a retraction', async () => {
    const res = await post(ledger, `${A}/claims/ru-1248/retraction`, { reason: 'withdrawn' });
    const ids = eventIds(res);
    const stored = await ledger.store.readStream('agreement-istanbul-2025', {
      direction: 'backwards',
      maxCount: ids.length,
    });
    const [retracted, ...derived] = stored.reverse();
    expect(stored.map((e) => e.id)).toEqual(ids);
    expect(retracted?.type).toBe('ClaimRetracted');
    expect(derived.length).toBeGreaterThan(0);
    for (const event of derived) expect(event.metadata.causationId).toBe(retracted?.id);
  });

  it('answers 400 for a malformed X-Correlation-Id or Idempotency-Key, naming the header', async () => {
    const res = await post(
      ledger,
      '/sources',
      { name: 'X', kind: 'media' },
      { 'x-correlation-id': 'has spaces', 'idempotency-key': 'k'.repeat(201) },
    );
    expect(res.status).toBe(400);
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).toEqual([
      'headers.x-correlation-id',
      'headers.idempotency-key',
    ]);
  });
});
