import { requireBaseline } from '../lib/baselines';
import { workerMain } from '../lib/child';
import { TRANSFER_BODY, totalsPath, transferPath } from './workload';

export interface LoadInput {
  readonly url: string;
  readonly connections: number;
  readonly durationSec: number;
  readonly warmupSec: number;
  /** Extra request headers (the API key). */
  readonly headers: Record<string, string>;
  /** ReportTransfer commands (the default), or reads of an agreement's totals. */
  readonly requests?: 'transfers' | 'totals';
  /** GET these paths round robin instead (the query benchmark); wins over `requests`. */
  readonly gets?: readonly string[];
}

export interface LoadResult {
  /** Answers with a 2xx status per second. */
  readonly commandsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly statusCodes: Record<string, number>;
}

interface RequestSpec {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** The part of autocannon's programmatic API used here. */
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: { setupRequest: (request: RequestSpec) => RequestSpec }[];
}) => Promise<{
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  latency: { p50: number; p99: number };
  statusCodeStats: Record<string, { count: number }>;
}>;

/**
 * The load generator, in its own process so it never shares an event loop with the server:
 * autocannon keeps `connections` requests in flight (one per connection, no pipelining), each a
 * ReportTransfer to the next agreement in turn (or a read of its totals).
 */
async function load(input: LoadInput): Promise<LoadResult> {
  const autocannon = requireBaseline<Autocannon>('autocannon');
  let next = 0;
  const body = JSON.stringify(TRANSFER_BODY);
  const run = (duration: number): ReturnType<Autocannon> =>
    autocannon({
      url: input.url,
      connections: input.connections,
      duration,
      requests: [
        {
          setupRequest: (request) =>
            input.gets !== undefined
              ? {
                  ...request,
                  method: 'GET',
                  path: input.gets[next++ % input.gets.length] as string,
                  headers: input.headers,
                  body: '',
                }
              : input.requests === 'totals'
                ? { ...request, method: 'GET', path: totalsPath(next++), headers: input.headers }
                : {
                    ...request,
                    method: 'POST',
                    path: transferPath(next++),
                    headers: { 'content-type': 'application/json', ...input.headers },
                    body,
                  },
        },
      ],
    });
  if (input.warmupSec > 0) await run(input.warmupSec);
  const result = await run(input.durationSec);
  return {
    commandsPerSecond: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
    ),
  };
}

workerMain(load);
