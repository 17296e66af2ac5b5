import { resolve } from 'node:path';
import { StoreUnavailableError } from '@ledger/event-store';
import type { LedgerAccess, VerifyOutcome } from '../access/ledger-access';
import { readPemFiles } from '../access/embedded-keys';
import { type CliIo, EXIT } from '../io';
import { json } from '../output';
import { reportOf } from '../render/visible-text';
import { Progress } from '../progress';

const count = (n: number, what: string): string =>
  `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

/** The report in words: what was checked, and on failure the first bad position and the check. */
export function renderVerification(outcome: VerifyOutcome, where: string): string {
  const lines: string[] = [];
  const latest = outcome.latestCheckpoint;
  if (outcome.firstFailure) {
    const f = outcome.firstFailure;
    const place =
      f.check === 'unreadable'
        ? 'its stream and revision unreadable'
        : `stream "${f.stream}", revision ${f.revision}`;
    lines.push(`TAMPERED: ${where} fails verification at position ${f.position} (${place}).`);
    lines.push(`  check:  ${f.check}`);
    lines.push(`  detail: ${f.detail}`);
    // An unreadable event fails its whole page: the count would understate what was checked.
    if (f.check !== 'unreadable')
      lines.push(
        `  ${count(outcome.eventsChecked, 'event')} before it verified; nothing after it was trusted.`,
      );
  } else {
    lines.push(
      `OK: ${count(outcome.eventsChecked, 'event')} of ${where} up to position ${outcome.headPosition} verified: every event hash, every stream chain, ${count(outcome.checkpointsChecked, 'checkpoint signature')}.`,
    );
  }
  if (latest) {
    lines.push(
      `  latest checkpoint: ${count(latest.treeSize, 'event')} up to position ${latest.lastPosition}, signed ${latest.signedAt} by key ${latest.keyId} (at position ${latest.position})`,
    );
  } else if (outcome.ok) {
    lines.push('  no checkpoint yet: the chains hold, but no signature covers the log.');
  }
  // A checkpoint event cannot be in the tree it signs: the latest one is always "after" it.
  const unsigned = outcome.eventsAfterLatestCheckpoint - (latest ? 1 : 0);
  if (outcome.ok && unsigned > 0) {
    lines.push(
      `  ${count(unsigned, 'event')} after it ${unsigned === 1 ? 'is' : 'are'} chained but not yet signed (the next checkpoint covers them).`,
    );
  }
  lines.push(`  verified by ${outcome.verifiedBy}, trusting ${outcome.trustedKeys}`);
  return reportOf(lines);
}

export async function verifyCommand(
  open: () => LedgerAccess,
  options: { publicKeys: readonly string[]; json: boolean },
  io: CliIo,
): Promise<number> {
  const pems = readPemFiles(options.publicKeys.map((file) => resolve(io.cwd, file)));
  let where = 'the ledger';
  let outcome: VerifyOutcome;
  try {
    const access = open();
    where = access.description;
    outcome = await access.verify(
      pems,
      new Progress(io.stderr, { unit: 'events', verb: 'Verified' }),
    );
  } catch (error) {
    // A log that cannot even be opened or read (a damaged page of the SQLite file) fails verification.
    if (!(error instanceof StoreUnavailableError)) throw error;
    io.stdout.write(`DAMAGED: ${where} cannot be read: ${error.message}\n`);
    return EXIT.failed;
  }
  io.stdout.write(options.json ? json(outcome) : renderVerification(outcome, where));
  return outcome.ok ? EXIT.ok : EXIT.failed;
}
