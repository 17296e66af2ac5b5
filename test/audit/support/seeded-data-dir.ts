import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_FIXTURE } from '../../support/test-ledger';
import { ledger } from './cli';

/** A temp dir whose `data/` holds the seed scenario, imported with `ledger import` (and so checkpointed once). */
export async function seededDataDir(prefix: string): Promise<{ dir: string; dataDir: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(dir, 'data');
  const imported = await ledger(
    ['--data-dir', dataDir, 'import', SEED_FIXTURE, '--actor', 'desk-editor'],
    { cwd: dir },
  );
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stdout}${imported.stderr}`);
  return { dir, dataDir };
}
