import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE } from '@ledger/event-store';

/**
 * The read models live in `${dataDir}/read-models.db`, apart from the event log. A rebuild writes
 * a new generation (`read-models.<time>.db`) and then points `read-models.current` at it: the
 * pointer is replaced by a rename, so a reader sees either the old name or the new, never half.
 */
export const DEFAULT_GENERATION = 'read-models.db';
export const POINTER_FILE = 'read-models.current';
const GENERATION_NAME = /^read-models(\.\d{8}T\d{9}(-\d+)?)?\.db$/;

export function isGenerationName(name: string): boolean {
  return GENERATION_NAME.test(name);
}

/** The name of the generation in use: the pointer's, else the default. */
export function currentGeneration(dataDir: string): string {
  const pointer = join(dataDir, POINTER_FILE);
  if (!existsSync(pointer)) return DEFAULT_GENERATION;
  const name = readFileSync(pointer, 'utf8').trim();
  return isGenerationName(name) ? name : DEFAULT_GENERATION;
}

/** A fresh generation name, e.g. read-models.20250618T080000123.db (unique within the directory). */
export function newGenerationName(dataDir: string, nowMs: number): string {
  const stamp = new Date(nowMs)
    .toISOString()
    .replace(/[-:.Z]/g, '')
    .slice(0, 18);
  let name = `read-models.${stamp}.db`;
  for (let n = 1; existsSync(join(dataDir, name)); n++) name = `read-models.${stamp}-${n}.db`;
  return name;
}

/** Makes `name` the generation in use: the new pointer is on disk before it replaces the old one. */
export function pointTo(dataDir: string, name: string): void {
  const pointer = join(dataDir, POINTER_FILE);
  const temporary = `${pointer}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', PRIVATE_FILE_MODE);
  try {
    writeFileSync(fd, `${name}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, pointer);
  syncDirectory(dataDir);
}

/** fsync of a directory's entries (a rename, a new file), where the platform can open a directory. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a directory; its renames are durable by other means.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Deletes generations other than those kept, with their WAL and shared-memory files. */
export function removeGenerations(dataDir: string, keep: readonly string[]): string[] {
  if (!existsSync(dataDir)) return [];
  const removed = readdirSync(dataDir).filter(
    (name) => isGenerationName(name) && !keep.includes(name),
  );
  for (const name of removed) {
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(join(dataDir, `${name}${suffix}`), { force: true });
  }
  return removed;
}
