import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the embedded SQLite store in ./data on port 3000', () => {
    expect(loadConfig({})).toEqual({
      store: 'sqlite',
      dataDir: resolve('./data'),
      port: 3000,
      host: '127.0.0.1',
      sqliteSynchronous: 'FULL',
      audit: { checkpointer: 'inline', checkpointEveryEvents: 1000, checkpointEveryMs: 5000 },
    });
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
