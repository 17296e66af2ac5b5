import { ConfigError, loadConfig } from '@ledger/config';
import { DEFAULT_SSE_SETTINGS } from './sse-settings';

describe('the SSE settings', () => {
  it('defaults: 15 s heartbeat, 1 MiB buffer, 1 s retry, pages of 256, 1,000 streams (64 per key), 30 s stall, 1 h lifetime', () => {
    expect(DEFAULT_SSE_SETTINGS).toEqual({
      heartbeatMs: 15_000,
      maxBufferedBytes: 1_048_576,
      retryMs: 1_000,
      pageSize: 256,
      maxConnections: 1_000,
      maxPerKey: 64,
      stallTimeoutMs: 30_000,
      maxLifetimeMs: 3_600_000,
    });
  });

  it('reads each LEDGER_SSE_* variable', () => {
    expect(
      loadConfig({
        LEDGER_SSE_HEARTBEAT_MS: '50',
        LEDGER_SSE_MAX_BUFFER_BYTES: '65536',
        LEDGER_SSE_RETRY_MS: '0',
        LEDGER_SSE_PAGE_SIZE: '3',
        LEDGER_SSE_MAX_CONNECTIONS: '10',
        LEDGER_SSE_MAX_PER_KEY: '2',
        LEDGER_SSE_STALL_TIMEOUT_MS: '500',
        LEDGER_SSE_MAX_LIFETIME_MS: '0',
      }).sse,
    ).toEqual({
      heartbeatMs: 50,
      maxBufferedBytes: 65_536,
      retryMs: 0,
      pageSize: 3,
      maxConnections: 10,
      maxPerKey: 2,
      stallTimeoutMs: 500,
      maxLifetimeMs: 0,
    });
  });

  it('refuses bad values, naming every variable at fault', () => {
    let error: unknown;
    try {
      loadConfig({
        LEDGER_SSE_HEARTBEAT_MS: '5',
        LEDGER_SSE_PAGE_SIZE: 'ten',
        LEDGER_SSE_MAX_BUFFER_BYTES: '1e6',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('LEDGER_SSE_HEARTBEAT_MS');
    expect(problems).toContain('LEDGER_SSE_PAGE_SIZE');
    expect(problems).toContain('LEDGER_SSE_MAX_BUFFER_BYTES');
  });
});
