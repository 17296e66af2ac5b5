import type { RecordedEvent } from '@ledger/event-store';
import { controlFrame, eventFrame, FrameCache } from './sse-frames';

const recorded = (position: bigint, note = 'a\nb'): RecordedEvent => ({
  id: '00000000-0000-4000-8000-000000000001',
  type: 'SourceRegistered',
  stream: 'source-ewn',
  data: { sourceId: 'ewn', name: note, kind: 'news_agency' },
  metadata: { actor: 'desk' },
  revision: 0n,
  position,
  recordedAt: new Date('2025-06-18T08:03:00Z'),
});

describe('SSE frames', () => {
  it('an event frame: id = position, event = type, one data line (line breaks in data stay escaped), 64-bit numbers as strings', () => {
    const frame = eventFrame(recorded(18446744073709551615n));
    const lines = frame.split('\n');
    expect(lines.slice(0, 2)).toEqual(['id: 18446744073709551615', 'event: SourceRegistered']);
    expect(lines[2]!.startsWith('data: ')).toBe(true);
    expect(lines.slice(3)).toEqual(['', '']);
    expect(JSON.parse(lines[2]!.slice(6))).toMatchObject({
      position: '18446744073709551615',
      revision: '0',
      recordedAt: '2025-06-18T08:03:00.000Z',
      data: { name: 'a\nb' },
    });
  });

  it('a control frame has no id (it never moves Last-Event-ID) and may carry a retry hint', () => {
    expect(controlFrame('overflow', { reason: 'slow_consumer' }, 500)).toBe(
      'event: overflow\ndata: {"reason":"slow_consumer"}\nretry: 500\n\n',
    );
    expect(controlFrame('caughtUp', { position: '7' })).toBe(
      'event: caughtUp\ndata: {"position":"7"}\n\n',
    );
  });

  it('the frame cache serialises an event once and stays bounded', () => {
    const cache = new FrameCache(3);
    const first = cache.frameOf(recorded(1n));
    expect(cache.frameOf(recorded(1n, 'changed'))).toBe(first);
    for (let p = 2n; p <= 10n; p++) cache.frameOf(recorded(p));
    expect(cache.size).toBe(3);
    expect(cache.frameOf(recorded(1n, 'changed'))).toContain('changed');
  });

  it('the frame cache is bounded by characters too, dropping the oldest frames', () => {
    const cache = new FrameCache(100, 2_000);
    const frames = Array.from({ length: 10 }, (_, i) =>
      cache.frameOf(recorded(BigInt(i + 1), 'x'.repeat(300))),
    );
    const kept = Math.floor(2_000 / frames[0]!.length);
    expect(cache.size).toBe(kept);
    expect(cache.frameOf(recorded(10n, 'changed'))).toBe(frames[9]);
    expect(cache.frameOf(recorded(1n, 'changed'))).toContain('changed');
  });
});
