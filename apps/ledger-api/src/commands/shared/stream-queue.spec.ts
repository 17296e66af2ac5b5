import { StoreUnavailableError } from '@ledger/event-store';
import { StreamQueue } from './stream-queue';

/** A task that runs until released, recording when it starts. */
function gate(log: string[], name: string): { task: () => Promise<string>; release: () => void } {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    task: async () => {
      log.push(`start ${name}`);
      await released;
      log.push(`end ${name}`);
      return name;
    },
    release: () => release(),
  };
}

describe('StreamQueue', () => {
  it('runs the commands of one stream one after the other, in arrival order', async () => {
    const queue = new StreamQueue();
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => gate(log, name)) as [
      ReturnType<typeof gate>,
      ReturnType<typeof gate>,
      ReturnType<typeof gate>,
    ];
    const results = [queue.run('s', a.task), queue.run('s', b.task), queue.run('s', c.task)];
    await Promise.resolve();
    expect(log).toEqual(['start a']);
    c.release();
    b.release();
    a.release();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs different streams side by side', async () => {
    const queue = new StreamQueue();
    const log: string[] = [];
    const one = gate(log, 'one');
    const two = gate(log, 'two');
    const results = [queue.run('s1', one.task), queue.run('s2', two.task)];
    await Promise.resolve();
    expect(log).toEqual(['start one', 'start two']);
    two.release();
    one.release();
    await Promise.all(results);
  });

  it('goes on after a command that failed, and passes its error to its caller only', async () => {
    const queue = new StreamQueue();
    const failed = queue.run('s', () => Promise.reject(new Error('refused')));
    const next = queue.run('s', () => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('refused');
    await expect(next).resolves.toBe('next');
  });

  it('forgets a stream once its last command ended', async () => {
    const queue = new StreamQueue();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => queue.run(`s${i % 5}`, () => Promise.resolve(i))),
    );
    await queue.run('s0', () => Promise.reject(new Error('x'))).catch(() => undefined);
    expect(queue.busyStreams).toBe(0);
  });

  it('refuses a command beyond the bound of waiting ones (503, retry), keeping the others', async () => {
    const queue = new StreamQueue(2);
    const log: string[] = [];
    const first = gate(log, 'first');
    const running = [queue.run('s', first.task), queue.run('s', () => Promise.resolve('second'))];
    await expect(queue.run('s', () => Promise.resolve('third'))).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    first.release();
    await expect(Promise.all(running)).resolves.toEqual(['first', 'second']);
    expect(queue.busyStreams).toBe(0);
  });
});
