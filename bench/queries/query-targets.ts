import { statSync } from 'node:fs';
import Database from 'better-sqlite3';

/** What the query load asks about: agreements and claims that exist at both points measured. */
export interface QueryTargets {
  readonly head: number;
  /** The as-of point: the middle of the log. */
  readonly asOfPosition: number;
  readonly agreements: readonly string[];
  /** Per agreement, its first recorded claim (the one most often revised, contested, corroborated). */
  readonly claims: readonly string[];
}

/** The last position of a log file (the SQLite store's events table). */
export function headOf(logFile: string): number {
  const db = new Database(logFile, { readonly: true, fileMustExist: true });
  try {
    return Number(
      (db.prepare('SELECT max(position) AS head FROM events').get() as { head: number }).head,
    );
  } finally {
    db.close();
  }
}

/** Picks the agreements signed, and their first claims recorded, by the middle of the log. */
export function pickTargets(readModelFile: string, head: number, max: number): QueryTargets {
  const asOfPosition = Math.floor(head / 2);
  const db = new Database(readModelFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT agreement_id, claim_id, min(recorded_position) AS first FROM claims
         WHERE valid_to IS NULL AND recorded_position <= ? GROUP BY agreement_id ORDER BY agreement_id LIMIT ?`,
      )
      .all(asOfPosition, max) as { agreement_id: string; claim_id: string }[];
    if (rows.length === 0) throw new Error('no claim recorded by the middle of the log');
    return {
      head,
      asOfPosition,
      agreements: rows.map((r) => r.agreement_id),
      claims: rows.map((r) => r.claim_id),
    };
  } finally {
    db.close();
  }
}

/** A file's size in bytes, 0 when it does not exist (a WAL after a clean close). */
export function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export interface QueryRoute {
  readonly name: string;
  readonly paths: readonly string[];
}

/** The routes measured, each current and as of the middle of the log, over every target in turn. */
export function queryRoutes(t: QueryTargets): QueryRoute[] {
  const enc = encodeURIComponent;
  const kinds: [string, (i: number) => string][] = [
    ['GET /agreements/:id/totals', (i) => `/agreements/${enc(t.agreements[i] ?? '')}/totals`],
    [
      'GET /discrepancies?agreementId=',
      (i) => `/discrepancies?agreementId=${enc(t.agreements[i] ?? '')}`,
    ],
    [
      'GET /claims?agreementId=&limit=50',
      (i) => `/claims?agreementId=${enc(t.agreements[i] ?? '')}&limit=50`,
    ],
    ['GET /claims/:id/audit-trail', (i) => `/claims/${enc(t.claims[i] ?? '')}/audit-trail`],
  ];
  const indexes = t.agreements.map((_, i) => i);
  return kinds.flatMap(([name, path]) => [
    { name: `${name} (current)`, paths: indexes.map(path) },
    {
      name: `${name} (as of)`,
      paths: indexes.map((i) => {
        const p = path(i);
        return `${p}${p.includes('?') ? '&' : '?'}asOfPosition=${t.asOfPosition}`;
      }),
    },
  ]);
}
