import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Clock } from '../common/clock.js';
import { parseUuid } from '../common/uuid.js';
import type { Tenant } from '../tenants/tenant.entity.js';
import { CurrentTenant, TenantGuard } from '../tenants/tenant.guard.js';
import { AddCounterpartDto, CreateBindingDto, ExtendBindingDto, FindBindingQuery, UpdateBindingDto } from './binding.dto.js';
import { BindingService, toBindingResponse } from './binding.service.js';

@Controller('v1/bindings')
@UseGuards(TenantGuard)
export class BindingsController {
  constructor(
    private readonly bindings: BindingService,
    private readonly clock: Clock,
  ) {}

  /** 201 for a new binding, 200 when the same order and buyer come again. */
  @Post()
  async create(@CurrentTenant() tenant: Tenant, @Body() body: CreateBindingDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { binding, created } = await this.bindings.create(tenant.id, body);
    void reply.status(created ? 201 : 200);
    return toBindingResponse(binding, this.clock.now());
  }

  @Get()
  async findByOrder(@CurrentTenant() tenant: Tenant, @Query() query: FindBindingQuery) {
    return toBindingResponse(await this.bindings.findByOrder(tenant.id, query.orderId), this.clock.now());
  }

  @Get(':id')
  async get(@CurrentTenant() tenant: Tenant, @Param('id') id: string) {
    return toBindingResponse(await this.bindings.get(tenant.id, parseUuid(id)), this.clock.now());
  }

  @Patch(':id')
  async update(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: UpdateBindingDto) {
    return toBindingResponse(
      await this.bindings.setMarketingConsent(tenant.id, parseUuid(id), body.marketingConsent),
      this.clock.now(),
    );
  }

  @Post(':id/extend')
  @HttpCode(200)
  async extend(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: ExtendBindingDto) {
    return toBindingResponse(await this.bindings.extend(tenant.id, parseUuid(id), body), this.clock.now());
  }

  @Post(':id/close')
  @HttpCode(200)
  async close(@CurrentTenant() tenant: Tenant, @Param('id') id: string) {
    return toBindingResponse((await this.bindings.close(tenant.id, parseUuid(id))).binding, this.clock.now());
  }

  @Post(':id/counterparts')
  @HttpCode(201)
  async addCounterpart(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: AddCounterpartDto) {
    return toBindingResponse(await this.bindings.addCounterpart(tenant.id, parseUuid(id), body), this.clock.now());
  }

  @Delete(':id/counterparts/:counterpartId')
  async removeCounterpart(
    @CurrentTenant() tenant: Tenant,
    @Param('id') id: string,
    @Param('counterpartId') counterpartId: string,
  ) {
    return toBindingResponse(
      await this.bindings.removeCounterpart(tenant.id, parseUuid(id), parseUuid(counterpartId)),
      this.clock.now(),
    );
  }
}
