import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';
import { problemsOf } from './testing/problems-of';

describe('loadConfig', () => {
  it('defaults to the embedded SQLite store in ./data on port 3000', () => {
    expect(loadConfig({})).toEqual({
      store: 'sqlite',
      dataDir: resolve('./data'),
      port: 3000,
      host: '127.0.0.1',
      workers: 1,
      sqliteSynchronous: 'FULL',
      auth: { corsOrigins: [], rateLimit: { limit: 600, windowMs: 60_000 } },
      audit: { checkpointer: 'inline', checkpointEveryEvents: 1000, checkpointEveryMs: 5000 },
      projections: { mode: 'inline', queryWaitMs: 5000 },
      sse: {
        heartbeatMs: 15_000,
        maxBufferedBytes: 1_048_576,
        retryMs: 1000,
        pageSize: 256,
        maxConnections: 1000,
        maxPerKey: 64,
        stallTimeoutMs: 30_000,
        maxLifetimeMs: 3_600_000,
      },
      dashboard: {},
      health: { readyMaxLag: 1000 },
      log: { level: 'info', format: 'auto' },
      client: {},
    });
  });

  it('resolves relative paths against the directory given', () => {
    const config = loadConfig(
      { LEDGER_DATA_DIR: 'd', LEDGER_DASHBOARD_DIR: '../web', LEDGER_DATA_DIR_: undefined },
      '/srv/ledger',
    );
    expect(config.dataDir).toBe('/srv/ledger/d');
    expect(config.dashboard.dir).toBe('/srv/web');
  });

  it('names every bad setting of every part at once', () => {
    expect(
      problemsOf({
        LEDGER_SSE_HEARTBEAT_MS: '5',
        LEDGER_RATE_LIMIT: '0',
        LEDGER_CORS_ORIGINS: 'https://a.example, *',
        LEDGER_PROJECTIONS: 'remote',
        LEDGER_LOG_LEVEL: 'loud',
        LEDGER_READY_MAX_LAG: '-1',
        LEDGER_URL: 'ftp://x',
      }),
    ).toEqual([
      'LEDGER_RATE_LIMIT="0" is not a whole number from 1 to 1000000000',
      'LEDGER_CORS_ORIGINS="https://a.example, *" is not a list of origins like https://desk.example.org (no path, no wildcard)',
      'LEDGER_PROJECTIONS="remote" is not one of inline, external',
      'LEDGER_SSE_HEARTBEAT_MS="5" is not a whole number from 10 to 3600000',
      'LEDGER_READY_MAX_LAG="-1" is not a whole number from 0 to 1000000000',
      'LEDGER_LOG_LEVEL="loud" is not one of fatal, error, warn, info, debug, trace, silent',
      'LEDGER_URL="ftp://x" is not an http(s) URL',
    ]);
  });

  it('refuses several API processes on a store they cannot share', () => {
    expect(problemsOf({ LEDGER_STORE: 'memory', LEDGER_WORKERS: '2' })).toEqual([
      'LEDGER_WORKERS above 1 needs a store the processes share (sqlite or esdb), not memory',
    ]);
    expect(loadConfig({ LEDGER_WORKERS: '2' }).workers).toBe(2);
  });

  it('names an unknown LEDGER_ variable as a probable typo, with the setting it resembles', () => {
    expect(
      problemsOf({
        LEDGER_SSE_HEARTBEAT: '1000',
        LEDGER_STOR: 'memory',
        LEDGER_FROBNICATE: '1',
        LEDGER_CORRELATION_ID: 'seed',
        LEDGER_TEST_REAL_ESDB: '1',
        OTHER_TOOL_SETTING: 'x',
      }),
    ).toEqual([
      'LEDGER_FROBNICATE is not a setting of the ledger; the settings are listed in README.md, "Configuration"',
      'LEDGER_SSE_HEARTBEAT is not a setting of the ledger (did you mean LEDGER_SSE_HEARTBEAT_MS?); the settings are listed in README.md, "Configuration"',
      'LEDGER_STOR is not a setting of the ledger (did you mean LEDGER_STORE?); the settings are listed in README.md, "Configuration"',
    ]);
  });

  it('reads every setting', () => {
    const config = loadConfig({
      LEDGER_STORE: 'esdb',
      LEDGER_DATA_DIR: '/tmp/x',
      PORT: '8080',
      HOST: '0.0.0.0',
      EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:2113?tls=false',
      LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL',
    });
    expect(config).toMatchObject({
      store: 'esdb',
      dataDir: '/tmp/x',
      port: 8080,
      host: '0.0.0.0',
      sqliteSynchronous: 'NORMAL',
    });
  });

  it('names every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ LEDGER_STORE: 'postgres', PORT: 'eighty' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'LEDGER_STORE="postgres" is not one of sqlite, memory, esdb',
      'PORT="eighty" is not a port number (0-65535)',
    ]);
  });

  it('requires a connection string for EventStoreDB', () => {
    expect(() => loadConfig({ LEDGER_STORE: 'esdb' })).toThrow(
      /needs EVENTSTORE_CONNECTION_STRING/,
    );
  });

  it('reads the public base URL without its trailing slash, and refuses one that is not http(s)', () => {
    expect(loadConfig({ LEDGER_PUBLIC_BASE_URL: 'https://ledger.test/api/' }).publicBaseUrl).toBe(
      'https://ledger.test/api',
    );
    expect(loadConfig({}).publicBaseUrl).toBeUndefined();
    for (const bad of ['ledger.test', 'ftp://ledger.test', 'https://ledger.test/?a=1'])
      expect(() => loadConfig({ LEDGER_PUBLIC_BASE_URL: bad })).toThrow(/LEDGER_PUBLIC_BASE_URL/);
  });
});
