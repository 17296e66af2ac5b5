/** Where a command writes: stdout for results (pipeable), stderr for progress and diagnostics. */
export interface Output {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface CliIo {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths are read from (process.cwd() in the real program). */
  readonly cwd: string;
}

/** How the program ends: 0 done, 1 the check failed (tamper, invalid proof, a refused command), 2 it could not run. */
export const EXIT = { ok: 0, failed: 1, unusable: 2 } as const;

/** An error the user can act on: printed as is (no stack), ending the program with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.unusable,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
