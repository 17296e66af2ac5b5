import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { StoreKind } from './config';

/**
 * Where the checkpointer runs. inline: in the API process (the embedded store's default);
 * external: in apps/projector (EventStoreDB deployments: one checkpointer per ledger, whatever the
 * number of API nodes); off: only on demand (POST /audit/checkpoints, `ledger checkpoint`).
 */
export type CheckpointerMode = 'inline' | 'external' | 'off';

/** The tamper-evidence settings: the checkpoint signing key and how often checkpoints are signed. */
export interface AuditConfig {
  /**
   * LEDGER_SIGNING_KEY as given: an Ed25519 private key (PKCS#8 PEM), or the path of a file holding
   * one. Absent: the key beside the data (`audit-signing-key.pem`), generated on first start.
   */
  readonly signingKey?: string;
  readonly checkpointer: CheckpointerMode;
  /** Sign a checkpoint once this many events are not covered by one (LEDGER_CHECKPOINT_EVERY). */
  readonly checkpointEveryEvents: number;
  /** …or once this many ms have passed since the last one and any event is not covered (LEDGER_CHECKPOINT_INTERVAL_MS). */
  readonly checkpointEveryMs: number;
  /** Every checkpoint signed is appended here as a JSON line (LEDGER_AUDIT_WITNESS_FILE): outside the data dir. */
  readonly witnessFile?: string;
  /** …and POSTed here as JSON (LEDGER_AUDIT_WITNESS_URL, http or https). */
  readonly witnessUrl?: string;
}

const DEFAULT_MODE: Record<StoreKind, CheckpointerMode> = {
  sqlite: 'inline',
  esdb: 'external',
  // A memory ledger is gone when the process ends; its tests checkpoint on demand.
  memory: 'off',
};

/** The PEM of LEDGER_SIGNING_KEY: the value itself, or the file it names. */
function signingKeyPem(raw: string, problems: string[]): string | undefined {
  if (raw.startsWith('-----BEGIN')) return raw;
  try {
    return readFileSync(raw, 'utf8');
  } catch (error) {
    problems.push(
      `LEDGER_SIGNING_KEY names no readable key file (${raw}: ${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
    return undefined;
  }
}

/** Refuses at start a key the checkpointer could not sign with, rather than at the first checkpoint. */
function checkSigningKey(raw: string, problems: string[]): void {
  const pem = signingKeyPem(raw, problems);
  if (pem === undefined) return;
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519')
      problems.push(
        `LEDGER_SIGNING_KEY is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key; checkpoints are signed with Ed25519`,
      );
  } catch {
    problems.push(
      'LEDGER_SIGNING_KEY is not a readable PEM private key (expected PKCS#8 Ed25519, e.g. from `openssl genpkey -algorithm ed25519`)',
    );
  }
}

/** A witness file must be out of reach of whoever can rewrite the data dir. */
function isInside(dir: string, file: string): boolean {
  const path = relative(dir, file);
  return !(path === '..' || path.startsWith(`..${sep}`) || path.startsWith(sep));
}

/** The witness file, resolved; refused inside the data dir (out of reach of whoever rewrites it). */
function witnessFileFrom(
  raw: string | undefined,
  where: { readonly cwd: string; readonly dataDir: string },
  problems: string[],
): string | undefined {
  if (raw === undefined) return undefined;
  const file = resolve(where.cwd, raw);
  if (isInside(where.dataDir, file))
    problems.push(
      `LEDGER_AUDIT_WITNESS_FILE=${file} is inside the data dir ${where.dataDir}: a witness must be out of reach of whoever can rewrite the log`,
    );
  return file;
}

/** The audit section as read from the table, completed: the checkpointer's default follows the store. */
export function auditConfigFrom(
  raw: {
    readonly signingKey: string | undefined;
    readonly checkpointer: CheckpointerMode | undefined;
    readonly checkpointEveryEvents: number;
    readonly checkpointEveryMs: number;
    readonly witnessFile: string | undefined;
    readonly witnessUrl: string | undefined;
  },
  where: { readonly store: StoreKind; readonly cwd: string; readonly dataDir: string },
  problems: string[],
): AuditConfig {
  const { signingKey, checkpointer, checkpointEveryEvents, checkpointEveryMs, witnessUrl } = raw;
  const isPem = signingKey?.startsWith('-----BEGIN') ?? false;
  const keyPath = signingKey === undefined || isPem ? signingKey : resolve(where.cwd, signingKey);
  if (keyPath !== undefined) checkSigningKey(keyPath, problems);
  const witnessFile = witnessFileFrom(raw.witnessFile, where, problems);
  return {
    ...(keyPath === undefined ? {} : { signingKey: keyPath }),
    checkpointer: checkpointer ?? DEFAULT_MODE[where.store],
    checkpointEveryEvents,
    checkpointEveryMs,
    ...(witnessFile === undefined ? {} : { witnessFile }),
    ...(witnessUrl === undefined ? {} : { witnessUrl }),
  };
}
