import { DeliveryQueue } from './delivery-queue';
import type { LedgerEnvelope } from './envelope';

const envelope = (position: string): LedgerEnvelope => ({
  id: position,
  type: 'SourceRegistered',
  stream: 'source-x',
  revision: '0',
  position,
  recordedAt: '2025-06-18T08:00:00Z',
  data: { sourceId: 'x', name: 'X', kind: 'media' },
  metadata: {},
});

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('DeliveryQueue', () => {
  it('delivers one at a time, in order: the next waits for the previous handler and its checkpoint', async () => {
    const trace: string[] = [];
    const queue = new DeliveryQueue(
      {
        onEvent: async (e) => {
          trace.push(`start ${e.position}`);
          await tick();
          trace.push(`end ${e.position}`);
        },
        onCheckpoint: (p) => void trace.push(`checkpoint ${p}`),
      },
      () => undefined,
      () => undefined,
    );
    ['1', '2', '3'].forEach((p) => queue.push(envelope(p)));
    for (let i = 0; i < 500 && queue.position !== '3'; i++) await tick();
    expect(trace).toEqual([
      'start 1',
      'end 1',
      'checkpoint 1',
      'start 2',
      'end 2',
      'checkpoint 2',
      'start 3',
      'end 3',
      'checkpoint 3',
    ]);
    expect(queue.position).toBe('3');
  });

  it('a failing handler stops delivery for good and reports the error; the position stays at the last success', async () => {
    const failures: unknown[] = [];
    const boom = new Error('boom');
    const queue = new DeliveryQueue(
      {
        onEvent: (e) => {
          if (e.position === '2') throw boom;
        },
      },
      (error) => failures.push(error),
      () => undefined,
    );
    ['1', '2', '3'].forEach((p) => queue.push(envelope(p)));
    await tick();
    expect(failures).toEqual([boom]);
    expect(queue.position).toBe('1');
    queue.push(envelope('4'));
    await tick();
    expect(queue.position).toBe('1');
  });

  it('stop() waits for the event in progress and drops the rest', async () => {
    const handled: string[] = [];
    const queue = new DeliveryQueue(
      {
        onEvent: async (e) => {
          await tick();
          handled.push(e.position);
        },
      },
      () => undefined,
      () => undefined,
    );
    ['1', '2', '3'].forEach((p) => queue.push(envelope(p)));
    await queue.stop();
    expect(handled).toEqual(['1']);
    expect(queue.length).toBe(0);
  });
});
