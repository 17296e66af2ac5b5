import { type LedgerConfig, loadConfig } from '@ledger/config';

/**
 * How server-sent event streams behave: the LEDGER_SSE_* settings of the configuration
 * (libs/config/src/settings.ts says what each one is).
 */
export type SseSettings = LedgerConfig['sse'];

export const SSE_SETTINGS = Symbol('SSE_SETTINGS');

export const DEFAULT_SSE_SETTINGS: SseSettings = loadConfig({}).sse;
