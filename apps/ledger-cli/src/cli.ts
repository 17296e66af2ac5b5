import { ConfigError, type LedgerConfig, loadConfig } from '@ledger/config';
import { Command, CommanderError, Option } from 'commander';
import { AuditError, AuditTrailError } from '@ledger/audit';
import { EventStoreError } from '@ledger/event-store';
import { openAccess, type WhereOptions } from './access/open-access';
import type { LedgerAccess } from './access/ledger-access';
import { parseAsOf } from './as-of';
import { auditTrailCommand } from './commands/audit-trail';
import { exportCommand, EXPORT_FORMATS, type ExportFormat } from './commands/export';
import { importCommand } from './commands/import';
import {
  checkpointCommand,
  proofCommand,
  publicKeyCommand,
  verifyConsistencyCommand,
  verifyProofCommand,
} from './commands/proofs';
import { replayCommand } from './commands/replay';
import { verifyCommand } from './commands/verify';
import { CliError, type CliIo, EXIT } from './io';
import { visibleLines } from './render/visible-text';

const AS_OF = [
  '--as-of <time|position>',
  'as the ledger stood at a global position (e.g. 14) or a recording time (e.g. 2025-06-17T14:00:00Z)',
] as const;

type Opts = Readonly<Record<string, unknown>>;
type Open = (options?: { create?: boolean }) => LedgerAccess;
type Run = (args: readonly string[], opts: Opts, open: Open) => Promise<number>;

const text = (opts: Opts, name: string): string | undefined =>
  typeof opts[name] === 'string' ? opts[name] : undefined;
const flag = (opts: Opts, name: string): boolean => opts[name] === true;
const list = (opts: Opts, name: string): string[] =>
  Array.isArray(opts[name]) ? (opts[name] as unknown[]).map(String) : [];
const arg = (args: readonly string[]): string => args[0] ?? '';
const scopeOption = (agreementId: string | undefined): { agreementId?: string } =>
  agreementId === undefined ? {} : { agreementId };

