/**
 * A group of subscribers in one process, each a @ledger/ledger-client subscription over its own
 * EventSource. Records the delivery lag of every event (receive time minus the appender's send
 * time) in a histogram, and checks that each subscriber got every event once, in order.
 */
import { performance } from 'node:perf_hooks';
import { type LedgerSubscription, subscribe } from '@ledger/ledger-client';
import { LagHistogram } from './sse-lag.histogram';

export type WorkerCommand = { kind: 'finish'; tag: string; expected: number } | { kind: 'stop' };

const [url, countArg] = process.argv.slice(2);
const headers = { authorization: `Bearer ${process.env.BENCH_TOKEN ?? ''}` };
const count = Number(countArg);
const send = (message: object): void => void process.send?.(message);

interface Follower {
  subscription: LedgerSubscription;
  received: Map<string, number>;
  lastPosition: bigint;
  outOfOrder: number;
  caughtUp: boolean;
}

const histograms = new Map<string, LagHistogram>();
const followers: Follower[] = [];

function follow(): Follower {
  const follower: Follower = {
    received: new Map(),
    lastPosition: 0n,
    outOfOrder: 0,
    caughtUp: false,
  } as Follower;
  follower.subscription = subscribe({
    baseUrl: url!,
    headers,
    from: 'end',
    maxQueued: 100_000,
    onStatus: (status) => {
      if (status.kind === 'caughtUp' && !follower.caughtUp) {
        follower.caughtUp = true;
        if (followers.every((f) => f.caughtUp)) send({ kind: 'ready' });
      }
    },
    onEvent: (event) => {
      const now = performance.timeOrigin + performance.now();
      const tag = typeof event.metadata.tag === 'string' ? event.metadata.tag : 'untagged';
      const position = BigInt(event.position);
      if (position <= follower.lastPosition) follower.outOfOrder += 1;
      follower.lastPosition = position;
      follower.received.set(tag, (follower.received.get(tag) ?? 0) + 1);
      let histogram = histograms.get(tag);
      if (!histogram) histograms.set(tag, (histogram = new LagHistogram()));
      histogram.record(now - Number(event.metadata.sentAt));
    },
  });
  return follower;
}

async function finish(tag: string, expected: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (followers.some((f) => (f.received.get(tag) ?? 0) < expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const histogram = histograms.get(tag) ?? new LagHistogram();
  send({
    kind: 'finished',
    tag,
    counts: histogram.counts,
    max: histogram.max,
    complete: followers.filter((f) => f.received.get(tag) === expected).length,
    outOfOrder: followers.reduce((n, f) => n + f.outOfOrder, 0),
  });
}

for (let i = 0; i < count; i++) followers.push(follow());
process.on('message', (command: WorkerCommand) => {
  if (command.kind === 'finish') void finish(command.tag, command.expected);
  if (command.kind === 'stop')
    void Promise.all(followers.map((f) => f.subscription.close())).then(() => process.exit(0));
});
