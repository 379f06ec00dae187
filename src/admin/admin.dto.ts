import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class AdminBindingsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['active', 'expired', 'closed'] })
  @IsOptional()
  @IsIn(['active', 'expired', 'closed'])
  status?: string;

  @ApiPropertyOptional({ maxLength: 128, description: "A tenant's order id" })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  @Matches(/^(?=.*\S)[^\p{C}]+$/u, { message: 'orderId must be printable characters' })
  orderId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this tenant' })
  @IsOptional()
  @IsUUID()
  tenant?: string;
}

export class AdminRecordsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['call', 'sms'], default: 'call' })
  @IsOptional()
  @IsIn(['call', 'sms'])
  kind?: 'call' | 'sms';

  @ApiPropertyOptional({
    enum: ['connected', 'no_answer', 'busy', 'failed', 'not_in_service', 'refused', 'blocked', 'rate_limited', 'keyword'],
  })
  @IsOptional()
  @IsIn(['connected', 'no_answer', 'busy', 'failed', 'not_in_service', 'refused', 'blocked', 'rate_limited', 'keyword'])
  outcome?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  bindingId?: string;
}
