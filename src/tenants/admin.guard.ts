import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app.config.js';
import { UnauthorizedError } from '../common/errors.js';
import { bearerToken, credentialHash } from './bearer-token.js';
import { RateLimitService } from './rate-limit.service.js';

/**
 * Admin API: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time; 429 `rate_limited` for a
 * token that failed too often from this address, or an address with too many wrong credentials.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(
    config: AppConfig,
    private readonly limits: RateLimitService,
  ) {
    this.expected = digest(config.adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearerToken(request);
    const presented = credentialHash(token);
    this.limits.assertMayAuthenticate(request.ip, presented);
    if (!token) throw new UnauthorizedError('Missing admin token: send Authorization: Bearer <admin token>');
    if (!timingSafeEqual(digest(token), this.expected)) {
      this.limits.failedAuthentication(request.ip, presented!, 'admin token');
      throw new UnauthorizedError('Wrong admin token');
    }
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
