import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../database/database-errors.js';
import { DomainError, RateLimitedError, type DomainErrorCode, type ErrorDetail } from './errors.js';

const STATUS: Record<DomainErrorCode, HttpStatus> = {
  validation_failed: HttpStatus.BAD_REQUEST,
  malformed_json: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  invalid_signature: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  order_conflict: HttpStatus.CONFLICT,
  counterpart_conflict: HttpStatus.CONFLICT,
  binding_ended: HttpStatus.CONFLICT,
  binding_purged: HttpStatus.CONFLICT,
  number_in_use: HttpStatus.CONFLICT,
  extension_limit: HttpStatus.UNPROCESSABLE_ENTITY,
  key_limit: HttpStatus.CONFLICT,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  pool_exhausted: HttpStatus.SERVICE_UNAVAILABLE,
  no_pool_for_country: HttpStatus.UNPROCESSABLE_ENTITY,
  unsupported_media_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  numbers_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  regulatory_requirement: HttpStatus.UNPROCESSABLE_ENTITY,
  provider_error: HttpStatus.BAD_GATEWAY,
  database_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  internal_error: HttpStatus.INTERNAL_SERVER_ERROR,
};

/** Every stable error code of the API, for the OpenAPI document. */
export const ERROR_CODES = Object.keys(STATUS) as DomainErrorCode[];

// Nest's own HTTP exceptions (unknown route, wrong method...) get a stable code from their status.
const CODE_BY_STATUS: Partial<Record<number, DomainErrorCode>> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'invalid_signature',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details: ErrorDetail[];
}

export function errorBody(error: unknown): ErrorBody {
  if (error instanceof DomainError) {
    return { statusCode: STATUS[error.code], error: error.code, message: error.message, details: error.details };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const json = status === 400 && /JSON/.test(error.message);
    const code = json ? 'malformed_json' : (CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'validation_failed'));
    return { statusCode: status, error: code, message: error.message, details: [] };
  }
  const fastify = error as { code?: string; statusCode?: number; message?: string };
  if (typeof fastify?.code === 'string' && fastify.code.startsWith('FST_') && typeof fastify.statusCode === 'number') {
    // Fastify rejected the request before a handler ran: bad JSON, too large, wrong content type.
    const code: DomainErrorCode =
      fastify.statusCode === 413
        ? 'payload_too_large'
        : fastify.statusCode === 415
          ? 'unsupported_media_type'
          : /JSON/i.test(fastify.code)
          ? 'malformed_json'
          : fastify.statusCode >= 500
            ? 'internal_error'
            : 'validation_failed';
    return { statusCode: fastify.statusCode, error: code, message: fastify.message ?? code, details: [] };
  }
  if (error instanceof SyntaxError) {
    return { statusCode: 400, error: 'malformed_json', message: 'The request body is not valid JSON', details: [] };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      statusCode: 503,
      error: 'database_unavailable',
      message: 'The database is unavailable; try again shortly',
      details: [],
    };
  }
  return { statusCode: 500, error: 'internal_error', message: 'Internal error', details: [] };
}

/** The one place where errors become HTTP answers: `{ statusCode, error, message, details }`. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(DomainErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const body = errorBody(exception);
    if (body.statusCode >= 500) {
      // Messages of unexpected errors may quote SQL parameters, so log the error's name and code only.
      const e = exception as { name?: string; code?: string };
      this.logger.error(
        `${request.method} ${request.routeOptions?.url ?? 'unknown route'} failed: ${e?.name ?? 'Error'} ${e?.code ?? ''}`.trim(),
      );
    }
    if (exception instanceof RateLimitedError) void reply.header('Retry-After', String(exception.retryAfterSeconds));
    void reply.status(body.statusCode).send(body);
  }
}
