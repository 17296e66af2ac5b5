import { CheckpointsService } from '../../apps/ledger-api/src/audit/checkpoints.service';
import { testAuthOptions, testKeys } from '../../apps/ledger-api/src/auth/testing/test-keys';
import { type RunningTestLedger, startTestLedger } from '../support/test-ledger';

const keys = testKeys();

type Ledger = RunningTestLedger;

/** The app opens the store its configuration names (SQLite in a temp data dir), as npm start does. */
function startLedger(env: Record<string, string> = {}): Promise<Ledger> {
  return startTestLedger({
    store: 'app',
    config: { LEDGER_CHECKPOINTER: 'off', ...env },
    auth: testAuthOptions(keys),
  });
}

function stop(ledger: Ledger): Promise<void> {
  return ledger.close();
}

const source = (sourceId: string) => ({
  sourceId,
  name: 'A party',
  kind: 'party_authority',
  affiliation: 'ukraine',
});

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/sources`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...keys.header('recorder') },
    body: JSON.stringify(body),
  });
}

/** Polls `probe` until it holds (bounded): conditions, not durations. */
async function until<T>(probe: () => Promise<T>, holds: (t: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (holds(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the condition never held');
}

const ready = async (url: string) => {
  const reply = await fetch(`${url}/health/ready`);
  return { status: reply.status, body: (await reply.json()) as Record<string, unknown> };
};

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
const VALUE = '(?:[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|NaN|[-+]Inf)';
const SAMPLE = new RegExp(`^(${NAME})(\\{(?:${LABEL}(?:,${LABEL})*)?\\})? (${VALUE})( -?\\d+)?$`);
const HELP = new RegExp(`^# HELP ${NAME} .*$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);

/** One sample line: its metric name, labels and value; undefined when it is not one. */
function sampleOf(line: string): { metric: string; labels: string; value: number } | undefined {
  const parsed = SAMPLE.exec(line);
  if (parsed === null) return undefined;
  return { metric: parsed[1] ?? '', labels: parsed[2] ?? '', value: Number(parsed[3]) };
}

/**
 * The Prometheus text exposition format (version 0.0.4), checked line by line: HELP and TYPE
 * comments, then samples `name{label="value",…} value`, each sample of a declared family.
 */
function checkExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const families = new Set<string>();
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.slice(0, -1).split('\n')) {
    const declared = TYPE.exec(line);
    if (declared) families.add(declared[1] ?? '');
    if (declared || HELP.test(line) || line === '') continue;
    const sample = sampleOf(line);
    if (sample === undefined) throw new Error(`not a sample of the text format: ${line}`);
    const family = sample.metric.replace(/_(bucket|sum|count|total|created)$/, '');
    if (!families.has(sample.metric) && !families.has(family))
      throw new Error(`a sample of no declared family: ${line}`);
    samples.set(`${sample.metric}${sample.labels}`, sample.value);
  }
  return samples;
}

describe('health: live, ready with the lag, and /health kept', () => {
  let ledger: Ledger;
  beforeAll(async () => (ledger = await startLedger()));
  afterAll(() => stop(ledger));

  it('answers live, and the old /health', async () => {
    const live = await fetch(`${ledger.url}/health/live`);
    expect({ status: live.status, body: await live.json() }).toEqual({
      status: 200,
      body: { status: 'ok' },
    });
    const old = await fetch(`${ledger.url}/health`);
    expect(await old.json()).toMatchObject({ status: 'ok', store: 'sqlite' });
  });

  it('is ready once the read models have caught up, and says how far behind they are', async () => {
    expect((await post(ledger.url, source('health-a'))).status).toBe(201);
    const { status, body } = await until(
      () => ready(ledger.url),
      (r) => (r.body.checks as { projections: { lag: string } }).projections.lag === '0',
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'ready',
      checks: {
        store: { ok: true, kind: 'sqlite', head: expect.stringMatching(/^[1-9]\d*$/) },
        projections: expect.objectContaining({ ok: true, lag: '0', maxLag: 1000 }),
        checkpointer: { ok: true, mode: 'off' },
        // The check on start may still run (unverified) or be done (verified): ok either way.
        integrity: expect.objectContaining({ ok: true }),
      },
    });
  });
});

describe('health: not ready while the read models trail the log beyond LEDGER_READY_MAX_LAG', () => {
  let ledger: Ledger;
  // No projector runs: the read models never move, so every event recorded is lag.
  beforeAll(
    async () =>
      (ledger = await startLedger({ LEDGER_PROJECTIONS: 'external', LEDGER_READY_MAX_LAG: '1' })),
  );
  afterAll(() => stop(ledger));

  it('answers 503 with the lag once it exceeds the limit', async () => {
    expect((await post(ledger.url, source('lag-a'))).status).toBe(201);
    expect((await ready(ledger.url)).status).toBe(200);
    expect((await post(ledger.url, source('lag-b'))).status).toBe(201);
    const { status, body } = await ready(ledger.url);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'not_ready',
      checks: {
        store: { ok: true },
        projections: { ok: false, mode: 'external', position: '0', lag: '2', maxLag: 1 },
      },
    });
  });
});

describe('health: not ready once the inline checkpointer is not running', () => {
  let ledger: Ledger;
  beforeAll(async () => (ledger = await startLedger({ LEDGER_CHECKPOINTER: 'inline' })));
  afterAll(() => stop(ledger));

  it('answers 503 naming the checkpointer once it has stopped (as on shutdown)', async () => {
    const before = await until(
      () => ready(ledger.url),
      (answer) => answer.status === 200,
    );
    expect(before.body).toMatchObject({ checks: { checkpointer: { ok: true, mode: 'inline' } } });
    await ledger.app.get(CheckpointsService).onModuleDestroy();
    const { status, body } = await ready(ledger.url);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'not_ready',
      checks: { store: { ok: true }, checkpointer: { ok: false, mode: 'inline' } },
    });
  });
});

describe('/metrics: Prometheus text, for the metrics role', () => {
  let ledger: Ledger;
  beforeAll(async () => (ledger = await startLedger()));
  afterAll(() => stop(ledger));

  const scrape = (role?: 'metrics' | 'analyst' | 'admin') =>
    fetch(`${ledger.url}/metrics`, { headers: role ? keys.header(role) : {} });

  it('refuses a request without a key, and a key without the role', async () => {
    expect((await scrape()).status).toBe(401);
    const refused = await scrape('analyst');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });

  it('counts commands by outcome, times appends and verification, reads the lag and the streams', async () => {
    expect((await post(ledger.url, source('metrics-a'))).status).toBe(201);
    expect((await post(ledger.url, { sourceId: 'no name' })).status).toBe(400);
    const verified = await fetch(`${ledger.url}/audit/verify`, { headers: keys.header('auditor') });
    expect(verified.status).toBe(200);
    const reply = await scrape('metrics');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const samples = checkExposition(await reply.text());
    expect(samples.get('ledger_commands_total{command="/sources",outcome="accepted"}')).toBe(1);
    expect(samples.get('ledger_commands_total{command="/sources",outcome="refused"}')).toBe(1);
    expect(samples.get('ledger_append_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(samples.get('ledger_verify_duration_seconds_count')).toBe(1);
    expect(samples.get('ledger_projection_lag_events')).toBeGreaterThanOrEqual(0);
    expect(samples.get('ledger_sse_connections')).toBe(0);
    expect(samples.has('ledger_process_cpu_seconds_total')).toBe(true);
  });
});
