import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIGNING_KEY_ENV, SIGNING_KEY_FILE, signingKeyFromPem } from '@ledger/audit';
import { CliError } from '../io';

type Env = Readonly<Record<string, string | undefined>>;

/** Where the ledger's own key is: LEDGER_SIGNING_KEY (a PEM or a file), else the file beside the data. */
export function ownKeyLocation(
  dataDir: string,
  env: Env,
): { readonly pem?: string; readonly file?: string; readonly label: string } {
  const configured = env[SIGNING_KEY_ENV]?.trim();
  if (configured?.startsWith('-----BEGIN')) return { pem: configured, label: SIGNING_KEY_ENV };
  if (configured) return { file: configured, label: `${SIGNING_KEY_ENV} (${configured})` };
  const file = join(dataDir, SIGNING_KEY_FILE);
  return { file, label: file };
}

/**
 * The public key of the ledger's own signing key, for a verifier that was not handed one: trusting
 * it is trusting whoever could write that file, which the output says. Undefined when there is none.
 */
export function ownPublicKey(
  dataDir: string,
  env: Env,
): { readonly pem: string; readonly label: string } | undefined {
  const location = ownKeyLocation(dataDir, env);
  let pem = location.pem;
  if (pem === undefined && location.file !== undefined) {
    try {
      pem = readFileSync(location.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new CliError(
        `Cannot read the signing key ${location.file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); pass the ledger's public key with --public-key`,
      );
    }
  }
  if (pem === undefined) return undefined;
  try {
    return { pem: signingKeyFromPem(pem, 'file').publicKeyPem, label: location.label };
  } catch (error) {
    throw new CliError(
      `${location.label}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Reads PEM files given on the command line. */
export function readPemFiles(files: readonly string[]): string[] {
  return files.map((file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError(
        `Cannot read the public key ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  });
}
