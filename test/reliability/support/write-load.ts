import { send } from '../../support/http';
import { bearer } from '../../support/test-ledger';

/** A command the ledger answered 201: what it said it wrote. */
export interface Acknowledged {
  readonly cycle: number;
  readonly commandName: string;
  readonly events: readonly { readonly id: string; readonly type: string }[];
  readonly streamRevision: string;
  readonly position: string;
}

/**
 * Writers sending commands one after the other until stopped (or the server dies under them):
 * new sources, and claims on the final phase, which also change the open dispute (a batch of two
 * events, so a torn append would show). Every 201 is recorded as acknowledged; a 409
 * concurrency_conflict (every retry lost to the other writers) is counted and stored nothing.
 */
export function writeLoad(
  url: string,
  token: string,
  cycle: number,
  writers: number,
): { stop(): Promise<Acknowledged[]>; refusals: string[]; conflicts: () => number } {
  const acknowledged: Acknowledged[] = [];
  const refusals: string[] = [];
  let conflicts = 0;
  let stopped = false;
  const post = async (path: string, commandName: string, body: unknown): Promise<boolean> => {
    const reply = await send(
      `${url}${path}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: JSON.stringify(body),
      },
      30_000,
    );
    // Writers racing for the agreement's stream may lose 6 times in a row: a 409 that stored nothing.
    if (reply.status === 409 && reply.json?.code === 'concurrency_conflict') {
      conflicts += 1;
      return true;
    }
    if (reply.status !== 201) {
      refusals.push(`${reply.status} ${reply.text.slice(0, 200)}`);
      return false;
    }
    acknowledged.push({
      cycle,
      commandName,
      events: reply.json.events,
      streamRevision: reply.json.streamRevision,
      position: reply.json.position,
    });
    return true;
  };
  const writer = async (w: number): Promise<void> => {
    for (let n = 0; !stopped; n++) {
      const id = `c${cycle}-w${w}-n${n}`;
      try {
        const ok =
          n % 2 === 0
            ? await post('/sources', 'RegisterSource', {
                sourceId: `source-${id}`,
                name: `Wire ${id}`,
                kind: 'media',
              })
            : await post('/agreements/istanbul-2025/transfers', 'ReportTransfer', {
                claimId: `claim-${id}`,
                termId: 'repatriation',
                direction: { from: 'russia', to: 'ukraine' },
                measure: 'bodies',
                quantity: { value: 1_000 + ((cycle * 37 + w * 11 + n) % 500), precision: 'exact' },
                scope: { kind: 'phase', phase: 'final' },
                sourceId: 'ewn',
                statedAt: '2025-06-18T09:00:00Z',
              });
        if (!ok) return;
      } catch {
        return; // the server was killed mid-request: this command is not acknowledged
      }
    }
  };
  const running = Array.from({ length: writers }, (_, w) => writer(w));
  return {
    refusals,
    conflicts: () => conflicts,
    async stop() {
      stopped = true;
      await Promise.all(running);
      return acknowledged;
    },
  };
}
