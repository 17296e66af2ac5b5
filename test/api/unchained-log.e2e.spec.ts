import { randomUUID } from 'node:crypto';
import type { EventStore } from '@ledger/event-store';
import { waitUntil } from '../esdb/support/wait';
import { post, startLedger, type TestLedger } from './support/ledger-server';
import { enter, sourcesAndAgreement, transferReport } from './support/scenario';

/**
 * A stream whose last event carries no audit hash (written by a build before the hash chain, or
 * by a tool straight into the store) cannot be extended without breaking the chain. The command
 * is refused with a problem naming the cause, and nothing is written.
 */
describe('a command on a stream whose last event has no audit hash', () => {
  let ledger: TestLedger;
  let raw: EventStore | undefined;
  const stream = 'agreement-istanbul-2025';
  const transfer = (claimId: string) => transferReport(claimId, 1245, 'ua-coordination-hq');

  beforeAll(async () => {
    ledger = await startLedger({
      store: 'sqlite',
      wrapStore: (store) => {
        raw = store;
        return store;
      },
    });
    await enter(ledger, sourcesAndAgreement());
    expect(
      (await post(ledger, `/agreements/istanbul-2025/transfers`, transfer('first'))).status,
    ).toBe(201);
    // The API verifies the whole log once after starting (in the background): let it finish
    // first, or on a slow machine it finds the event below and refuses every write (503).
    await waitUntil(async () => {
      const ready = (await (await fetch(`${ledger.url}/health/ready`)).json()) as {
        checks?: { integrity?: { state?: string } };
      };
      return ready.checks?.integrity?.state === 'verified';
    }, 60_000);
    // The same kind of event, appended around the hash chain.
    const [last] = await ledger.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    if (raw === undefined || last === undefined) throw new Error('no store or no event');
    await raw.appendToStream(stream, [
      {
        id: randomUUID(),
        type: last.type,
        data: { ...last.data, claimId: 'unchained' },
        metadata: { actor: 'a-tool' },
      },
    ]);
  });
  afterAll(() => ledger.close());

  it('answers 409 problem+json with code audit_trail, and appends nothing', async () => {
    const before = (await ledger.store.readStream(stream)).length;
    const answer = await post(ledger, `/agreements/istanbul-2025/transfers`, transfer('second'));
    expect(answer.status).toBe(409);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({
      code: 'audit_trail',
      detail: expect.stringContaining('no valid audit hash'),
    });
    expect((await ledger.store.readStream(stream)).length).toBe(before);
  });
});
