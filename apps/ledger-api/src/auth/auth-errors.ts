import { HttpException } from '@nestjs/common';

/**
 * Refusals of the access layer: 401 (no valid key), 403 (a key without the role), 429 (over the
 * rate limit). The problem filter turns them into problem+json with `code` as given here.
 */
export class AccessProblem extends HttpException {
  constructor(
    status: 401 | 403 | 429,
    readonly code: string,
    detail: string,
  ) {
    super({ code, message: detail }, status);
    this.name = 'AccessProblem';
  }
}

const WHY_UNAUTHENTICATED = {
  missing: 'This route needs an API key: send "Authorization: Bearer <token>".',
  malformed: 'The Authorization header is not "Bearer ldg_<id>_<secret>".',
  unknown: 'The API key is not known to this ledger (wrong, revoked, or for another ledger).',
} as const;

export function unauthenticated(reason: keyof typeof WHY_UNAUTHENTICATED): AccessProblem {
  return new AccessProblem(401, 'unauthenticated', WHY_UNAUTHENTICATED[reason]);
}

export function forbidden(detail: string): AccessProblem {
  return new AccessProblem(403, 'forbidden', detail);
}

export function rateLimited(retryAfterSeconds: number): AccessProblem {
  return new AccessProblem(
    429,
    'rate_limited',
    `Too many requests for this key; retry after ${retryAfterSeconds} s.`,
  );
}
