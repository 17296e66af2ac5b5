import type { LedgerAccess } from '../access/ledger-access';
import type { AsOfArg } from '../as-of';
import { publicBaseUrlFrom } from '@ledger/config';
import { CliError, type CliIo, EXIT } from '../io';
import { writeResult } from '../output';
import { Progress } from '../progress';
import { claimsCsv } from '../export/claims-table';
import { DEFAULT_PROV_NAMESPACE, provDocument } from '../export/prov-json';

export const EXPORT_FORMATS = ['csv', 'hxl', 'prov-json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export async function exportCommand(
  access: LedgerAccess,
  options: { format: ExportFormat; asOf: AsOfArg | undefined; out: string | undefined },
  io: CliIo,
): Promise<number> {
  const provenance = options.format === 'prov-json';
  const namespace = provenance ? provNamespace(io) : undefined;
  const progress = new Progress(io.stderr, { unit: 'events', verb: 'Read' });
  const snapshot = await access.snapshot(options.asOf, { withTrails: provenance, progress });
  const text = provenance
    ? `${JSON.stringify(provDocument(snapshot, namespace), null, 2)}\n`
    : claimsCsv(snapshot, { hxl: options.format === 'hxl' });
  writeResult(io, text, options.out);
  return EXIT.ok;
}

/** The deployment's public base URL names the PROV namespace, as it names the API's schemas. */
function provNamespace(io: CliIo): string {
  const problems: string[] = [];
  const base = publicBaseUrlFrom(io.env, problems);
  if (problems.length > 0) throw new CliError(problems.join('\n'));
  return base === undefined ? DEFAULT_PROV_NAMESPACE : `${base}/`;
}
