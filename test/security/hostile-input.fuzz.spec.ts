import fc from 'fast-check';
import { CHECKPOINT_STREAM } from '@ledger/audit';
import { cpuSecondsOf } from '../support/test-ledger';
import { commandBases, requestEvents } from './support/command-bases';
import { useFuzzLedger } from './support/fuzz-ledger';
import { hostileRequests } from './support/hostile-requests';
import { isProblem, type RawRequest, ReplyTally } from './support/raw-http';

/** At least 10,000 requests: batches of BATCH sent at once, RUNS batches. */
const BATCH = 8;
const RUNS = 1_250;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/**
 * Hostile input against the real server (the API as its own process, SQLite, 127.0.0.1): every
 * answer is a 4xx problem+json, never a 5xx, the process stays up, and the event log does not
 * grow. Then each unbroken base command is accepted, so the refusals were the mutations' doing.
 */
describe('hostile input to every command route', () => {
  const fuzz = useFuzzLedger({ prefix: 'ledger-fuzz-', sockets: BATCH });

  it(`answers ${BATCH * RUNS} hostile requests with 4xx problem+json, stays up, and appends nothing`, async () => {
    const { keys, ledger, client, store } = fuzz;
    const seeded = await requestEvents(store);
    const disputeId = (await store.readAll()).find((e) => e.type === 'FigureDisputed')?.data
      .disputeId;
    if (typeof disputeId !== 'string') throw new Error('the seed scenario opened no dispute');
    const bases = commandBases(disputeId);
    const arbitrary = hostileRequests(bases, {
      recorder: keys.tokens.recorder,
      wrongRoles: [keys.tokens.analyst, keys.tokens.auditor, keys.tokens.subscriber],
    });
    const tally = new ReplyTally();
    const started = Date.now();
    const serverCpuBefore = cpuSecondsOf(ledger.child.pid);
    const clientCpuBefore = process.cpuUsage();

    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitrary, { minLength: BATCH, maxLength: BATCH }),
        async (batch: RawRequest[]) => {
          const replies = await Promise.all(batch.map((r) => client.send(r)));
          tally.add(batch, replies);
          const wrong = replies
            .map((reply, i) => ({ reply, request: batch[i]! }))
            .filter(({ reply }) => reply.status < 400 || reply.status >= 500 || !isProblem(reply));
          if (wrong.length > 0) {
            const { reply, request } = wrong[0]!;
            throw new Error(
              `${request.label} ${request.path} -> ${reply.status} ${reply.contentType}: ${reply.body.slice(0, 300)}\nbody: ${request.body?.toString('utf8').slice(0, 300)}`,
            );
          }
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );

    const serverCpu = (cpuSecondsOf(ledger.child.pid) ?? NaN) - (serverCpuBefore ?? NaN);
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const after = await requestEvents(store);
    const checkpoints = (await store.readAll()).filter(
      (e) => e.stream === CHECKPOINT_STREAM,
    ).length;
    const health = await fetch(`${ledger.url}/health`);
    console.log(
      [
        `Hostile requests: ${tally.sent} sent in ${((Date.now() - started) / 1000).toFixed(1)} s (fast-check seed ${SEED}, FUZZ_SEED=${SEED} to replay)`,
        `  CPU: server ${serverCpu.toFixed(1)} s, test ${((clientCpu.user + clientCpu.system) / 1e6).toFixed(1)} s`,
        ...tally.reportLines(),
        `  event log: ${seeded} events before, ${after} after (and ${checkpoints} signed checkpoints the ledger appended itself); process ${ledger.child.exitCode === null ? 'alive' : 'DEAD'}, /health ${health.status}`,
      ].join('\n'),
    );
    expect(tally.sent).toBeGreaterThanOrEqual(10_000);
    expect([...tally.statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
    expect(after).toBe(seeded);
    expect(ledger.child.exitCode).toBeNull();
    expect(health.status).toBe(200);

    // The bases themselves are valid: the refusals above came from the mutations.
    for (const base of bases) {
      const reply = await client.send({
        method: 'POST',
        path: base.path,
        body: Buffer.from(JSON.stringify(base.body)),
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${keys.tokens.recorder}`,
        },
        label: 'base',
      });
      expect({
        path: base.path,
        status: reply.status,
        body: reply.status === 201 ? '' : reply.body,
      }).toEqual({ path: base.path, status: 201, body: '' });
    }
    expect(await requestEvents(store)).toBeGreaterThanOrEqual(seeded + bases.length);
  }, 300_000);
});
