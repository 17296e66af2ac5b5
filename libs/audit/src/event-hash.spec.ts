import { createHash } from 'node:crypto';
import {
  canonicalEventText,
  eventHash,
  GENESIS_HASH,
  type HashableEvent,
  readAuditFields,
  withAuditFields,
  withoutAudit,
} from './event-hash';

const event: HashableEvent = {
  type: 'TransferReported',
  data: { quantity: 1245, direction: { from: 'RU', to: 'UA' } },
  metadata: { actor: 'desk-1', correlationId: 'c-1' },
  stream: 'transfer-1',
  revision: 0n,
};

describe('eventHash', () => {
  it('is SHA-256 over the domain tag, the previous hash and the canonical event', () => {
    const text =
      '{"data":{"direction":{"from":"RU","to":"UA"},"quantity":1245},"metadata":{"actor":"desk-1","correlationId":"c-1"},' +
      '"revision":"0","stream":"transfer-1","type":"TransferReported"}';
    expect(canonicalEventText(event)).toBe(text);
    const expected = createHash('sha256')
      .update(`ledger-event-v1\n${GENESIS_HASH}\n${text}`)
      .digest('hex');
    expect(eventHash(event, GENESIS_HASH)).toBe(expected);
  });

  it('changes with every covered field and with the previous hash', () => {
    const base = eventHash(event, GENESIS_HASH);
    const variants: HashableEvent[] = [
      { ...event, type: 'TransferReportedX' },
      { ...event, data: { ...event.data, quantity: 1248 } },
      { ...event, metadata: { actor: 'desk-2', correlationId: 'c-1' } },
      { ...event, stream: 'transfer-2' },
      { ...event, revision: 1n },
    ];
    const hashes = new Set([
      base,
      ...variants.map((v) => eventHash(v, GENESIS_HASH)),
      eventHash(event, 'a'.repeat(64)),
    ]);
    expect(hashes.size).toBe(variants.length + 2);
  });

  it('ignores the audit fields in the metadata and member order', () => {
    const reordered: HashableEvent = {
      ...event,
      data: { direction: { to: 'UA', from: 'RU' }, quantity: 1245 },
      metadata: withAuditFields(
        { correlationId: 'c-1', actor: 'desk-1' },
        { alg: 'sha256-jcs-v1', prevHash: GENESIS_HASH, hash: 'f'.repeat(64) },
      ),
    };
    expect(eventHash(reordered, GENESIS_HASH)).toBe(eventHash(event, GENESIS_HASH));
  });

  it('writes revisions beyond 2^53 exactly', () => {
    expect(canonicalEventText({ ...event, revision: 2n ** 60n + 1n })).toContain(
      '"revision":"1152921504606846977"',
    );
  });

  it('refuses a malformed previous hash', () => {
    expect(() => eventHash(event, 'ABC')).toThrow(RangeError);
  });
});

describe('readAuditFields', () => {
  it('reads well-formed fields and explains what is wrong with others', () => {
    const fields = { alg: 'sha256-jcs-v1' as const, prevHash: GENESIS_HASH, hash: 'b'.repeat(64) };
    expect(readAuditFields(withAuditFields({ a: 1 }, fields))).toEqual({ ok: true, fields });
    expect(readAuditFields({})).toEqual({ ok: false, problem: 'metadata.audit is missing' });
    expect(readAuditFields({ audit: [] })).toMatchObject({
      ok: false,
      problem: 'metadata.audit is not an object',
    });
    expect(readAuditFields({ audit: { ...fields, alg: 'md5' } })).toMatchObject({ ok: false });
    expect(readAuditFields({ audit: { ...fields, hash: 'B'.repeat(64) } })).toMatchObject({
      ok: false,
    });
    expect(readAuditFields({ audit: { ...fields, prevHash: 7 } })).toMatchObject({ ok: false });
  });

  it('strips only the audit key', () => {
    expect(withoutAudit({ actor: 'x', audit: { alg: 'sha256-jcs-v1' } })).toEqual({ actor: 'x' });
  });
});
