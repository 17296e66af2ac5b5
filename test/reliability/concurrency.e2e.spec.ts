import {
  agreementDecider,
  type AgreementEvent,
  foldEvents,
  type LedgerCommand,
  parseLedgerEvent,
  SEED_SCENARIO,
} from '@ledger/domain';
import { InMemoryLedger } from '@ledger/domain/testing/in-memory-ledger';
import { startSecuredLedger, type SecuredLedger } from '../security/support/secured-ledger';
import { send } from '../support/http';
import { bearer } from '../support/test-ledger';
import { httpRequestFor } from '../api/support/http-requests';

const AGREEMENT = 'istanbul-2025';
const STREAM = `agreement-${AGREEMENT}`;
const NOW = '2025-06-20T12:00:00.000Z';
const STATED = '2025-06-18T09:00:00Z';
/** The conflicts a command may lose to another one: the domain's (409) or the store's after retries. */
const CONFLICTS = [
  'claim_already_exists',
  'claim_superseded',
  'claim_retracted',
  'concurrency_conflict',
];

const meta = { metadata: { now: NOW } };
const transfer = (claimId: string, value: number): LedgerCommand => ({
  type: 'ReportTransfer',
  ...meta,
  data: {
    agreementId: AGREEMENT,
    claimId,
    termId: 'repatriation',
    direction: { from: 'russia', to: 'ukraine' },
    measure: 'bodies',
    quantity: { value, precision: 'exact' },
    scope: { kind: 'phase', phase: 'final' },
    statedAt: STATED,
    sourceId: 'ewn',
  },
});

/**
 * 100 commands at once on one stream: 40 new claims (they only race for the revision), and three
 * groups of 20 that exclude each other (one claim id reported 20 times, one claim revised 20
 * times, one retracted 20 times): in each group exactly one can win.
 */
function contenders(): LedgerCommand[] {
  const commands: LedgerCommand[] = [];
  for (let i = 0; i < 40; i++) commands.push(transfer(`claim-race-${i}`, 1_200 + i));
  for (let i = 0; i < 20; i++) commands.push(transfer('claim-race-same', 1_300 + i));
  for (let i = 0; i < 20; i++)
    commands.push({
      type: 'ReviseClaim',
      ...meta,
      data: {
        agreementId: AGREEMENT,
        claimId: 'claim-ru-mod-received-51',
        newClaimId: `claim-revision-${i}`,
        quantity: { value: 52 + i, precision: 'exact' },
        reason: `recount ${i}`,
        statedAt: STATED,
      },
    });
  for (let i = 0; i < 20; i++)
    commands.push({
      type: 'RetractClaim',
      ...meta,
      data: {
        agreementId: AGREEMENT,
        claimId: 'claim-umerov-over-6000',
        reason: `withdrawn ${i}`,
        statedAt: STATED,
      },
    });
  // A fixed shuffle, so the groups interleave on the wire.
  return commands
    .map((c, i) => ({ c, k: (i * 7919) % 101 }))
    .sort((a, b) => a.k - b.k)
    .map(({ c }) => c);
}

describe('100 concurrent conflicting commands on one stream', () => {
  let ledger: SecuredLedger;
  beforeAll(async () => {
    ledger = await startSecuredLedger({ store: 'sqlite' });
    for (const command of SEED_SCENARIO) {
      const { path, body } = httpRequestFor(command);
      const reply = await send(`${ledger.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(ledger.tokens.recorder) },
        body: JSON.stringify(body),
      });
      if (reply.status !== 201) throw new Error(`seeding ${path}: ${reply.status} ${reply.text}`);
    }
  }, 60_000);
  afterAll(() => ledger.close());

  it('applies each or answers 409, loses nothing, and ends where the accepted ones replayed in log order end', async () => {
    const before = await ledger.store.readStream(STREAM);
    const commands = contenders();
    const started = Date.now();
    const replies = await Promise.all(
      commands.map(async (command) => {
        const { path, body } = httpRequestFor(command);
        const reply = await send(
          `${ledger.url}${path}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...bearer(ledger.tokens.recorder) },
            body: JSON.stringify(body),
          },
          60_000,
        );
        return { command, reply };
      }),
    );
    const elapsedMs = Date.now() - started;

    expect(
      replies
        .filter(({ reply }) => reply.status !== 201 && reply.status !== 409)
        .map(({ reply }) => `${reply.status} ${reply.text}`),
    ).toEqual([]);
    const accepted = replies.filter(({ reply }) => reply.status === 201);
    const refused = replies.filter(({ reply }) => reply.status === 409);
    const refusals = new Map<string, number>();
    for (const { reply } of refused) {
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(CONFLICTS).toContain(reply.json.code);
      refusals.set(reply.json.code as string, (refusals.get(reply.json.code as string) ?? 0) + 1);
    }

    // Nothing lost: every event an answer acknowledged is in the stream, where the answer said.
    const after = await ledger.store.readStream(STREAM);
    const appended = after.slice(before.length);
    const byId = new Map(appended.map((e) => [e.id, e]));
    const acknowledged = accepted.flatMap(({ reply }) =>
      (reply.json.events as { id: string }[]).map((e) => e.id),
    );
    expect(acknowledged.filter((id) => !byId.has(id))).toEqual([]);
    expect(appended.length).toBe(acknowledged.length);
    for (const { reply } of accepted) {
      const last = byId.get((reply.json.events as { id: string }[]).at(-1)!.id)!;
      expect([last.revision.toString(), last.position.toString()]).toEqual([
        reply.json.streamRevision,
        reply.json.position,
      ]);
    }

    // Exactly one winner in each group that excludes the others.
    const won = (p: (c: LedgerCommand) => boolean): number =>
      accepted.filter(({ command }) => p(command)).length;
    expect(won((c) => c.type === 'ReportTransfer' && c.data.claimId === 'claim-race-same')).toBe(1);
    expect(won((c) => c.type === 'ReviseClaim')).toBe(1);
    expect(won((c) => c.type === 'RetractClaim')).toBe(1);

    // The final state is what applying the accepted commands in log order gives.
    const inLogOrder = [...accepted]
      .sort((a, b) => Number(BigInt(a.reply.json.position) - BigInt(b.reply.json.position)))
      .map(({ command }) => command);
    const replay = new InMemoryLedger();
    replay.executeAll([...SEED_SCENARIO, ...inLogOrder]);
    const stored = after.map((e) =>
      parseLedgerEvent({ type: e.type, schemaVersion: e.metadata.schemaVersion, data: e.data }),
    );
    expect(stored.map(({ type, data }) => ({ type, data }))).toEqual(
      replay.eventsOf(STREAM).map(({ type, data }) => ({ type, data })),
    );
    expect(foldEvents(agreementDecider, stored as AgreementEvent[])).toEqual(
      replay.agreement(AGREEMENT),
    );

    console.log(
      `Concurrency: ${commands.length} commands at once on ${STREAM} in ${elapsedMs} ms: ${accepted.length} applied, ${refused.length} answered 409 ` +
        `(${[...refusals].map(([code, n]) => `${code} ${n}`).join(', ')}); ${acknowledged.length} events acknowledged, ${appended.length} appended, lost 0`,
    );
  }, 120_000);
});
