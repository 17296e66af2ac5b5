import { resolve } from 'node:path';
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
  options: { readonly create?: boolean } = {},
): LedgerAccess {
  if (where.dataDir !== undefined && where.api !== undefined)
    throw new CliError('Give --data-dir or --api, not both');
  const url = apiUrl(where, io.env);
  if (url === undefined)
    return EmbeddedLedger.open(
      resolve(io.cwd, where.dataDir ?? (io.env.LEDGER_DATA_DIR || './data')),
      io,
      options,
    );
  if (!/^https?:\/\/[^\s/]+/.test(url))
    throw new CliError(`${JSON.stringify(url)} is not an http(s) URL of the ledger API`);
  return new HttpLedger(url, where.key ?? (io.env.LEDGER_API_KEY || undefined));
}

/** --api, else LEDGER_URL unless --data-dir was given. */
function apiUrl(where: WhereOptions, env: CliIo['env']): string | undefined {
  if (where.api !== undefined) return where.api;
  return where.dataDir === undefined ? env.LEDGER_URL || undefined : undefined;
}
