/** Stable, snake_case error codes of the API contract. The filter maps each to its HTTP status. */
export type DomainErrorCode =
  | 'validation_failed'
  | 'malformed_json'
  | 'unauthorized'
  | 'invalid_signature'
  | 'not_found'
  | 'order_conflict'
  | 'counterpart_conflict'
  | 'binding_ended'
  | 'binding_purged'
  | 'number_in_use'
  | 'extension_limit'
  | 'key_limit'
  | 'payload_too_large'
  | 'rate_limited'
  | 'pool_exhausted'
  | 'no_pool_for_country'
  | 'unsupported_media_type'
  | 'numbers_unavailable'
  | 'regulatory_requirement'
  | 'provider_error'
  | 'database_unavailable'
  | 'internal_error';

export interface ErrorDetail {
  field?: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  constructor(
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends DomainError {
  readonly code = 'validation_failed';
}
export class UnauthorizedError extends DomainError {
  readonly code = 'unauthorized';
}
export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}
export class OrderConflictError extends DomainError {
  readonly code = 'order_conflict';
}
export class CounterpartConflictError extends DomainError {
  readonly code = 'counterpart_conflict';
}
export class BindingEndedError extends DomainError {
  readonly code = 'binding_ended';
}
/** The order's binding ended and its real numbers are gone: it cannot be replayed or compared. */
export class BindingPurgedError extends DomainError {
  readonly code = 'binding_purged';
}
export class NumberInUseError extends DomainError {
  readonly code = 'number_in_use';
}
export class ExtensionLimitError extends DomainError {
  readonly code = 'extension_limit';
}
/** A tenant already holds as many API keys as it may at once. */
export class KeyLimitError extends DomainError {
  readonly code = 'key_limit';
}
export class PoolExhaustedError extends DomainError {
  readonly code = 'pool_exhausted';
}
/** No relay number of that mode was ever provisioned for the calling code: waiting will not help. */
export class NoPoolForCountryError extends DomainError {
  readonly code = 'no_pool_for_country';
}
/** A body that is not declared as JSON: parsing it as a form would echo it, numbers included. */
export class UnsupportedMediaTypeError extends DomainError {
  readonly code = 'unsupported_media_type';
}
export class NumbersUnavailableError extends DomainError {
  readonly code = 'numbers_unavailable';
}
/** The carrier will not sell numbers in that country without an address or regulatory bundle. */
export class RegulatoryRequirementError extends DomainError {
  readonly code = 'regulatory_requirement';
}
export class ProviderError extends DomainError {
  readonly code = 'provider_error';
  constructor(
    message: string,
    details: ErrorDetail[] = [],
    /** The carrier's own failure (HTTP status, its error code), for callers that decide on it. */
    readonly carrier?: { status?: number; code?: number; message?: string },
  ) {
    super(message, details);
  }
}
export class RateLimitedError extends DomainError {
  readonly code = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** PostgreSQL SQLSTATE of a unique violation, and the constraint it names. */
/** The check constraint a PostgreSQL error violated, or null when it is another error. */
export function checkViolation(error: unknown): string | null {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.code ?? e?.driverError?.code;
  if (code !== '23514') return null;
  return e.constraint ?? e.driverError?.constraint ?? '';
}

export function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.code ?? e?.driverError?.code;
  if (code !== '23505') return null;
  return e.constraint ?? e.driverError?.constraint ?? '';
}
