import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { parseUuid } from '../common/uuid.js';
import { AdminGuard } from '../tenants/admin.guard.js';
import { ListNumbersQuery, ProvisionNumbersDto } from './number.dto.js';
import { NumberService, toNumberResponse } from './number.service.js';

/** Relay numbers are the platform's, not a tenant's: admin token only. Relay numbers are not personal data. */
@Controller('v1/admin/numbers')
@UseGuards(AdminGuard)
export class NumbersController {
  constructor(private readonly numbers: NumberService) {}

  @Get()
  async list(@Query() query: ListNumbersQuery) {
    return { numbers: (await this.numbers.list(query)).map(toNumberResponse) };
  }

  @Post()
  @HttpCode(201)
  async provision(@Body() body: ProvisionNumbersDto) {
    const added = await this.numbers.provision({ ...body, country: body.country.toUpperCase() });
    return { requested: body.count, numbers: added.map(toNumberResponse) };
  }

  @Delete(':id')
  async retire(@Param('id') id: string) {
    return toNumberResponse(await this.numbers.retire(parseUuid(id)));
  }
}
