import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { CommandOutcome } from './command-answer';

/**
 * Turns a handler's CommandOutcome into the response: the answer as the body, the correlation id
 * echoed, and `Idempotent-Replayed: true` when the answer is an earlier attempt's.
 */
@Injectable()
export class CommandOutcomeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof CommandOutcome)) return result;
        const reply = context.switchToHttp().getResponse<FastifyReply>();
        void reply.header('x-correlation-id', result.correlationId);
        if (result.replayed) void reply.header('idempotent-replayed', 'true');
        return result.answer;
      }),
    );
  }
}
