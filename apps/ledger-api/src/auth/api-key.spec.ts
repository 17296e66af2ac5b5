import { createHash } from 'node:crypto';
import {
  hashSecret,
  InvalidApiKeyError,
  newApiKey,
  parseToken,
  recordProblems,
  secretMatches,
} from './api-key';
import { grants } from './roles';

describe('API keys', () => {
  it('makes a token ldg_<id>_<secret> whose secret only the hash remembers', () => {
    const { record, token } = newApiKey(
      'desk-editor',
      ['recorder'],
      new Date('2025-06-17T12:00:00Z'),
    );
    const parsed = parseToken(token);
    expect(parsed?.id).toBe(record.id);
    expect(record).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      name: 'desk-editor',
      roles: ['recorder'],
      hash: `sha256:${createHash('sha256').update(parsed!.secret).digest('hex')}`,
      createdAt: '2025-06-17T12:00:00.000Z',
    });
    expect(JSON.stringify(record)).not.toContain(parsed!.secret);
  });

  it('makes a different secret every time (256 random bits)', () => {
    const secrets = new Set(
      Array.from({ length: 50 }, () => parseToken(newApiKey('a', ['analyst']).token)!.secret),
    );
    expect(secrets.size).toBe(50);
  });

  it('matches the right secret only', () => {
    const { record, token } = newApiKey('auditor-1', ['auditor']);
    const { secret } = parseToken(token)!;
    expect(secretMatches(record, secret)).toBe(true);
    expect(secretMatches(record, `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`)).toBe(
      false,
    );
    expect(secretMatches({ ...record, hash: hashSecret('something else') }, secret)).toBe(false);
  });

  it('reads only well-formed tokens', () => {
    const { token } = newApiKey('x', ['admin']);
    for (const bad of [
      '',
      'ldg_',
      token.slice(0, -1),
      `${token}A`,
      token.replace('ldg_', 'ldx_'),
      `Bearer ${token}`,
      token.toUpperCase(),
    ])
      expect(parseToken(bad)).toBeUndefined();
  });

  it('refuses names that cannot be an actor, and unknown or missing roles', () => {
    expect(() => newApiKey('two words', ['recorder'])).toThrow(InvalidApiKeyError);
    expect(() => newApiKey('', ['recorder'])).toThrow(InvalidApiKeyError);
    expect(() => newApiKey('ok', [])).toThrow(/non-empty/);
    expect(() => newApiKey('ok', ['root' as never])).toThrow(/unknown roles/);
  });

  it('names every problem of a stored record', () => {
    expect(
      recordProblems(
        { id: 'X', name: 'a b', roles: ['god'], hash: 'md5:1', createdAt: 'yesterday', extra: 1 },
        'keys[0]',
      ),
    ).toEqual([
      'keys[0]: id must be 8-32 lower-case letters or digits',
      'keys[0]: name must be 1-80 letters, digits or . _ @ - (it becomes the actor in event metadata)',
      'keys[0]: unknown roles ["god"]',
      'keys[0]: hash must be "sha256:" and 64 hex digits',
      'keys[0]: createdAt must be an ISO-8601 instant',
      'keys[0]: unknown fields extra',
    ]);
    expect(recordProblems(newApiKey('fine', ['analyst']).record, 'k')).toEqual([]);
  });
});

describe('roles', () => {
  it('grants a route to a key holding one of its roles, and admin everywhere', () => {
    expect(grants(['analyst'], ['analyst', 'auditor'])).toBe(true);
    expect(grants(['recorder'], ['analyst', 'auditor'])).toBe(false);
    expect(grants(['admin'], ['subscriber'])).toBe(true);
    expect(grants(['subscriber', 'recorder'], ['recorder'])).toBe(true);
  });
});
