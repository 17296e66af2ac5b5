import { resolve } from 'node:path';
import { importCorrelationId } from '../access/import-line';
import type { ImportLine, LedgerAccess } from '../access/ledger-access';
import { type CliIo, EXIT } from '../io';
import { Progress } from '../progress';
import { visibleLines } from '../render/visible-text';
import { readScenario } from '../scenario';

function describeLine(line: ImportLine, total: number): string {
  const step = `${String(line.index + 1).padStart(String(total).length)}/${total} POST ${line.path} -> ${line.status}`;
  if (line.refusal !== undefined) return `${step}\n${line.refusal}`;
  const what = line.eventTypes.length > 0 ? ` ${line.eventTypes.join(', ')}` : '';
  return `${step}${what}${line.position === undefined ? '' : ` (position ${line.position})`}${line.replayed ? ' [already entered]' : ''}`;
}

/** Enters a scenario command by command; stops (exit 1) at the first command the ledger refuses. */
export async function importCommand(
  access: LedgerAccess,
  file: string,
  options: { actor?: string; correlationId?: string },
  io: CliIo,
): Promise<number> {
  const path = resolve(io.cwd, file);
  const requests = readScenario(path);
  const progress = new Progress(io.stderr, { unit: 'commands', verb: 'Imported' });
  let appended = 0;
  let replayed = 0;
  let refused: ImportLine | undefined;
  await access.importScenario(requests, {
    correlationId: options.correlationId ?? importCorrelationId(path),
    ...(options.actor === undefined ? {} : { actor: options.actor }),
    progress,
    onLine: (line) => {
      io.stdout.write(`${visibleLines(describeLine(line, requests.length))}\n`);
      if (line.refusal !== undefined) refused = line;
      else if (line.replayed) replayed += 1;
      else appended += line.eventTypes.length;
    },
  });
  progress.finish();
  const entered = refused === undefined ? requests.length : refused.index;
  io.stdout.write(
    `Done: ${entered} of ${requests.length} commands into ${access.description}; ${appended} events appended; ${replayed} commands were already entered.\n`,
  );
  if (refused === undefined) return EXIT.ok;
  io.stderr.write(
    `ledger: stopped at command ${refused.index + 1}: the ledger refused it (${refused.status}).\n`,
  );
  return EXIT.failed;
}
