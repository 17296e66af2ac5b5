import { useEffect, useRef, useState } from 'preact/hooks';
import type { FeedState } from '../api/live-feed';
import { formatInstant } from '../format/time';
import type { LedgerClock, Tick } from '../state/ledger-clock';

/** Dragging settles this long before the views reload, so a sweep costs one reload, not dozens. */
const SETTLE_MS = 200;

function feedText(feed: FeedState): string {
  switch (feed.kind) {
    case 'connecting':
      return 'Connecting to the event stream…';
    case 'live':
      return 'Following the event stream';
    case 'retrying':
      return `Event stream interrupted (${feed.reason}); reconnecting in ${Math.round(feed.inMs / 1000)} s`;
    case 'failed':
      return `Event stream refused: ${feed.reason}`;
  }
}

/** One point, one number: its global position (what `asOfPosition` and the API speak of). */
function tickText(tick: Tick): string {
  return `position ${tick.position} (${tick.type}, recorded ${formatInstant(tick.recordedAt)})`;
}

/** What the bar says: pinned, live, or — honestly — not live and why. */
function barText(at: {
  readonly showsLive: boolean;
  readonly following: boolean;
  readonly tick: Tick | undefined;
  readonly feed: FeedState;
}): string {
  const after = at.tick === undefined ? undefined : tickText(at.tick);
  if (!at.showsLive) return `As the ledger stood after ${after ?? 'no event'}`;
  if (at.following)
    return after === undefined
      ? 'Live: the ledger holds no event yet'
      : `Live: the newest state, after ${after}`;
  return after === undefined
    ? `Not live: ${feedText(at.feed)}`
    : `Not live: ${feedText(at.feed)}; showing the newest state loaded, after ${after}`;
}

/**
 * The as-of slider over recorded time: one step per event of the log. Moving it pins every view
 * to the ledger as it stood after that event; "Live" follows the stream again.
 */
export function AsOfBar({ clock }: { readonly clock: LedgerClock }) {
  const count = clock.ticks.length;
  const live = clock.pinned === undefined;
  // Live only while the stream answers: before a key is entered, or while it is refused or
  // reconnecting, the newest state shown may already be out of date, and the bar says so.
  const following = live && clock.feed.kind === 'live';
  const [draft, setDraft] = useState<number | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const index = draft ?? clock.pinned ?? count - 1;
  const tick = clock.ticks[index];
  const move = (value: number): void => {
    setDraft(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      clock.pin(value);
      setDraft(undefined);
    }, SETTLE_MS);
  };
  // While the slider settles, the text already names where it will pin.
  const showsLive = live && draft === undefined;
  const newer = showsLive ? 0 : count - 1 - index;
  const description =
    tick !== undefined
      ? tickText(tick)
      : clock.feed.kind === 'failed'
        ? 'the slider needs the event stream'
        : 'the ledger holds no event yet';

  return (
    <div
      class={`as-of ${!showsLive ? 'is-pinned' : following ? 'is-live' : 'is-offline'}`}
      role="group"
      aria-label="Point in the ledger's history"
    >
      <button
        type="button"
        class="live-toggle"
        aria-pressed={following}
        onClick={() => {
          clearTimeout(timer.current);
          setDraft(undefined);
          clock.goLive();
        }}
      >
        <span class="dot" aria-hidden="true" /> {showsLive && !following ? 'Not live' : 'Live'}
      </button>
      <label class="slider-label" for="as-of-slider">
        As of
      </label>
      <input
        id="as-of-slider"
        type="range"
        min={0}
        max={Math.max(0, count - 1)}
        step={1}
        value={Math.max(0, index)}
        disabled={count === 0}
        aria-valuetext={description}
        onInput={(e) => move(Number((e.currentTarget as HTMLInputElement).value))}
      />
      <output for="as-of-slider" class="as-of-text" aria-live="polite">
        {barText({ showsLive, following, tick, feed: clock.feed })}
        {newer > 0 ? ` · ${newer} newer event${newer === 1 ? '' : 's'}` : ''}
      </output>
      <span class={`feed feed-${clock.feed.kind}`}>{feedText(clock.feed)}</span>
    </div>
  );
}
