import { AsyncLocalStorage } from 'node:async_hooks';
import cluster from 'node:cluster';
import type { LoggerService } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import pino, { type DestinationStream, type Logger } from 'pino';

/** What every log line written while a request is being answered carries. */
export interface RequestContext {
  readonly correlationId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

/**
 * pino-pretty for people on a terminal; a devDependency, so a production install may lack it:
 * JSON lines then, as for any other reader.
 */
function prettyStream(): DestinationStream | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional, loaded only on a terminal
    const pretty = require('pino-pretty') as (options: object) => DestinationStream;
    return pretty({
      colorize: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,service',
    });
  } catch {
    return undefined;
  }
}

/**
 * The process's logger: JSON lines (one object each, ISO time, level as a word) unless
 * LEDGER_LOG_FORMAT asks for pretty, or is auto and stdout is a terminal. Every line written
 * inside a request carries its correlationId (a pino mixin reading the request's context).
 */
export function createLogger(
  settings: LedgerConfig['log'],
  destination: DestinationStream = process.stdout,
  isTerminal = process.stdout.isTTY === true,
): Logger {
  const wantsPretty = settings.format === 'pretty' || (settings.format === 'auto' && isTerminal);
  const stream = (wantsPretty ? prettyStream() : undefined) ?? destination;
  return pino(
    {
      level: settings.level,
      // With LEDGER_WORKERS, several processes write to one output: each line says which.
      base: cluster.isWorker
        ? { service: 'ledger-api', pid: process.pid }
        : { service: 'ledger-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // A copy: pino merges each line's fields into what the mixin returns.
      mixin: () => ({ ...requestContext.getStore() }),
    },
    stream,
  );
}

/** Nest's own lines (and every `new Logger(context)`) written through pino, `context` a field. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    // Nest passes (message, stack, context), or (message, context) when there is no stack.
    const stack = context === undefined ? undefined : stackOrContext;
    this.write('error', message, context ?? stackOrContext, stack);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(
    level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal',
    message: unknown,
    context: string | undefined,
    stack?: string,
  ): void {
    const fields = {
      ...(context === undefined ? {} : { context }),
      ...(stack === undefined ? {} : { stack }),
    };
    if (typeof message === 'string') this.logger[level](fields, message);
    else this.logger[level]({ ...fields, detail: message });
  }
}
