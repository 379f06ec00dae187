import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class AdminBindingsQuery extends PageQuery {
  @IsOptional()
  @IsIn(['active', 'expired', 'closed'])
  status?: string;

  @IsOptional()
  @IsString()
  @Length(1, 128)
  @Matches(/^(?=.*\S)[^\p{C}]+$/u, { message: 'orderId must be printable characters' })
  orderId?: string;

  @IsOptional()
  @IsUUID()
  tenant?: string;
}

export class AdminRecordsQuery extends PageQuery {
  @IsOptional()
  @IsIn(['call', 'sms'])
  kind?: 'call' | 'sms';

  @IsOptional()
  @IsIn(['connected', 'no_answer', 'busy', 'failed', 'not_in_service', 'refused', 'blocked', 'rate_limited'])
  outcome?: string;

  @IsOptional()
  @IsUUID()
  bindingId?: string;
}
