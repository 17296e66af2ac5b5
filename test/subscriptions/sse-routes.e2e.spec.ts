import { type RecordedEvent } from '@ledger/event-store';
import { appendMixed, readLog, sourceRegistered } from './support/events';
import { type SseLedger, startSseLedger } from './support/sse-ledger';
import { getJson, type SseFrame, SseReader } from './support/sse-reader';

const FAST = {
  LEDGER_SSE_HEARTBEAT_MS: '50',
  LEDGER_SSE_RETRY_MS: '100',
  LEDGER_SSE_PAGE_SIZE: '4',
};

let ledger: SseLedger;
let log: RecordedEvent[];
const readers: SseReader[] = [];

function open(path: string, headers: Record<string, string> = {}): SseReader {
  const reader = new SseReader(`${ledger.url}${path}`, { ...ledger.auth, ...headers });
  readers.push(reader);
  return reader;
}

const positions = (frames: SseFrame[]): string[] => frames.map((f) => f.id as string);
const expected = (events: RecordedEvent[]): string[] => events.map((e) => e.position.toString());

/** Opens a stream, waits until it is live (caughtUp), returns its event frames so far. */
async function history(path: string, headers: Record<string, string> = {}): Promise<SseFrame[]> {
  const reader = open(path, headers);
  await reader.until((r) => r.frames.some((f) => f.event === 'caughtUp'));
  reader.close();
  return reader.events;
}

beforeAll(async () => {
  ledger = await startSseLedger({ sseEnv: FAST });
  await appendMixed(ledger.store, 12);
  await ledger.store.appendToStream('source-0', [sourceRegistered(100)]);
  log = await readLog(ledger.store);
});

afterEach(() => readers.splice(0).forEach((r) => r.close()));
afterAll(() => ledger.close());

describe('GET /subscriptions/all', () => {
  it('answers text/event-stream with the headers proxies need, and frames id = position, event = type, data = envelope', async () => {
    const reader = open('/subscriptions/all');
    const response = await reader.opened;
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(response.headers['cache-control']).toContain('no-cache');
    expect(response.headers['x-accel-buffering']).toBe('no');
    await reader.until((r) => r.events.length === log.length);
    const first = log[0]!;
    const frame = reader.events[0]!;
    expect(frame).toMatchObject({ id: first.position.toString(), event: first.type });
    expect(JSON.parse(frame.data!)).toEqual({
      id: first.id,
      type: first.type,
      stream: first.stream,
      revision: first.revision.toString(),
      position: first.position.toString(),
      recordedAt: first.recordedAt.toISOString(),
      data: first.data,
      metadata: first.metadata,
    });
    expect(positions(reader.events)).toEqual(expected(log));
    expect(reader.frames[0]).toMatchObject({ retry: '100' });
  });

  it('resumes after ?from= and after Last-Event-ID, which wins over ?from=', async () => {
    const cut = log[5]!.position.toString();
    expect(positions(await history(`/subscriptions/all?from=${cut}`))).toEqual(
      expected(log.slice(6)),
    );
    const lastEventId = log[9]!.position.toString();
    expect(
      positions(await history(`/subscriptions/all?from=${cut}`, { 'last-event-id': lastEventId })),
    ).toEqual(expected(log.slice(10)));
  });

  it('from=end delivers only what is appended after connecting', async () => {
    const reader = open('/subscriptions/all?from=end');
    await reader.until((r) => r.frames.some((f) => f.event === 'caughtUp'));
    expect(reader.events).toEqual([]);
    await ledger.store.appendToStream('source-late', [sourceRegistered(200)]);
    await reader.until((r) => r.events.length === 1);
    expect(reader.events[0]!.event).toBe('SourceRegistered');
    log = await readLog(ledger.store);
    expect(reader.events[0]!.id).toBe(log.at(-1)!.position.toString());
  });

  it('filters by event type, by category, and by both at once (AND)', async () => {
    const offers = log.filter((e) => e.type === 'OfferAnswered');
    const sources = log.filter((e) => e.stream.startsWith('source-'));
    expect(offers.length).toBeGreaterThan(0);
    expect(positions(await history('/subscriptions/all?types=OfferAnswered'))).toEqual(
      expected(offers),
    );
    expect(positions(await history('/subscriptions/all?categories=source'))).toEqual(
      expected(sources),
    );
    expect(positions(await history('/subscriptions/all?categories=offer,source'))).toEqual(
      expected(log),
    );
    expect(await history('/subscriptions/all?types=OfferAnswered&categories=source')).toEqual([]);
  });

  it('sends heartbeat comments on an idle stream', async () => {
    const reader = open('/subscriptions/all?from=end');
    await reader.until((r) => r.frames.filter((f) => f.comment === 'heartbeat').length >= 2, 2000);
  });
});

