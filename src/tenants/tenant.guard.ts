import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../common/errors.js';
import { bearerToken, credentialHash } from './bearer-token.js';
import { RateLimitService } from './rate-limit.service.js';
import type { Tenant } from './tenant.entity.js';
import { TenantService } from './tenant.service.js';

type TenantRequest = FastifyRequest & { tenant?: Tenant };

/**
 * Tenant API: `Authorization: Bearer <tenant api key>`; 401 `unauthorized` when missing or wrong, 429
 * `rate_limited` for a key that failed too often from this address, or an address with too many wrong
 * credentials of any kind, in the last minute.
 */
@Injectable()
export class TenantGuard implements CanActivate {
  constructor(
    private readonly tenants: TenantService,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<TenantRequest>();
    const key = bearerToken(request);
    const presented = credentialHash(key);
    this.limits.assertMayAuthenticate(request.ip, presented);
    if (!key) throw new UnauthorizedError('Missing API key: send Authorization: Bearer <api key>');
    const tenant = await this.tenants.findByApiKey(key);
    if (!tenant) {
      this.limits.failedAuthentication(request.ip, presented!, 'tenant API key');
      throw new UnauthorizedError('Unknown API key');
    }
    request.tenant = tenant;
    return true;
  }
}

export const CurrentTenant = createParamDecorator((_: unknown, context: ExecutionContext): Tenant => {
  const tenant = context.switchToHttp().getRequest<TenantRequest>().tenant;
  if (!tenant) throw new UnauthorizedError('No tenant on this request');
  return tenant;
});
