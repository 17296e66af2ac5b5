/** What a live subscription hears from the store. */
export interface LiveListener {
  /** New events may have been committed (by this process or, for sqlite, another one). */
  wake(): void;
  /** The store closed; the subscription must end with this error. */
  closed(error: Error): void;
}

/**
 * The store's list of live subscriptions. It only says "something was committed": each
 * subscription then reads the log after the last event it delivered, so a wake-up can never carry
 * a gap, a duplicate, or a buffer that a slow subscriber could overflow.
 */
export class LiveFeed {
  private readonly listeners = new Set<LiveListener>();

  /** `onActiveChange` hears when the first listener arrives and the last one leaves. */
  constructor(private readonly onActiveChange: (active: boolean) => void = () => undefined) {}

  listen(listener: LiveListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.onActiveChange(true);
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.onActiveChange(false);
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  notify(): void {
    for (const listener of [...this.listeners]) listener.wake();
  }

  close(error: Error): void {
    const listeners = [...this.listeners];
    this.listeners.clear();
    if (listeners.length > 0) this.onActiveChange(false);
    for (const listener of listeners) listener.closed(error);
  }
}
