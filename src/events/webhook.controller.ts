import { Body, Controller, Delete, Get, HttpCode, Post, Put, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, ApiExampleBody, JSON_BODY, RATE_LIMITED, TENANT_AUTH } from '../common/openapi.js';
import type { Tenant } from '../tenants/tenant.entity.js';
import { RateLimit } from '../tenants/rate-limit.guard.js';
import { CurrentTenant, TenantGuard } from '../tenants/tenant.guard.js';
import { PutWebhookDto } from './webhook.dto.js';
import {
  WebhookEndpointResponseDto,
  WebhookPutResponseDto,
  WebhookRotatedResponseDto,
  WebhookTestResponseDto,
} from './webhook-response.dto.js';
import { WebhookEndpointService } from './webhook-endpoint.service.js';

const NO_ENDPOINT = '`not_found`: no endpoint is registered';

/** The tenant's event endpoint (docs/API.md, Events). */
@ApiTags('events')
@ApiBearerAuth(TENANT_AUTH)
@ApiErrors({
  401: '`unauthorized`: missing or unknown API key',
  429: `${RATE_LIMITED}; per API key (TENANT_RATE_PER_MINUTE)`,
  503: '`database_unavailable`: try again shortly',
})
@Controller('v1/webhook')
@RateLimit('tenant')
@UseGuards(TenantGuard)
export class WebhookController {
  constructor(private readonly endpoints: WebhookEndpointService) {}

  @Put()
  @ApiOperation({
    summary: 'Register (201, with the signing secret, shown this once) or replace (200, same secret) the endpoint',
  })
  @ApiExampleBody(PutWebhookDto, 'Every event type to one endpoint', { url: 'https://platform.example.com/veil/events' })
  @ApiCreatedResponse({
    description: 'A new endpoint, with its signing secret: keep it, it is not shown again',
    type: WebhookPutResponseDto,
  })
  @ApiOkResponse({
    description: 'The endpoint replaced; `secret` is null (the secret is unchanged: rotate it apart)',
    type: WebhookPutResponseDto,
  })
  @ApiErrors({
    400: '`validation_failed` (or `malformed_json`): the url breaks a rule (https, public address) or an event type is unknown',
    415: JSON_BODY,
  })
  async put(@CurrentTenant() tenant: Tenant, @Body() body: PutWebhookDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { created, endpoint } = await this.endpoints.put(tenant.id, body);
    void reply.status(created ? 201 : 200);
    return endpoint;
  }

  @Get()
  @ApiOperation({ summary: 'The endpoint (secret masked)' })
  @ApiOkResponse({ description: 'The endpoint, its secret masked', type: WebhookEndpointResponseDto })
  @ApiErrors({ 404: NO_ENDPOINT })
  async get(@CurrentTenant() tenant: Tenant) {
    return this.endpoints.get(tenant.id);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove the endpoint (events not yet delivered are dropped)' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors({ 404: NO_ENDPOINT })
  async remove(@CurrentTenant() tenant: Tenant): Promise<void> {
    await this.endpoints.remove(tenant.id);
  }

  @Post('rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new signing secret (shown once); for 24 h batches carry a v1= for each secret' })
  @ApiOkResponse({
    description: 'The endpoint with its new secret (shown this once) and `previousSecretValidUntil`',
    type: WebhookRotatedResponseDto,
  })
  @ApiErrors({ 404: NO_ENDPOINT })
  async rotate(@CurrentTenant() tenant: Tenant) {
    return this.endpoints.rotateSecret(tenant.id);
  }

  @Post('test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a signed `ping` now and answer how the endpoint replied' })
  @ApiOkResponse({
    description: 'How the endpoint answered the ping (an endpoint that refuses it is still a 200 here)',
    type: WebhookTestResponseDto,
  })
  @ApiErrors({ 404: NO_ENDPOINT })
  async test(@CurrentTenant() tenant: Tenant) {
    return this.endpoints.test(tenant.id);
  }
}
