import { Injectable } from '@nestjs/common';

/** One check's answer: ok or not, with what it measured (shown in /health/ready). */
export interface CheckResult {
  readonly ok: boolean;
  readonly [detail: string]: unknown;
}

/** Something /health/ready waits on: the store, the read models' lag, the checkpointer… */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<CheckResult>;
}

export interface ReadinessReport {
  readonly status: 'ready' | 'not_ready';
  readonly checks: Readonly<Record<string, CheckResult>>;
}

/** A check that has not answered by then counts as failed: readiness must answer quickly. */
const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(check: ReadinessCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: `no answer within ${CHECK_TIMEOUT_MS} ms` }),
      CHECK_TIMEOUT_MS,
    );
  });
  const answer = check.check().catch((error: unknown): CheckResult => ({
    ok: false,
    error: error instanceof Error ? error.message : String(error),
  }));
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

/**
 * The registry of readiness checks. A module adds its own (`add`, e.g. in onModuleInit); ready
 * means every check is ok. Global: any module may inject it.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks: ReadinessCheck[] = [];

  add(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  async run(): Promise<ReadinessReport> {
    const results = await Promise.all(
      this.checks.map(async (check) => [check.name, await withTimeout(check)] as const),
    );
    return {
      status: results.every(([, result]) => result.ok) ? 'ready' : 'not_ready',
      checks: Object.fromEntries(results),
    };
  }
}
