import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LoggerService, LogLevel } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import { maskPhone } from './phone.js';

/** The request being served, so that every line a service writes during it carries its id. */
const requestScope = new AsyncLocalStorage<{ reqId: string; logger: PinoLogger }>();

// Probes and scrapes come every few seconds: their lines would drown the rest.
const QUIET_PATHS = /^\/(health|metrics)(\/|\?|$)/;
// A caller's id is kept only when it cannot forge a log line or hide a number in it.
const SANE_REQUEST_ID = /^[\w.-]{1,64}$/;
// A phone number in a path or query (`+14155552671`, `%2B14155552671`, `14155552671`).
const PHONE_IN_URL = /(?:\+|%2B)?\d{7,15}/gi;

export function createPinoLogger(level: string, stream: DestinationStream = process.stdout): PinoLogger {
  return pino({ level, base: undefined }, stream);
}

/** Fastify's request id: the caller's `X-Request-Id` when sane, else a UUID. */
export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** A path as it may be logged: any phone number in it masked. */
export function maskUrl(url: string): string {
  return url.replace(PHONE_IN_URL, (digits) => maskPhone(`+${digits.replace(/^(\+|%2B)/i, '')}`));
}

/**
 * One line per request once it is answered (id, method, masked path, status, time), and the request's
 * id around its handling so that service lines carry it. Bodies and headers are never logged: they hold
 * numbers and keys. The id is echoed in `X-Request-Id` so a caller can quote it.
 */
export function registerRequestLogging(fastify: FastifyInstance, logger: PinoLogger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    requestScope.run({ reqId: request.id, logger }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!QUIET_PATHS.test(request.url)) {
      logger.info(
        {
          reqId: request.id,
          req: { method: request.method, url: maskUrl(request.url) },
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    }
    done();
  });
}

/**
 * Nest's logger interface over pino. Nest keeps one logger per process (`Logger.overrideLogger`), so
 * with several apps in one process (tests) a line goes to the app serving the current request, and
 * outside requests to the first app's logger.
 */
export class PinoLoggerService implements LoggerService {
  private static first: PinoLoggerService | null = null;

  private constructor(private readonly logger: PinoLogger) {}

  /** The process's Nest logger: the first app's, for lines written outside any request. */
  static forProcess(logger: PinoLogger): PinoLoggerService {
    PinoLoggerService.first ??= new PinoLoggerService(logger);
    return PinoLoggerService.first;
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }
  setLogLevels(_levels: LogLevel[]): void {
    // LOG_LEVEL decides, through pino's own level.
  }

  private write(level: pino.Level, message: unknown, params: unknown[]): void {
    // Nest passes the logger's context last; `error` may pass a stack before it.
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? params.pop() : undefined;
    const fields: Record<string, unknown> = {};
    const scope = requestScope.getStore();
    if (scope) fields.reqId = scope.reqId;
    const logger = scope?.logger ?? this.logger;
    if (context && !/\n\s+at /.test(context as string)) fields.context = context;
    if (message instanceof Error)
      logger[level]({ ...fields, err: { name: message.name, code: (message as { code?: string }).code } }, message.message);
    else if (message !== null && typeof message === 'object') logger[level]({ ...fields, ...message });
    else logger[level](fields, String(message));
  }
}
