import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { rateLimited } from './auth-errors';
import { requesterOf } from './requester';

/**
 * Per-key rate limiting: one budget per API key across all routes (not one per route), so a
 * runaway client cannot starve the others. Requests without a key share a budget per address,
 * spent before their body is read (refuseBeforeBody), so they are skipped here.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return requesterOf(context.switchToHttp().getRequest<object>()) === undefined;
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const requester = requesterOf(request);
    return requester ? `key:${requester.keyId}` : `ip:${String(request.ip)}`;
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    throttler: string,
  ): string {
    return `${throttler}:${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw rateLimited(detail.timeToBlockExpire);
  }
}
