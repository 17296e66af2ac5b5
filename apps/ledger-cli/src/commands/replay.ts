import type { LedgerAccess } from '../access/ledger-access';
import { type AsOfArg, requireRecordedBy } from '../as-of';
import { type CliIo, EXIT } from '../io';
import { json, replayProgress } from '../output';
import { renderReplay } from '../render/replay-text';

export async function replayCommand(
  access: LedgerAccess,
  options: { asOf: AsOfArg | undefined; json: boolean },
  io: CliIo,
): Promise<number> {
  const snapshot = await access.snapshot(options.asOf, {
    withTrails: false,
    progress: replayProgress(io),
  });
  requireRecordedBy(options.asOf, snapshot.asOfPosition);
  if (options.json) {
    const { asOfPosition, totals, discrepancies } = snapshot;
    io.stdout.write(json({ asOfPosition, totals, discrepancies }));
  } else {
    io.stdout.write(renderReplay(snapshot, access.description));
  }
  return EXIT.ok;
}
