import { generateKeyPairSync } from 'node:crypto';
import {
  checkpointEventData,
  checkpointSignatureIsValid,
  checkpointStatementBytes,
  parseCheckpointData,
  signCheckpoint,
} from './checkpoint';
import { keyIdOf } from './signing-key';

describe('checkpoint signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const statement = {
    treeSize: 1000,
    rootHash: 'ab'.repeat(32),
    lastPosition: 1234n,
    signedAt: '2025-06-17T14:00:00.000Z',
    keyId: keyIdOf(publicKey),
  };

  it('signs a domain-tagged canonical statement', () => {
    expect(checkpointStatementBytes(statement).toString('utf8')).toBe(
      `ledger-checkpoint-v1\n{"keyId":"${statement.keyId}","lastPosition":"1234","rootHash":"${'ab'.repeat(32)}",` +
        '"signedAt":"2025-06-17T14:00:00.000Z","treeSize":1000}',
    );
    const checkpoint = signCheckpoint(statement, privateKey);
    expect(checkpoint.signature).toMatch(/^[0-9a-f]{128}$/);
    expect(checkpointSignatureIsValid(checkpoint, publicKey)).toBe(true);
  });

  it('fails for any changed field, another key, or a malformed signature', () => {
    const checkpoint = signCheckpoint(statement, privateKey);
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(checkpointSignatureIsValid({ ...checkpoint, treeSize: 1001 }, publicKey)).toBe(false);
    expect(
      checkpointSignatureIsValid({ ...checkpoint, rootHash: 'ac'.repeat(32) }, publicKey),
    ).toBe(false);
    expect(checkpointSignatureIsValid({ ...checkpoint, lastPosition: 1235n }, publicKey)).toBe(
      false,
    );
    expect(
      checkpointSignatureIsValid(
        { ...checkpoint, signedAt: '2025-06-17T14:00:01.000Z' },
        publicKey,
      ),
    ).toBe(false);
    expect(checkpointSignatureIsValid(checkpoint, other)).toBe(false);
    expect(checkpointSignatureIsValid({ ...checkpoint, signature: 'zz' }, publicKey)).toBe(false);
  });

  it('round-trips through event data, and reports malformed data', () => {
    const checkpoint = signCheckpoint(statement, privateKey);
    const frontier = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    const parsed = parseCheckpointData(checkpointEventData(checkpoint, frontier));
    expect(parsed).toEqual({ ok: true, checkpoint, frontier });
    const data = checkpointEventData(checkpoint, frontier);
    expect(parseCheckpointData({ ...data, treeSize: 0 })).toMatchObject({
      ok: false,
      problem: 'treeSize is not a positive integer',
    });
    expect(parseCheckpointData({ ...data, lastPosition: 12 })).toMatchObject({ ok: false });
    expect(parseCheckpointData({ ...data, rootHash: 'x' })).toMatchObject({ ok: false });
    expect(parseCheckpointData({ ...data, signedAt: 'yesterday' })).toMatchObject({ ok: false });
    expect(parseCheckpointData({ ...data, keyId: 'k' })).toMatchObject({ ok: false });
    expect(parseCheckpointData({ ...data, signature: null })).toMatchObject({ ok: false });
  });
});
