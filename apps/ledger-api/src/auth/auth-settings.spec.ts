import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@ledger/config';
import { newApiKey } from './api-key';
import { DEFAULT_RATE_LIMIT, loadAuthSettings } from './auth-settings';
import { KEYS_FILE, writeKeysFile } from './key-file';

describe('auth settings from the environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-auth-settings-'));
  const settingsOf = (env: Record<string, string>, options = {}) =>
    loadAuthSettings(loadConfig({ ...env, LEDGER_DATA_DIR: dir }), options);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults: the keys file in the data dir (an admin key made if absent), 600 requests a minute, no CORS', () => {
    expect(settingsOf({})).toEqual({
      keys: { kind: 'file', path: join(dir, KEYS_FILE), createAdminIn: dir },
      rateLimit: DEFAULT_RATE_LIMIT,
      corsOrigins: [],
    });
  });

  it('reads LEDGER_API_KEYS as JSON, or as the path of a keys file', () => {
    const key = newApiKey('svc', ['subscriber']);
    expect(settingsOf({ LEDGER_API_KEYS: JSON.stringify([key.record]) }).keys).toEqual({
      kind: 'fixed',
      keys: [key.record],
      where: 'LEDGER_API_KEYS',
    });
    const file = join(dir, 'elsewhere.json');
    writeKeysFile(file, [key.record]);
    expect(settingsOf({ LEDGER_API_KEYS: file }).keys).toEqual({
      kind: 'file',
      path: file,
    });
  });

  it('refuses a keys file that is not there, or a keys document that is not valid', () => {
    expect(() => settingsOf({ LEDGER_API_KEYS: join(dir, 'missing.json') })).toThrow(ConfigError);
    expect(() => settingsOf({ LEDGER_API_KEYS: join(dir, 'missing.json') })).toThrow(
      /no such keys file/,
    );
    expect(() => settingsOf({ LEDGER_API_KEYS: '[{"id":1}]' })).toThrow(
      /LEDGER_API_KEYS keys\[0\]/,
    );
  });

  it("takes limits and origins from the environment, and the embedding program's options over it", () => {
    const env = {
      LEDGER_RATE_LIMIT: '20',
      LEDGER_RATE_WINDOW_MS: '1000',
      LEDGER_CORS_ORIGINS: 'https://desk.example.org,http://127.0.0.1:5173',
    };
    expect(settingsOf(env)).toMatchObject({
      rateLimit: { limit: 20, windowMs: 1000 },
      corsOrigins: ['https://desk.example.org', 'http://127.0.0.1:5173'],
    });
    expect(
      settingsOf(env, { rateLimit: { limit: 5, windowMs: 10 }, corsOrigins: [] }),
    ).toMatchObject({
      rateLimit: { limit: 5, windowMs: 10 },
      corsOrigins: [],
    });
  });
});
