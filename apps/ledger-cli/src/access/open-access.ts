import { resolve } from 'node:path';
import type { LedgerConfig } from '@ledger/config';
import { CliError, type CliIo } from '../io';
import { EmbeddedLedger } from './embedded-ledger';
import { HttpLedger } from './http-ledger';
import type { LedgerAccess } from './ledger-access';

/** The global options: where the ledger is. */
export interface WhereOptions {
  readonly dataDir?: string;
  readonly api?: string;
  readonly key?: string;
}

/**
 * --data-dir opens the SQLite files directly; --api goes through a running ledger. Given neither,
 * LEDGER_URL (as for `npm run seed`) means the API, else LEDGER_DATA_DIR or ./data.
 */
export function openAccess(
  where: WhereOptions,
  io: CliIo,
  config: LedgerConfig,
  options: { readonly create?: boolean } = {},
): LedgerAccess {
  if (where.dataDir !== undefined && where.api !== undefined)
    throw new CliError('Give --data-dir or --api, not both');
  const url = apiUrl(where, config);
  if (url === undefined)
    return EmbeddedLedger.open(
      where.dataDir === undefined ? config.dataDir : resolve(io.cwd, where.dataDir),
      io,
      config,
      options,
    );
  if (!/^https?:\/\/[^\s/]+/.test(url))
    throw new CliError(`${JSON.stringify(url)} is not an http(s) URL of the ledger API`);
  return new HttpLedger(url, where.key ?? config.client.apiKey);
}

/** --api, else LEDGER_URL unless --data-dir was given. */
function apiUrl(where: WhereOptions, config: LedgerConfig): string | undefined {
  if (where.api !== undefined) return where.api;
  return where.dataDir === undefined ? config.client.url : undefined;
}
