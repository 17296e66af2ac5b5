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

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_MODE: Record<StoreKind, CheckpointerMode> = {
  sqlite: 'inline',
  esdb: 'external',
  // A memory ledger is gone when the process ends; its tests checkpoint on demand.
  memory: 'off',
};

function wholeNumber(
  env: Env,
  name: string,
  range: { min: number; max: number; fallback: number },
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return range.fallback;
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (value >= range.min && value <= range.max) return value;
  problems.push(
    `${name}=${JSON.stringify(raw)} is not a whole number from ${range.min} to ${range.max}`,
  );
  return range.fallback;
}

/** The PEM of LEDGER_SIGNING_KEY: the value itself, or the file it names. */
function signingKeyPem(raw: string, problems: string[]): string | undefined {
  if (raw.startsWith('-----BEGIN')) return raw;
  try {
    return readFileSync(resolve(raw), 'utf8');
  } catch (error) {
    problems.push(
      `LEDGER_SIGNING_KEY names no readable key file (${resolve(raw)}: ${(error as NodeJS.ErrnoException).code ?? String(error)})`,
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

/** The witnesses: somewhere a rewrite of the data dir cannot reach (a file outside it, a URL). */
function witnesses(
  env: Env,
  dataDir: string,
  problems: string[],
): Pick<AuditConfig, 'witnessFile' | 'witnessUrl'> {
  const rawFile = env.LEDGER_AUDIT_WITNESS_FILE?.trim();
  const file = rawFile ? resolve(rawFile) : undefined;
  const url = env.LEDGER_AUDIT_WITNESS_URL?.trim() || undefined;
  if (file !== undefined && isInside(dataDir, file))
    problems.push(
      `LEDGER_AUDIT_WITNESS_FILE=${file} is inside the data dir ${dataDir}: a witness must be out of reach of whoever can rewrite the log`,
    );
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url))
    problems.push(`LEDGER_AUDIT_WITNESS_URL=${JSON.stringify(url)} is not an http(s) URL`);
  return { ...(file ? { witnessFile: file } : {}), ...(url ? { witnessUrl: url } : {}) };
}

export function loadAuditConfig(
  env: Env,
  store: StoreKind,
  problems: string[],
  dataDir: string,
): AuditConfig {
  const signingKey = env.LEDGER_SIGNING_KEY?.trim() || undefined;
  if (signingKey !== undefined) checkSigningKey(signingKey, problems);
  const rawMode = env.LEDGER_CHECKPOINTER;
  let checkpointer = DEFAULT_MODE[store];
  if (rawMode === 'inline' || rawMode === 'external' || rawMode === 'off') checkpointer = rawMode;
  else if (rawMode !== undefined && rawMode !== '')
    problems.push(
      `LEDGER_CHECKPOINTER=${JSON.stringify(rawMode)} is not one of inline, external, off`,
    );
  return {
    ...(signingKey === undefined
      ? {}
      : { signingKey: signingKey.startsWith('-----BEGIN') ? signingKey : resolve(signingKey) }),
    checkpointer,
    checkpointEveryEvents: wholeNumber(
      env,
      'LEDGER_CHECKPOINT_EVERY',
      { min: 1, max: 1_000_000_000, fallback: 1000 },
      problems,
    ),
    checkpointEveryMs: wholeNumber(
      env,
      'LEDGER_CHECKPOINT_INTERVAL_MS',
      { min: 100, max: 86_400_000, fallback: 5000 },
      problems,
    ),
    ...witnesses(env, dataDir, problems),
  };
}
