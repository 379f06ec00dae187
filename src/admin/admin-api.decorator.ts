import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ADMIN_AUTH, ApiErrors, JSON_BODY, RATE_LIMITED } from '../common/openapi.js';
import { AdminGuard } from '../tenants/admin.guard.js';
import { RateLimit } from '../tenants/rate-limit.guard.js';

/** An admin API controller: under /v1/admin, behind the admin token and the admin rate limit. */
export function AdminApiController(): ClassDecorator {
  return applyDecorators(
    ApiTags('admin'),
    ApiBearerAuth(ADMIN_AUTH),
    ApiErrors({
      401: '`unauthorized`: missing or wrong admin token',
      415: JSON_BODY,
      429: `${RATE_LIMITED}; per address (ADMIN_RATE_PER_MINUTE), and after too many failures of one token from an address (FAILED_AUTH_PER_MINUTE) or of any credentials from it (FAILED_AUTH_PER_SOURCE_PER_MINUTE)`,
      503: '`database_unavailable`: try again shortly',
    }),
    Controller('v1/admin'),
    RateLimit('admin'),
    UseGuards(AdminGuard),
  );
}
