import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workerMain } from '../lib/child';
import { type AppendSystemName, openAppendSystem } from './append-systems';
import { sampleEvent } from './sample-event';

export interface AppendRunInput {
  readonly system: AppendSystemName;
  readonly writers: number;
  readonly durationMs: number;
  readonly warmupMs: number;
}

export interface AppendRunResult {
  readonly appends: number;
  readonly elapsedMs: number;
  readonly appendsPerSecond: number;
  readonly retries: number;
}

/** N writers append one event at a time, each waiting for its append to be durable before the next. */
async function drive(
  appender: (writer: number) => Promise<void>,
  writers: number,
  durationMs: number,
): Promise<{ appends: number; elapsedMs: number }> {
  let appends = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const writer = async (id: number): Promise<void> => {
    while (performance.now() < deadline) {
      await appender(id);
      appends++;
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, id) => writer(id)));
  return { appends, elapsedMs: performance.now() - started };
}

async function measure(input: AppendRunInput): Promise<AppendRunResult> {
  const dir = mkdtempSync(join(tmpdir(), `bench-appends-${input.system}-`));
  const event = await sampleEvent();
  const system = await openAppendSystem(input.system, join(dir, 'events.db'), event);
  try {
    if (input.warmupMs > 0) await drive(system.appender, input.writers, input.warmupMs);
    const { appends, elapsedMs } = await drive(system.appender, input.writers, input.durationMs);
    return {
      appends,
      elapsedMs,
      appendsPerSecond: (appends * 1000) / elapsedMs,
      retries: system.retries(),
    };
  } finally {
    await system.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

workerMain(measure);
