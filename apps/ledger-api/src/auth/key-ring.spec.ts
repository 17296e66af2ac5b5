import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiKeyRecord, newApiKey } from './api-key';
import { createApiKey } from './create-api-key';
import { ADMIN_KEY_FILE, KEYS_FILE, KeysDocumentError, writeKeysFile } from './key-file';
import { KeyRing, type KeyRingLogger } from './key-ring';

function recordingLogger(): KeyRingLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (m) => lines.push(`log: ${m}`), error: (m) => lines.push(`error: ${m}`) };
}

async function eventually(check: () => boolean, timeoutMs = 3_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('KeyRing over a fixed list', () => {
  const desk = newApiKey('desk', ['recorder']);
  const ring = KeyRing.open(
    { kind: 'fixed', keys: [desk.record], where: 'test' },
    recordingLogger(),
  );

  it('authenticates a Bearer token to its key', () => {
    expect(ring.authenticate(`Bearer ${desk.token}`)).toEqual({
      ok: true,
      requester: { keyId: desk.record.id, name: 'desk', roles: ['recorder'] },
    });
    expect(ring.authenticate(`bearer   ${desk.token}`)).toMatchObject({ ok: true });
  });

  it('says why it refuses: missing, malformed, unknown', () => {
    expect(ring.authenticate(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(ring.authenticate('')).toEqual({ ok: false, reason: 'missing' });
    expect(ring.authenticate(desk.token)).toEqual({ ok: false, reason: 'malformed' });
    expect(ring.authenticate(`Basic ${desk.token}`)).toEqual({ ok: false, reason: 'malformed' });
    expect(ring.authenticate([`Bearer ${desk.token}`, `Bearer ${desk.token}`])).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(ring.authenticate(`Bearer ${newApiKey('other', ['admin']).token}`)).toEqual({
      ok: false,
      reason: 'unknown',
    });
    const [prefix, id] = desk.token.split('_');
    expect(ring.authenticate(`Bearer ${prefix}_${id}_${'x'.repeat(43)}`)).toEqual({
      ok: false,
      reason: 'unknown',
    });
  });
});

describe('KeyRing over a keys file', () => {
  let dir: string;
  let rings: KeyRing[] = [];
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-keys-'))));
  afterEach(() => {
    rings.forEach((r) => r.close());
    rings = [];
    rmSync(dir, { recursive: true, force: true });
  });
  const open = (logger = recordingLogger()): KeyRing => {
    const ring = KeyRing.open(
      { kind: 'file', path: join(dir, KEYS_FILE), createAdminIn: dir },
      logger,
    );
    rings.push(ring);
    return ring;
  };

  it('on first start creates an admin key, writes its token once to an owner-only file, and logs the path, not the token', () => {
    const logger = recordingLogger();
    const ring = open(logger);
    const token = readFileSync(join(dir, ADMIN_KEY_FILE), 'utf8').trim();
    expect(ring.authenticate(`Bearer ${token}`)).toMatchObject({
      ok: true,
      requester: { name: 'admin', roles: ['admin'] },
    });
    expect(statSync(join(dir, ADMIN_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, KEYS_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, KEYS_FILE), 'utf8')).not.toContain(token.split('_')[2]);
    expect(logger.lines.join('\n')).toContain(join(dir, ADMIN_KEY_FILE));
    expect(logger.lines.join('\n')).not.toContain(token);
  });

  it('keeps the keys of an existing file and creates no admin key', () => {
    const desk = newApiKey('desk', ['recorder']);
    writeKeysFile(join(dir, KEYS_FILE), [desk.record]);
    const ring = open();
    expect(ring.size).toBe(1);
    expect(ring.authenticate(`Bearer ${desk.token}`)).toMatchObject({ ok: true });
    expect(() => statSync(join(dir, ADMIN_KEY_FILE))).toThrow();
  });

  it('accepts a key created while running at once, and stops accepting a removed one within seconds', async () => {
    const ring = open();
    const created = createApiKey(join(dir, KEYS_FILE), 'late', ['analyst']);
    expect(ring.authenticate(`Bearer ${created.token}`)).toMatchObject({
      ok: true,
      requester: { name: 'late' },
    });
    const { keys } = JSON.parse(readFileSync(join(dir, KEYS_FILE), 'utf8')) as {
      keys: ApiKeyRecord[];
    };
    const remaining = keys.filter((k) => k.name !== 'late');
    writeKeysFile(join(dir, KEYS_FILE), remaining);
    expect(await eventually(() => !ring.authenticate(`Bearer ${created.token}`).ok)).toBe(true);
  });

  it('refuses to start on a broken keys file, and keeps the old keys when the file breaks later', async () => {
    writeFileSync(join(dir, KEYS_FILE), '{"keys": [{"id": "nope"}]}');
    expect(() => open()).toThrow(KeysDocumentError);
    const desk = newApiKey('desk', ['recorder']);
    writeKeysFile(join(dir, KEYS_FILE), [desk.record]);
    const logger = recordingLogger();
    const ring = open(logger);
    writeFileSync(join(dir, KEYS_FILE), 'not json');
    expect(
      await eventually(() => logger.lines.some((l) => l.startsWith('error: Could not re-read'))),
    ).toBe(true);
    expect(ring.authenticate(`Bearer ${desk.token}`)).toMatchObject({ ok: true });
  });

  it('tells its listeners when the keys change, and knows each key by id as it is now', async () => {
    const desk = newApiKey('desk', ['subscriber']);
    const other = newApiKey('other', ['subscriber']);
    writeKeysFile(join(dir, KEYS_FILE), [desk.record, other.record]);
    const ring = open();
    let changes = 0;
    const stop = ring.onChange(() => (changes += 1));
    expect(ring.requesterById(desk.record.id)?.roles).toEqual(['subscriber']);
    writeKeysFile(join(dir, KEYS_FILE), [{ ...desk.record, roles: ['analyst'] }]);
    expect(await eventually(() => changes === 1)).toBe(true);
    expect(ring.requesterById(desk.record.id)?.roles).toEqual(['analyst']);
    expect(ring.requesterById(other.record.id)).toBeUndefined();
    stop();
    writeKeysFile(join(dir, KEYS_FILE), [desk.record]);
    expect(
      await eventually(() => ring.requesterById(desk.record.id)?.roles[0] === 'subscriber'),
    ).toBe(true);
    expect(changes).toBe(1);
  });
});
