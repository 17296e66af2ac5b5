import { baseUrl, listOf, oneOf, text, wholeNumber } from './setting';

/**
 * Every setting of the ledger, the API's, the projector's and the CLI's, in one table: adding a
 * setting is one line here (its name, default, rule and README line); `loadConfig` reads it, the
 * configuration's type follows, and an unknown LEDGER_* variable is refused as a probable typo.
 */
export const SETTINGS = {
  store: oneOf(
    'LEDGER_STORE',
    '`sqlite` (embedded, durable), `memory` (lost on exit), or `esdb` (EventStoreDB)',
    ['sqlite', 'memory', 'esdb'],
    'sqlite',
  ),
  dataDir: text(
    'LEDGER_DATA_DIR',
    'Where the SQLite event log (`ledger.db`) and other local files live; created on first start',
    './data',
  ),
  port: {
    ...wholeNumber('PORT', 'HTTP port (`0`: any free one, printed at start)', 3000, {
      min: 0,
      max: 65535,
    }),
    rule: 'a port number (0-65535)',
  },
  host: text('HOST', 'HTTP interface (`0.0.0.0` in containers)', '127.0.0.1'),
  workers: wholeNumber(
    'LEDGER_WORKERS',
    'API processes sharing the port (Node cluster); above 1, one more process runs the projections and the checkpointer. Reads scale with cores; appends still go through one SQLite writer at a time',
    1,
    { min: 1, max: 64 },
  ),
  publicBaseUrl: baseUrl(
    'LEDGER_PUBLIC_BASE_URL',
    "Where clients reach the ledger, e.g. `https://ledger.your.org`: names the JSON Schemas' `$id`s and refs, the AsyncAPI server, problem `type`s and the PROV namespace (unset: the URL a request came in on)",
  ),
  esdbConnectionString: text(
    'EVENTSTORE_CONNECTION_STRING',
    'Required with `LEDGER_STORE=esdb`, e.g. `esdb://127.0.0.1:2113?tls=false`',
    undefined,
    {
      rule: 'an EventStoreDB connection string (esdb:// or esdb+discover://)',
      pattern: /^(esdb|esdb\+discover|kurrentdb|kdb):\/\//,
    },
  ),
  sqliteSynchronous: oneOf(
    'LEDGER_SQLITE_SYNCHRONOUS',
    'SQLite durability: `FULL` (an acknowledged append survives power loss) or `NORMAL` (faster; may lose the last commits on power loss, never corrupts)',
    ['FULL', 'NORMAL'],
    'FULL',
  ),
  auth: {
    apiKeys: text(
      'LEDGER_API_KEYS',
      'The API keys: JSON `{ "keys": [...] }` (or a list), or the path of a keys file. Without it `<data dir>/api-keys.json`, created with an admin key on first start',
      undefined,
    ),
    rateLimit: {
      limit: wholeNumber(
        'LEDGER_RATE_LIMIT',
        'Requests one key (on public routes, one address) may make per window',
        600,
        { min: 1, max: 1_000_000_000 },
      ),
      windowMs: wholeNumber('LEDGER_RATE_WINDOW_MS', "The rate limit's window", 60_000, {
        min: 1,
        max: 86_400_000,
      }),
    },
    corsOrigins: listOf(
      'LEDGER_CORS_ORIGINS',
      'Comma-separated origins allowed to call the API from a browser, e.g. `https://desk.example.org`',
      {
        rule: 'a list of origins like https://desk.example.org (no path, no wildcard)',
        pattern: /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/,
      },
    ),
  },
  audit: {
    signingKey: text(
      'LEDGER_SIGNING_KEY',
      'The Ed25519 key checkpoints are signed with: a PKCS#8 PEM, or the path of one (`openssl genpkey -algorithm ed25519`). Without it one is generated into the data dir; on EventStoreDB set it, the same for the API nodes and the projector',
      undefined,
    ),
    checkpointer: oneOf(
      'LEDGER_CHECKPOINTER',
      'Where the background checkpointer runs: `inline` (in the API; default on sqlite), `external` (in `apps/projector`; default on esdb), `off` (on demand only; default on memory)',
      ['inline', 'external', 'off'],
      undefined,
    ),
    checkpointEveryEvents: wholeNumber(
      'LEDGER_CHECKPOINT_EVERY',
      'Sign a checkpoint once this many events are not covered',
      1000,
      { min: 1, max: 1_000_000_000 },
    ),
    checkpointEveryMs: wholeNumber(
      'LEDGER_CHECKPOINT_INTERVAL_MS',
      '…or once this long has passed since the last one, if any event is not covered',
      5000,
      { min: 100, max: 86_400_000 },
    ),
    witnessFile: text(
      'LEDGER_AUDIT_WITNESS_FILE',
      'Every signed checkpoint is appended here as a JSON line (mode 0600); must be outside the data dir',
      undefined,
    ),
    witnessUrl: text(
      'LEDGER_AUDIT_WITNESS_URL',
      'Every signed checkpoint is POSTed here as JSON (best effort: a failure is logged)',
      undefined,
      { rule: 'an http(s) URL', pattern: /^https?:\/\/\S+$/ },
    ),
  },
  projections: {
    mode: oneOf(
      'LEDGER_PROJECTIONS',
      '`inline`: the API runs the projections itself; `external`: `apps/projector` runs them and the API opens the read models read-only (EventStoreDB deployments)',
      ['inline', 'external'],
      'inline',
    ),
    queryWaitMs: wholeNumber(
      'LEDGER_QUERY_WAIT_MS',
      'How long a query with `minPosition` waits for the projections before answering 503 with Retry-After',
      5000,
      { min: 0, max: 30_000 },
    ),
  },
  sse: {
    heartbeatMs: wholeNumber(
      'LEDGER_SSE_HEARTBEAT_MS',
      'Heartbeat comment interval on idle event streams',
      15_000,
      { min: 10, max: 3_600_000 },
    ),
    maxBufferedBytes: wholeNumber(
      'LEDGER_SSE_MAX_BUFFER_BYTES',
      'Bytes a subscriber may leave unread before its stream is closed with `overflow` (it resumes from its last id)',
      1024 * 1024,
      { min: 1024, max: 1024 * 1024 * 1024 },
    ),
    retryMs: wholeNumber('LEDGER_SSE_RETRY_MS', 'The `retry:` hint sent to subscribers', 1000, {
      min: 0,
      max: 3_600_000,
    }),
    pageSize: wholeNumber(
      'LEDGER_SSE_PAGE_SIZE',
      'Events per history page read for a subscriber catching up',
      256,
      { min: 1, max: 10_000 },
    ),
    maxConnections: wholeNumber(
      'LEDGER_SSE_MAX_CONNECTIONS',
      'Open event streams in this process, all keys together; beyond it 503 `stream_capacity_reached`',
      1_000,
      { min: 1, max: 100_000 },
    ),
    maxPerKey: wholeNumber(
      'LEDGER_SSE_MAX_PER_KEY',
      'Open event streams per API key; beyond it 429 `too_many_streams`',
      64,
      { min: 1, max: 100_000 },
    ),
    stallTimeoutMs: wholeNumber(
      'LEDGER_SSE_STALL_TIMEOUT_MS',
      'A stream whose socket pushed back and has not drained for this long is closed',
      30_000,
      { min: 100, max: 3_600_000 },
    ),
    maxLifetimeMs: wholeNumber(
      'LEDGER_SSE_MAX_LIFETIME_MS',
      'A stream open this long ends with `interrupted: lifetime_reached` (the client resumes from its last id); 0: no limit',
      3_600_000,
      { min: 0, max: 604_800_000 },
    ),
  },
  dashboard: {
    dir: text(
      'LEDGER_DASHBOARD_DIR',
      'Where the built dashboard is served from (default: `dist/dashboard`)',
      undefined,
    ),
  },
  health: {
    readyMaxLag: wholeNumber(
      'LEDGER_READY_MAX_LAG',
      '`/health/ready` answers 503 while the read models trail the log by more than this many positions',
      1000,
      { min: 0, max: 1_000_000_000 },
    ),
  },
  log: {
    level: oneOf(
      'LEDGER_LOG_LEVEL',
      'Least severe log lines written: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'info',
    ),
    format: oneOf(
      'LEDGER_LOG_FORMAT',
      '`json` (one object a line), `pretty` (for people), or `auto`: pretty on a terminal, JSON otherwise',
      ['auto', 'json', 'pretty'],
      'auto',
    ),
  },
  client: {
    url: text(
      'LEDGER_URL',
      'For `npm run ledger` and `npm run seed`: the running ledger to talk to (default for seed: `http://127.0.0.1:$PORT`)',
      undefined,
      { rule: 'an http(s) URL', pattern: /^https?:\/\/\S+$/ },
    ),
    apiKey: text(
      'LEDGER_API_KEY',
      'For `npm run ledger` and `npm run seed`: the API key sent to `LEDGER_URL`',
      undefined,
    ),
  },
} as const;

/** LEDGER_* variables that are not settings of a ledger process but are not typos either. */
export const OTHER_VARIABLES: readonly (string | RegExp)[] = [
  'LEDGER_CORRELATION_ID', // npm run seed: the correlation id of its commands
  'LEDGER_WORKER_ROLE', // set by the LEDGER_WORKERS supervisor for the processes it starts
  'LEDGER_TOKEN', // the subscriber example's API key (test/subscriptions)
  'LEDGER_CHROMIUM', // the browser the dashboard tests drive
  'LEDGER_WRITE_SEED_FIXTURE', // regenerates the seed fixture (test/api)
  /^LEDGER_TEST_/, // the test suite's switches
];
