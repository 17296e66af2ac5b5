import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RecordedEvent } from '../port';
import { anEvent } from '../testing/contract-support';
import type { CrashAck } from '../testing/sqlite-crash-writer';
import { createSqliteEventStore } from './sqlite-event-store';

const testing = join(__dirname, '..', 'testing');
const ROUNDS = 5;

/**
 * Runs the crash writer in a real child process and kills it with SIGKILL once it has
 * acknowledged `acksBeforeKill` appends (plus a few ms, so the kill lands at varied points of an
 * append: mid-transaction, mid-fsync, between appends). Resolves with every acknowledgement read.
 */
function runAndKill(
  file: string,
  round: number,
  acksBeforeKill: number,
): Promise<{ acks: CrashAck[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        join(testing, '../../../../scripts/register-ts.cjs'),
        join(testing, 'sqlite-crash-writer.ts'),
        file,
        String(round),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acks: CrashAck[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      acks.push(JSON.parse(line) as CrashAck);
      if (acks.length === acksBeforeKill) setTimeout(() => child.kill('SIGKILL'), round);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL')
        reject(new Error(`The writer ended on its own (code ${code}): ${stderr}`));
      else resolve({ acks, signal });
    });
  });
}

describe('sqlite event store, killed with SIGKILL mid-append', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged append, never a partial batch, and stays appendable', async () => {
    const file = join(dir, 'ledger.db');
    const acknowledged: CrashAck[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { acks } = await runAndKill(file, round, 15 + round * 10);
      acknowledged.push(...acks);
    }

    const store = createSqliteEventStore({ file });
    try {
      const all = await store.readAll();
      const byId = new Map(all.map((e) => [e.id, e]));
      for (const ack of acknowledged) {
        const stored = ack.ids.map((id) => byId.get(id));
        expect(stored.map((e) => e?.stream)).toEqual(ack.ids.map(() => ack.stream));
        expect(stored.at(-1)?.revision).toBe(BigInt(ack.nextExpectedRevision));
        expect(stored.at(-1)?.position).toBe(BigInt(ack.position));
      }
      expectWholeBatchesAndContiguousRevisions(all);
      const head = await store.headPosition();
      const after = await store.appendToStream('after-the-crashes', [anEvent()], {
        expectedRevision: 'no_stream',
      });
      expect(after.position).toBeGreaterThan(head);
    } finally {
      await store.close();
    }
  });
});

/** Every batch the writers started is either entirely stored, at consecutive revisions, or absent. */
function expectWholeBatchesAndContiguousRevisions(all: readonly RecordedEvent[]): void {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of all) streams.set(event.stream, [...(streams.get(event.stream) ?? []), event]);
  for (const events of streams.values()) {
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
  }
  const batches = new Map<string, RecordedEvent[]>();
  for (const event of all) {
    const batch = event.data.batch as string;
    batches.set(batch, [...(batches.get(batch) ?? []), event]);
  }
  for (const events of batches.values()) {
    const size = Number(events[0]?.data.size);
    expect(events.map((e) => e.data.index)).toEqual(Array.from({ length: size }, (_, i) => i));
    const first = events[0] as RecordedEvent;
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => first.revision + BigInt(i)));
  }
}
