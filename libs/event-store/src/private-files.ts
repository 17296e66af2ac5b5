import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The data dir holds the event log, the read models and keys: readable by the ledger's user
 * only. Every place that creates a directory or a file in it goes through these two, so none is
 * created world-readable (the modes apply to what they create; the umask can only narrow them).
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) owner-only; an existing directory is left as it is. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Creates an empty owner-only file at `file` unless one exists, with its private directory.
 * Before SQLite opens a new database: it creates the -wal and -shm files with the mode of the
 * database file, so they are owner-only too.
 */
export function createPrivateFile(file: string): void {
  makePrivateDir(dirname(file));
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
}
