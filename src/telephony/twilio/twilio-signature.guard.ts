import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import twilio from 'twilio';
import { AppConfig } from '../../config/app.config.js';
import { DomainError } from '../../common/errors.js';

export class InvalidSignatureError extends DomainError {
  readonly code = 'invalid_signature';
}

/** Any run of six or more digits (a phone number in a query string, encoded or not) is cut to its last two. */
export function maskNumbers(text: string): string {
  return text.replace(/(?:%2B|\+)?\d{6,}/gi, (digits) => `****${digits.slice(-2)}`);
}

/**
 * Accepts a webhook only with a valid `X-Twilio-Signature`, computed over the URL Twilio called. That
 * URL is rebuilt from PUBLIC_BASE_URL (a proxy changes Host and scheme) plus the path and query.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  private readonly logger = new Logger(TwilioSignatureGuard.name);

  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const signature = request.headers['x-twilio-signature'];
    const url = `${this.config.publicBaseUrl}${request.url}`;
    const params = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, string>;
    if (typeof signature !== 'string' || !twilio.validateRequest(this.config.twilioAuthToken, signature, url, params)) {
      // The URL the signature was checked against tells an operator at once whether PUBLIC_BASE_URL is
      // the URL the carrier calls; the Host the request arrived with is the usual hint when it is not.
      this.logger.warn(
        `rejected a webhook with a ${typeof signature === 'string' ? 'wrong' : 'missing'} signature: checked against ` +
          `${maskNumbers(url)} (PUBLIC_BASE_URL + path); the request came to host ${maskNumbers(String(request.headers.host ?? '?'))}`,
      );
      throw new InvalidSignatureError('Missing or invalid X-Twilio-Signature');
    }
    return true;
  }
}
