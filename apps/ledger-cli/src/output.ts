import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, type CliIo } from './io';
import { Progress } from './progress';
import { visibleJson } from './render/visible-text';

/** Writes a result to --out (relative to the working directory) or to stdout. */
export function writeResult(io: CliIo, text: string, out: string | undefined): void {
  if (out === undefined) {
    io.stdout.write(text);
    return;
  }
  const file = resolve(io.cwd, out);
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new CliError(
      `Cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  io.stderr.write(`Wrote ${file}\n`);
}

/** JSON for stdout: the same value, with characters a terminal would act on \\u-escaped. */
export const json = (value: unknown): string => `${visibleJson(JSON.stringify(value, null, 2))}\n`;

/** A progress bar on stderr for replaying events. */
export const replayProgress = (io: CliIo): Progress =>
  new Progress(io.stderr, { unit: 'events', verb: 'Replayed' });