/** The program's commands; `settle` receives each action's exit code. */
function buildProgram(io: CliIo, config: LedgerConfig, settle: (code: number) => void): Command {
  const program = new Command('ledger')
    .description(
      "The auditors' and operators' command line: replay, audit trails, verification, export and import of the negotiation-outcomes ledger.",
    )
    .option(
      '--data-dir <dir>',
      'open the SQLite ledger in this directory directly (default: LEDGER_DATA_DIR or ./data)',
    )
    .option('--api <url>', 'go through a running ledger API instead (default: LEDGER_URL)')
    .option('--key <token>', 'the API key for --api (default: LEDGER_API_KEY)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (out) => io.stdout.write(out),
      writeErr: (out) => io.stderr.write(out),
    });
  // Commander calls an action with the positional arguments, the command's options, the command.
  const run =
    (body: Run) =>
    async (...received: unknown[]) => {
      const command = received.at(-1) as Command;
      const where = command.optsWithGlobals<WhereOptions>();
      let access: LedgerAccess | undefined;
      try {
        settle(
          await body(
            received.slice(0, -2).map(String),
            command.opts(),
            (options) => (access = openAccess(where, io, config, options)),
          ),
        );
      } finally {
        await access?.close();
      }
    };
  program
    .command('replay')
    .description(
      'print the totals and the discrepancies as they stood (replays the log; the latest point by default)',
    )
    .option(...AS_OF)
    .option('--json', 'print JSON instead of text')
    .action(
      run((_a, o, open) =>
        replayCommand(open(), { asOf: parseAsOf(text(o, 'asOf')), json: flag(o, 'json') }, io),
      ),
    );
  program
    .command('audit-trail <claimId>')
    .description(
      'every event that touched one claim: who recorded it, when, from which source, what revised or disputed it',
    )
    .option(...AS_OF)
    .option(
      '--agreement <id>',
      'the agreement holding the claim, when a log not written through the API holds its id twice',
    )
    .option('--json', 'print JSON instead of text')
    .action(
      run((a, o, open) =>
        auditTrailCommand(
          open(),
          arg(a),
          {
            asOf: parseAsOf(text(o, 'asOf')),
            json: flag(o, 'json'),
            ...scopeOption(text(o, 'agreement')),
          },
          io,
        ),
      ),
    );
  program
    .command('verify')
    .description(
      'recompute every hash, chain and checkpoint signature; exits 1 naming the first bad position',
    )
    .option(
      '--public-key <file...>',
      "trust checkpoints signed by these public keys (default: the ledger's own key)",
    )
    .option('--json', 'print the report as JSON')
    .action(
      run((_a, o, open) =>
        verifyCommand(
          () => open(),
          { publicKeys: list(o, 'publicKey'), json: flag(o, 'json') },
          io,
        ),
      ),
    );
  program
    .command('export')
    .description('write the claims as CSV, HXL-tagged CSV or W3C PROV-JSON')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(EXPORT_FORMATS)
        .makeOptionMandatory(),
    )
    .option(...AS_OF)
    .option('--out <file>', 'write to this file instead of stdout')
    .option(
      '--raw',
      'CSV/HXL cells exactly as recorded, for programs: no leading quote on cells a spreadsheet would run as formulas',
    )
    .option('--bom', 'CSV/HXL: start with a UTF-8 byte-order mark, for spreadsheets')
    .action(
      run((_a, o, open) =>
        exportCommand(
          open(),
          {
            format: text(o, 'format') as ExportFormat,
            asOf: parseAsOf(text(o, 'asOf')),
            out: text(o, 'out'),
            raw: o.raw === true,
            bom: o.bom === true,
            publicBaseUrl: config.publicBaseUrl,
          },
          io,
        ),
      ),
    );
  program
    .command('import <file>')
    .description(
      'enter a scenario (the seed fixture format) through the command API: over --api, or in this process on the data directory',
    )
    .option(
      '--actor <name>',
      'embedded only: the actor recorded on the events (default: ledger-cli@<user>)',
    )
    .option(
      '--correlation-id <id>',
      'the correlation id of every command (default: import:<file name>)',
    )
    .action(
      run((a, o, open) =>
        importCommand(
          open({ create: true }),
          arg(a),
          { actor: text(o, 'actor'), correlationId: text(o, 'correlationId') },
          io,
        ),
      ),
    );
  program
    .command('proof <position>')
    .description(
      'an inclusion proof of the event at a global position against the latest signed checkpoint',
    )
    .option('--out <file>', 'write to this file instead of stdout')
    .action(run((a, o, open) => proofCommand(open(), arg(a), text(o, 'out'), io)));
  program
    .command('verify-proof <proofFile>')
    .description('check an inclusion proof offline, with only the public key (no ledger needed)')
    .requiredOption(
      '--public-key <file>',
      "the ledger's public key (PEM), e.g. from GET /audit/public-key",
    )
    .action(run((a, o) => verifyProofCommand(arg(a), text(o, 'publicKey') ?? '', io)));
  program
    .command('verify-consistency <checkpointFile>')
    .description(
      'check that the ledger still extends a signed checkpoint saved earlier (RFC 6962 consistency proof): exits 1 if it was truncated or forked',
    )
    .option(
      '--public-key <file>',
      "the key the checkpoints must be signed with (default: the ledger's own; pin the one you obtained)",
    )
    .action(
      run((a, o, open) => verifyConsistencyCommand(open(), arg(a), text(o, 'publicKey'), io)),
    );
  program
    .command('public-key')
    .description('print the public key (PEM) checkpoints are signed with')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(run((_a, o, open) => publicKeyCommand(open(), text(o, 'out'), io)));
  program
    .command('checkpoint')
    .description('sign a checkpoint over the whole log now (POST /audit/checkpoints over --api)')
    .action(run((_a, _o, open) => checkpointCommand(open(), io)));
  return program;
}

/** Runs the program on `argv` (without node and script); resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  let config: LedgerConfig;
  try {
    // The same settings, read the same way, as the API and the projector: one typo is named here too.
    config = loadConfig(io.env, io.cwd);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`ledger: ${error.message}\n`);
    return EXIT.unusable;
  }
  const program = buildProgram(io, config, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.unusable;
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CliError) {
    io.stderr.write(`ledger: ${visibleLines(error.message)}\n`);
    return error.exitCode;
  }
  // The log does not match what was signed: a failed check, not a failure to run.
  if (error instanceof AuditTrailError) {
    io.stderr.write(`ledger: ${visibleLines(error.message)}\n`);
    return EXIT.failed;
  }
  if (error instanceof AuditError || error instanceof EventStoreError) {
    io.stderr.write(`ledger: ${visibleLines(error.message)}\n`);
    return EXIT.unusable;
  }
  io.stderr.write(
    `ledger: unexpected error: ${visibleLines(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
  );
  return EXIT.unusable;
}
