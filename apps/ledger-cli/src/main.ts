import 'reflect-metadata';
import { runCli } from './cli';

/** `ledger <command>`: see `ledger --help`, or the README's "For auditors". */
runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('ledger: unexpected error:', error);
    process.exitCode = 2;
  },
);
