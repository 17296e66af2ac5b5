import { appendFile } from 'node:fs/promises';
import { type Checkpoint, checkpointJson } from './checkpoint';

/** How long a witness URL may take to take a checkpoint before the attempt is given up. */
const WITNESS_TIMEOUT_MS = 5000;

/** Where checkpoints are published (LEDGER_AUDIT_WITNESS_FILE, LEDGER_AUDIT_WITNESS_URL). */
export interface WitnessSettings {
  readonly witnessFile?: string;
  readonly witnessUrl?: string;
}

/**
 * Publishes every signed checkpoint outside the data dir, so that whoever can rewrite the log
 * cannot also rewrite what was witnessed: a JSON line appended to a file (0600) and/or a JSON POST
 * to a URL. Any of those lines is a checkpoint `ledger verify-consistency` takes. Best effort:
 * a witness that fails is reported, and signing goes on. Used by every checkpointer: the API's
 * and the projector's.
 */
export class Witness {
  constructor(private readonly settings: WitnessSettings) {}

  async publish(checkpoint: Checkpoint): Promise<void> {
    const body = JSON.stringify(checkpointJson(checkpoint));
    const { witnessFile, witnessUrl } = this.settings;
    const failures: string[] = [];
    await Promise.all([
      witnessFile &&
        appendFile(witnessFile, `${body}\n`, { mode: 0o600 }).catch((error: unknown) =>
          failures.push(`${witnessFile}: ${String(error)}`),
        ),
      witnessUrl &&
        postTo(witnessUrl, body).catch((error: unknown) =>
          failures.push(`${witnessUrl}: ${String(error)}`),
        ),
    ]);
    if (failures.length > 0)
      throw new Error(
        `The checkpoint of ${checkpoint.treeSize} events was not witnessed (${failures.join('; ')})`,
      );
  }
}

async function postTo(url: string, body: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(WITNESS_TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`answered ${response.status}`);
}
