import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledger } from '../../audit/support/cli';
import { SEED_FIXTURE } from '../../support/test-ledger';

/** Posts a command; throws with the answer unless 201. */
export type Must = (path: string, body: unknown) => Promise<unknown>;

/** The two ministries of the answers suites' two-party agreements, Alpha's and Beta's. */
export async function registerMinistries(must: Must): Promise<void> {
  for (const [sourceId, affiliation] of [
    ['alpha-ministry', 'alpha'],
    ['beta-ministry', 'beta'],
  ])
    await must('/sources', {
      sourceId,
      name: `${affiliation} ministry`,
      kind: 'party_authority',
      affiliation,
    });
}

/** A prisoner exchange between Alpha and Beta signed 2025-07-01 in Geneva, with the term given. */
export function signExchange(
  must: Must,
  agreementId: string,
  title: string,
  term: { readonly description: string; readonly agreedQuantity?: unknown },
): Promise<unknown> {
  return must('/agreements', {
    agreementId,
    title,
    venue: 'Geneva',
    signedOn: '2025-07-01',
    parties: [
      { id: 'alpha', name: 'Alpha' },
      { id: 'beta', name: 'Beta' },
    ],
    mediators: [],
    terms: [{ termId: 'exchange', kind: 'prisoner_exchange', reciprocity: 'mutual', ...term }],
  });
}

/**
 * The seed fixture and `more` requests imported with `ledger import` into a fresh data dir, as a
 * desk editor would; returns the temp dir (the caller removes it) and the data dir in it.
 */
export async function importAfterSeed(
  prefix: string,
  more: readonly unknown[],
): Promise<{ dir: string; dataDir: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(dir, 'data');
  const seed = JSON.parse(readFileSync(SEED_FIXTURE, 'utf8')) as unknown[];
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify([...seed, ...more]));
  const imported = await ledger(
    ['--data-dir', dataDir, 'import', join(dir, 'scenario.json'), '--actor', 'desk-editor'],
    { cwd: dir },
  );
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stdout}${imported.stderr}`);
  return { dir, dataDir };
}
