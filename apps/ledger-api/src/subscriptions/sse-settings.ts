import { ConfigError } from '@ledger/config';

/** How server-sent event streams behave; from the environment, validated at start. */
export interface SseSettings {
  /** A comment line is written this often so idle connections (and the proxies between) stay open. */
  readonly heartbeatMs: number;
  /** Bytes a live stream may have queued for a slow client before the server ends it (overflow). */
  readonly maxBufferedBytes: number;
  /** The reconnection delay the server suggests to clients (`retry:`), in ms. */
  readonly retryMs: number;
  /** Events per history page read from the store, at most (pages also stop at a byte budget). */
  readonly pageSize: number;
  /** Open streams in this process, all keys together; beyond: 503 with Retry-After. */
  readonly maxConnections: number;
  /** Open streams per API key; beyond: 429. */
  readonly maxPerKey: number;
  /** A connection whose socket has pushed back and not drained for this long is closed. */
  readonly stallTimeoutMs: number;
}

export const SSE_SETTINGS = Symbol('SSE_SETTINGS');

export const DEFAULT_SSE_SETTINGS: SseSettings = {
  heartbeatMs: 15_000,
  maxBufferedBytes: 1024 * 1024,
  retryMs: 1_000,
  pageSize: 256,
  maxConnections: 1_000,
  maxPerKey: 64,
  stallTimeoutMs: 30_000,
};

const VARIABLES: Record<keyof SseSettings, { name: string; min: number; max: number }> = {
  heartbeatMs: { name: 'LEDGER_SSE_HEARTBEAT_MS', min: 10, max: 3_600_000 },
  maxBufferedBytes: { name: 'LEDGER_SSE_MAX_BUFFER_BYTES', min: 1024, max: 1024 * 1024 * 1024 },
  retryMs: { name: 'LEDGER_SSE_RETRY_MS', min: 0, max: 3_600_000 },
  pageSize: { name: 'LEDGER_SSE_PAGE_SIZE', min: 1, max: 10_000 },
  maxConnections: { name: 'LEDGER_SSE_MAX_CONNECTIONS', min: 1, max: 100_000 },
  maxPerKey: { name: 'LEDGER_SSE_MAX_PER_KEY', min: 1, max: 100_000 },
  stallTimeoutMs: { name: 'LEDGER_SSE_STALL_TIMEOUT_MS', min: 100, max: 3_600_000 },
};

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the SSE settings; an unset variable keeps its default, a bad one is a ConfigError naming it. */
export function loadSseSettings(env: Env = process.env): SseSettings {
  const problems: string[] = [];
  const settings: Record<string, number> = { ...DEFAULT_SSE_SETTINGS };
  for (const [key, rule] of Object.entries(VARIABLES)) {
    const raw = env[rule.name];
    if (raw === undefined || raw === '') continue;
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < rule.min || value > rule.max) {
      problems.push(
        `${rule.name}=${JSON.stringify(raw)} is not a whole number between ${rule.min} and ${rule.max}`,
      );
    } else {
      settings[key] = value;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return settings as unknown as SseSettings;
}
