import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AsOf } from '../api/ledger-api';
import { type FeedEvent, type FeedState, followLedger } from '../api/live-feed';

/** One event of the log, as the as-of slider shows it. */
export interface Tick {
  readonly position: string;
  readonly recordedAt: string;
  readonly type: string;
}

export interface LedgerClock {
  /** Every event seen on the stream, in log order. */
  readonly ticks: readonly Tick[];
  /** True once the stream has delivered the history. */
  readonly caughtUp: boolean;
  readonly feed: FeedState;
  /** The index of the pinned tick, or undefined in live mode. */
  readonly pinned: number | undefined;
  /** What every view reads: changes when the pinned point moves, or (live) when the log grows. */
  readonly asOf: AsOf;
  /** Identifies asOf for memoisation and reloading. */
  readonly asOfKey: string;
  pin(index: number): void;
  goLive(): void;
}

/** Live reloads wait this long for more events, so a burst of appends causes one reload. */
const LIVE_SETTLE_MS = 150;

/**
 * The dashboard's notion of time: follows the ledger's event stream, keeps the ticks the slider
 * moves over, and says which point of history the views show — the newest (live) or a pinned one.
 */
export function useLedgerClock(apiKey: string | undefined): LedgerClock {
  const [ticks, setTicks] = useState<readonly Tick[]>([]);
  const [caughtUp, setCaughtUp] = useState(false);
  const [feed, setFeed] = useState<FeedState>({ kind: 'connecting' });
  const [pinned, setPinned] = useState<number | undefined>(undefined);
  const [liveHead, setLiveHead] = useState<string | undefined>(undefined);
  const buffer = useRef<Tick[]>([]);

  useEffect(() => {
    buffer.current = [];
    setTicks([]);
    setCaughtUp(false);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = false;
    // While history streams in, only the slider grows; the views reload once it is all there.
    const flush = (): void => {
      timer = undefined;
      const all = [...buffer.current];
      setTicks(all);
      if (live) setLiveHead(all.at(-1)?.position);
    };
    const stop = followLedger(apiKey, {
      event: (e: FeedEvent) => {
        buffer.current.push({ position: e.position, recordedAt: e.recordedAt, type: e.type });
        timer ??= setTimeout(flush, LIVE_SETTLE_MS);
      },
      caughtUp: () => {
        if (timer !== undefined) clearTimeout(timer);
        live = true;
        flush();
        setCaughtUp(true);
      },
      state: setFeed,
    });
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      stop();
    };
  }, [apiKey]);

  const asOf = useMemo<AsOf>(() => {
    const tick = pinned === undefined ? undefined : ticks[pinned];
    if (tick !== undefined) return { kind: 'pinned', position: tick.position };
    return liveHead === undefined ? { kind: 'live' } : { kind: 'live', atLeast: liveHead };
  }, [pinned, ticks, liveHead]);
  const asOfKey = asOf.kind === 'pinned' ? `at:${asOf.position}` : `live:${asOf.atLeast ?? ''}`;

  return {
    ticks,
    caughtUp,
    feed,
    pinned,
    asOf,
    asOfKey,
    pin: (index) => setPinned(Math.max(0, Math.min(index, ticks.length - 1))),
    goLive: () => setPinned(undefined),
  };
}
