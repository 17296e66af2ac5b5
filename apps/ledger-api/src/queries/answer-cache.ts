import { LruMap } from '@ledger/event-store';
import type { AsOf } from '@ledger/projections';
import { shareAnswer } from './shared-answers';

/** Answers kept: the listings in use, each current and at the as-of points asked. */
const DEFAULT_ENTRIES = 1_000;

/**
 * Listing answers already read, by the question (route, path parameter, query parameters) and
 * the position they were read at. The read models' rows at a position never change, so an
 * answer for (question, position) holds for ever: a new event moves the checkpoint, and with it
 * the position a current answer is read at, which is how the projection invalidates an entry;
 * as-of answers stay valid. Least recently used entries go first. Entries are shared between
 * requests: nothing downstream may change an answer (it is only serialised).
 */
export class AnswerCache {
  private readonly entries: LruMap<string, { readonly answer: unknown }>;

  constructor(capacity = DEFAULT_ENTRIES) {
    this.entries = new LruMap(capacity);
  }

  answer<T>(question: string, at: AsOf, compute: () => T): T {
    const key = `${at.position}\u0000${at.current ? 1 : 0}\u0000${question}`;
    const kept = this.entries.get(key);
    if (kept !== undefined) return kept.answer as T;
    const answer = compute();
    shareAnswer(answer);
    this.entries.set(key, { answer });
    return answer;
  }
}
