import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from './create-store';
import { anEvent } from './testing/contract-support';

describe('createEventStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-create-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the sqlite store in ${dataDir}/ledger.db, creating the directory', async () => {
    const dataDir = join(dir, 'data');
    const store = createEventStore({ kind: 'sqlite', dataDir, sqliteSynchronous: 'NORMAL' });
    try {
      expect(store.kind).toBe('sqlite');
      await store.appendToStream('source', [anEvent()]);
      expect(existsSync(join(dataDir, 'ledger.db'))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('opens a fresh memory store that touches no file', async () => {
    const dataDir = join(dir, 'unused');
    const store = createEventStore({ kind: 'memory', dataDir });
    expect(store.kind).toBe('memory');
    expect(await store.headPosition()).toBe(0n);
    await store.close();
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses esdb without a connection string', () => {
    expect(() => createEventStore({ kind: 'esdb', dataDir: dir })).toThrow(/connection string/);
  });
});
