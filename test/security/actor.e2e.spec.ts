import { newApiKey } from '../../apps/ledger-api/src/auth';
import { UNREACHABLE_RATE_LIMIT } from '../../apps/ledger-api/src/auth/testing/test-keys';
import { send } from '../support/http';
import { bearer, type RunningTestLedger, startTestLedger } from '../support/test-ledger';

/** The actor in event metadata is the name of the key that sent the command, never anything in the body. */
describe('the actor comes from the API key', () => {
  let ledger: RunningTestLedger;
  const desk = newApiKey('desk-editor-kyiv', ['recorder']);
  const night = newApiKey('night-desk', ['recorder']);
  beforeAll(async () => {
    ledger = await startTestLedger({
      auth: { apiKeys: [desk.record, night.record], rateLimit: UNREACHABLE_RATE_LIMIT },
    });
  });
  afterAll(() => ledger.close());

  const register = (
    token: string,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) =>
    send(`${ledger.url}/sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token), ...headers },
      body: JSON.stringify(body),
    });

  it("writes the key's name as the actor of every event it records", async () => {
    expect(
      (await register(desk.token, { sourceId: 'ewn', name: 'EWN', kind: 'news_agency' })).status,
    ).toBe(201);
    expect(
      (await register(night.token, { sourceId: 'tass', name: 'TASS', kind: 'news_agency' })).status,
    ).toBe(201);
    const actors = (await ledger.store.readAll()).map((e) => [e.stream, e.metadata.actor]);
    expect(actors).toEqual([
      ['source-ewn', 'desk-editor-kyiv'],
      ['source-tass', 'night-desk'],
    ]);
  });

  it('refuses a body that names an actor (unknown field) and records nothing', async () => {
    const before = await ledger.store.headPosition();
    for (const field of ['actor', 'metadata', 'recordedBy']) {
      const reply = await register(desk.token, {
        sourceId: 'reuters',
        name: 'Reuters',
        kind: 'news_agency',
        [field]: 'someone-else',
      });
      expect(reply.status).toBe(400);
      expect(reply.json).toMatchObject({ code: 'validation_failed', errors: [{ field }] });
    }
    expect(await ledger.store.headPosition()).toBe(before);
  });

  it('keeps idempotency keys per actor: the same key from two actors is two commands', async () => {
    const body = (id: string) => ({ sourceId: id, name: id.toUpperCase(), kind: 'media' });
    const first = await register(desk.token, body('kyiv-post'), {
      'idempotency-key': 'shared-key-1',
    });
    const replay = await register(desk.token, body('kyiv-post'), {
      'idempotency-key': 'shared-key-1',
    });
    const other = await register(night.token, body('novaya'), {
      'idempotency-key': 'shared-key-1',
    });
    expect([first.status, replay.status, other.status]).toEqual([201, 201, 201]);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    const recorded = (await ledger.store.readAll()).filter(
      (e) => e.metadata.idempotencyKey === 'shared-key-1',
    );
    expect(recorded.map((e) => e.metadata.actor)).toEqual(['desk-editor-kyiv', 'night-desk']);
  });
});
