import { Progress } from './progress';

function capture(isTTY: boolean): {
  isTTY: boolean;
  write: (text: string) => void;
  text: () => string;
} {
  let out = '';
  return { isTTY, write: (text) => void (out += text), text: () => out };
}

describe('Progress', () => {
  it('on a terminal, redraws one line with count, rate and bar, then ends it with the final count and rate', () => {
    let now = 0;
    const out = capture(true);
    const progress = new Progress(out, { unit: 'events', verb: 'Verified', clock: () => now });
    now = 500;
    progress.update(500, 1000);
    now = 550;
    progress.update(550, 1000); // within 100 ms of the last draw: not redrawn
    now = 1000;
    progress.update(1000, 1000);
    progress.finish();
    expect(out.text().split('\r').slice(1)).toEqual([
      '[############............]  50%  500/1,000 events  1,000 events/s\u001b[K',
      '[########################] 100%  1,000/1,000 events  1,000 events/s\u001b[K',
      'Verified 1,000 events in 1.0 s (1,000 events/s)\u001b[K\n',
    ]);
  });

  it('in a pipe or a file, prints only the final line', () => {
    let now = 0;
    const out = capture(false);
    const progress = new Progress(out, { unit: 'events', verb: 'Replayed', clock: () => now });
    for (let i = 1; i <= 5; i++) {
      now = i * 400;
      progress.counting('records').update(i * 10);
    }
    progress.finish('as of position 50');
    expect(out.text()).toBe('Replayed 50 records in 2.0 s (25 records/s); as of position 50\n');
  });
});
