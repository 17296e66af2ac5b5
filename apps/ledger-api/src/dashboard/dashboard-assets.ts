import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One built file, held in memory with everything its answer needs. */
export interface DashboardAsset {
  readonly body: Buffer;
  /** Present when compressing paid off (text files of some size). */
  readonly gzip?: Buffer;
  readonly contentType: string;
  readonly cacheControl: string;
  readonly etag: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Vite names everything under assets/ by its content hash: such a file never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and the icon keep their names across builds: revalidate every time (cheap, by ETag). */
const REVALIDATE = 'no-cache';
const COMPRESSIBLE = /^(text\/|application\/json|image\/svg\+xml)/;
const MAX_FILES = 500;

/**
 * The built dashboard (Vite's output), read once at start. Serving from a fixed in-memory map
 * means no request path ever reaches the file system, so there is no traversal to guard against,
 * and the few files (a few hundred KiB) cost little memory.
 */
export class DashboardAssets {
  private constructor(
    readonly dir: string | undefined,
    private readonly files: ReadonlyMap<string, DashboardAsset>,
  ) {}

  /** The assets in `dir`, or none when it holds no index.html (the dashboard was not built). */
  static load(dir: string | undefined): DashboardAssets {
    if (dir === undefined || !existsSync(join(dir, 'index.html')))
      return new DashboardAssets(undefined, new Map());
    const files = new Map<string, DashboardAsset>();
    for (const file of listFiles(dir)) {
      const path = relative(dir, file).split(sep).join('/');
      const asset = toAsset(path, readFileSync(file));
      if (asset !== undefined) files.set(path, asset);
    }
    return new DashboardAssets(dir, files);
  }

  get built(): boolean {
    return this.files.has('index.html');
  }

  /** A file by its path below the build directory ('index.html', 'assets/index-3f2a.js'). */
  get(path: string): DashboardAsset | undefined {
    return this.files.get(path);
  }
}

function listFiles(dir: string): string[] {
  const found: string[] = [];
  const pending = [dir];
  while (pending.length > 0 && found.length < MAX_FILES) {
    const current = pending.pop() as string;
    for (const name of readdirSync(current)) {
      const full = join(current, name);
      if (statSync(full).isDirectory()) pending.push(full);
      else found.push(full);
    }
  }
  return found;
}

/** Files of an unknown type are left out rather than served with a guessed type. */
function toAsset(path: string, body: Buffer): DashboardAsset | undefined {
  const contentType = CONTENT_TYPES[extname(path).toLowerCase()];
  if (contentType === undefined) return undefined;
  const gzip =
    COMPRESSIBLE.test(contentType) && body.length > 1024 ? gzipSync(body, { level: 9 }) : undefined;
  return {
    body,
    ...(gzip !== undefined && gzip.length < body.length ? { gzip } : {}),
    contentType,
    cacheControl: path.startsWith('assets/') ? IMMUTABLE : REVALIDATE,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
  };
}
