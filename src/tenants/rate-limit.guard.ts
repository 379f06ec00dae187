import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { bearerToken, credentialHash } from './bearer-token.js';
import { RateLimitService } from './rate-limit.service.js';

/** Which request budget a controller spends: the tenant API per API key, the admin API per source address. */
export type RateLimitScope = 'tenant' | 'admin';

const RATE_LIMIT_SCOPE = 'veil:rate-limit-scope';

/** Puts a controller (or a route) under a rate limit; routes without it (webhooks, health) are not limited. */
export const RateLimit = (scope: RateLimitScope) => SetMetadata(RATE_LIMIT_SCOPE, scope);

/**
 * Global guard, so it runs before the tenant and admin guards: a flood is refused before any lookup.
 * Requests without a key count against their address under the tenant limit.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimitService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const scope = this.reflector.getAllAndOverride<RateLimitScope | undefined>(RATE_LIMIT_SCOPE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!scope) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (scope === 'admin') {
      this.limits.adminRequest(request.ip);
    } else {
      this.limits.tenantRequest(credentialHash(bearerToken(request)) ?? `ip:${request.ip}`);
    }
    return true;
  }
}
