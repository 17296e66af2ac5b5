import type { LedgerAccess } from '../access/ledger-access';
import { type AsOfArg, requireRecordedBy } from '../as-of';
import { type CliIo, EXIT } from '../io';
import { writeResult } from '../output';
import { Progress } from '../progress';
import { claimsCsv } from '../export/claims-table';
import { DEFAULT_PROV_NAMESPACE, provDocument } from '../export/prov-json';

export const EXPORT_FORMATS = ['csv', 'hxl', 'prov-json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export async function exportCommand(
  access: LedgerAccess,
  options: {
    format: ExportFormat;
    asOf: AsOfArg | undefined;
    out: string | undefined;
    raw?: boolean;
    bom?: boolean;
    /** LEDGER_PUBLIC_BASE_URL: names the PROV namespace, as it names the API's schemas. */
    publicBaseUrl?: string | undefined;
  },
  io: CliIo,
): Promise<number> {
  const provenance = options.format === 'prov-json';
  const namespace =
    options.publicBaseUrl === undefined ? DEFAULT_PROV_NAMESPACE : `${options.publicBaseUrl}/`;
  const progress = new Progress(io.stderr, { unit: 'events', verb: 'Read' });
  const snapshot = await access.snapshot(options.asOf, { withTrails: provenance, progress });
  requireRecordedBy(options.asOf, snapshot.asOfPosition);
  const text = provenance
    ? `${JSON.stringify(provDocument(snapshot, namespace), null, 2)}\n`
    : claimsCsv(snapshot, {
        hxl: options.format === 'hxl',
        raw: options.raw ?? false,
        bom: options.bom ?? false,
      });
  writeResult(io, text, options.out);
  return EXIT.ok;
}
