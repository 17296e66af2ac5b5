import type Database from 'better-sqlite3';

/**
 * Notices commits made by other connections to the same file (a CLI import while the API runs):
 * SQLite's `PRAGMA data_version` changes exactly when another connection has committed. Runs
 * only while live subscriptions exist; this process's own commits notify directly.
 */
export class DataVersionPoller {
  private timer: NodeJS.Timeout | undefined;
  private lastVersion: unknown;

  constructor(
    private readonly db: Database.Database,
    private readonly intervalMs: number,
    private readonly onForeignCommit: () => void,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.lastVersion = this.version();
    this.timer = setInterval(() => this.poll(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private poll(): void {
    if (!this.db.open) return this.stop();
    const version = this.version();
    if (version === this.lastVersion) return;
    this.lastVersion = version;
    this.onForeignCommit();
  }

  private version(): unknown {
    return this.db.pragma('data_version', { simple: true });
  }
}