describe('GET /subscriptions/categories/:category and /subscriptions/streams/:stream', () => {
  it('a category is every stream with its prefix, in global order', async () => {
    const offers = log.filter((e) => e.stream.startsWith('offer-'));
    expect(positions(await history('/subscriptions/categories/offer'))).toEqual(expected(offers));
  });

  it('a stream is its own events, resumable by global position', async () => {
    const stream = log.filter((e) => e.stream === 'source-0');
    expect(stream).toHaveLength(2);
    expect(positions(await history('/subscriptions/streams/source-0'))).toEqual(expected(stream));
    expect(
      positions(await history(`/subscriptions/streams/source-0?from=${stream[0]!.position}`)),
    ).toEqual(expected(stream.slice(1)));
  });

  it('a stream that does not exist yet is followed from its first event', async () => {
    const reader = open('/subscriptions/streams/offer-future');
    await reader.until((r) => r.frames.some((f) => f.event === 'caughtUp'));
    await ledger.store.appendToStream('offer-future', [sourceRegistered(300)]);
    await reader.until((r) => r.events.length === 1);
    expect(JSON.parse(reader.events[0]!.data!)).toMatchObject({
      stream: 'offer-future',
      revision: '0',
    });
  });
});

describe('HEAD', () => {
  it("answers the stream's headers and ends, without opening a stream", async () => {
    const signal = AbortSignal.timeout(5_000);
    const answer = await fetch(`${ledger.url}/subscriptions/all`, {
      method: 'HEAD',
      headers: ledger.auth,
      signal,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await answer.text()).toBe('');
  });

  it('refuses a bad request as GET does', async () => {
    const answer = await fetch(`${ledger.url}/subscriptions/all?from=abc`, {
      method: 'HEAD',
      headers: ledger.auth,
      signal: AbortSignal.timeout(5_000),
    });
    expect(answer.status).toBe(400);
  });
});

describe('bad requests are refused before the stream opens (400 problem+json)', () => {
  it.each([
    ['/subscriptions/all?from=abc', 'from'],
    ['/subscriptions/all?from=-1', 'from'],
    ['/subscriptions/all?from=99999999999999999999999', 'from'],
    // 2^63 and 2^64 - 1: valid 64-bit unsigned ids, beyond what the stores can read after.
    ['/subscriptions/all?from=9223372036854775808', 'from'],
    ['/subscriptions/all?from=18446744073709551615', 'from'],
    ['/subscriptions/streams/source-0?from=18446744073709551615', 'from'],
    ['/subscriptions/all?types=TransferReportd', 'types'],
    ['/subscriptions/all?types=', 'types'],
    ['/subscriptions/all?categories=agreements', 'categories'],
    ['/subscriptions/all?colour=blue', 'colour'],
    ['/subscriptions/categories/agreements', 'category'],
    ['/subscriptions/streams/source-0?categories=source', 'categories'],
    ['/subscriptions/all?types=A&types=B', 'types'],
  ])('%s names the field %s', async (path, field) => {
    const answer = await getJson(`${ledger.url}${path}`, ledger.auth);
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    const errors = answer.body.errors as { field: string }[];
    expect(errors.map((e) => e.field)).toContain(field);
  });

  it.each(['evt-12', '9223372036854775808', '18446744073709551615'])(
    'a Last-Event-ID %s is refused too',
    async (lastEventId) => {
      const answer = await getJson(`${ledger.url}/subscriptions/all`, {
        ...ledger.auth,
        'last-event-id': lastEventId,
      });
      expect(answer.status).toBe(400);
      expect(answer.contentType).toContain('application/problem+json');
      expect(answer.body.errors[0].field).toBe('Last-Event-ID');
    },
  );
});

describe('who may subscribe', () => {
  it.each([
    '/subscriptions/all',
    '/subscriptions/streams/source-0',
    '/subscriptions/categories/source',
  ])('%s: 401 without a key, 403 for a key without the subscriber role', async (path) => {
    expect((await getJson(`${ledger.url}${path}`)).status).toBe(401);
    const answer = await getJson(`${ledger.url}${path}`, ledger.keyWith('analyst'));
    expect(answer.status).toBe(403);
    expect(answer.contentType).toContain('application/problem+json');
    expect(ledger.connections.stats.active).toBe(0);
  });
});
