interface Waiter {
  readonly position: bigint;
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

/** Callers waiting, each with its own deadline, for the read models to reach a position. */
export class PositionWaiters {
  private waiters: Waiter[] = [];

  wait(position: bigint, current: bigint, timeoutMs: number): Promise<boolean> {
    if (current >= position) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        resolve(false);
      }, timeoutMs);
      this.waiters.push({ position, resolve, timer });
    });
  }

  /** Releases everyone waiting for `position` or less. */
  reached(position: bigint): void {
    const done = this.waiters.filter((w) => w.position <= position);
    if (done.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.position > position);
    for (const w of done) {
      clearTimeout(w.timer);
      w.resolve(true);
    }
  }

  cancelAll(): void {
    const all = this.waiters;
    this.waiters = [];
    for (const w of all) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
  }
}
