import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { COUNTERPART_ROLES, type CounterpartRole } from './participant.entity.js';
import type { BindingMode } from './binding.entity.js';

// Printable: no control or format characters, and not only spaces.
const PRINTABLE = /^(?=.*\S)[^\p{C}]+$/u;

export class CounterpartDto {
  @ApiProperty({ description: 'E.164, or national format with `country`', minLength: 1, maxLength: 32, example: '+12125550000' })
  @IsString()
  @Length(1, 32)
  phone!: string;

  @ApiProperty({ enum: COUNTERPART_ROLES, example: 'merchant' })
  @IsIn(COUNTERPART_ROLES)
  role!: CounterpartRole;
}

export class CreateBindingDto {
  @ApiProperty({
    description: "The tenant's order id (1-128 printable characters); checkout is idempotent on it",
    minLength: 1,
    maxLength: 128,
    example: 'A1001',
  })
  @IsString()
  @Length(1, 128)
  @Matches(PRINTABLE, { message: 'orderId must be printable characters' })
  orderId!: string;

  @ApiProperty({
    description: "The buyer's real phone: E.164, or national format with `country`",
    minLength: 1,
    maxLength: 32,
    example: '+14155552671',
  })
  @IsString()
  @Length(1, 32)
  buyerPhone!: string;

  /** ISO country for phone numbers written in national format. */
  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2 country for numbers in national format', example: 'US' })
  @IsOptional()
  @IsISO31661Alpha2()
  country?: string;

  @ApiPropertyOptional({
    enum: ['dedicated', 'shared', 'extension'],
    default: 'dedicated',
    description: '`extension`: one relay number shared by many orders, each reached through its own extension',
  })
  @IsOptional()
  @IsIn(['dedicated', 'shared', 'extension'])
  mode?: BindingMode;

  @ApiPropertyOptional({
    description: 'End of the after-sales window (ISO 8601); give this or `windowDays`',
    format: 'date-time',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  afterSalesEndsAt?: string;

  @ApiPropertyOptional({ description: 'Window in days from now (default DEFAULT_WINDOW_DAYS)', minimum: 1, maximum: 3650 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  windowDays?: number;

  @ApiPropertyOptional({ type: [CounterpartDto], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CounterpartDto)
  counterparts?: CounterpartDto[];

  @ApiPropertyOptional({ description: 'The buyer agreed to marketing texts from the counterparts', default: false })
  @IsOptional()
  @IsBoolean()
  marketingConsent?: boolean;
}

export class AddCounterpartDto extends CounterpartDto {
  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2 country for a number in national format', example: 'US' })
  @IsOptional()
  @IsISO31661Alpha2()
  country?: string;
}

export class ExtendBindingDto {
  // No maximum here: past the tenant's cap is 422 `extension_limit`, which names the cap; only a
  // malformed value (not a whole number, or under 1) is 400.
  @ApiPropertyOptional({
    description: 'Days to add; give this or `until`. Past the cap (maxExpiresAt): 422 `extension_limit`',
    minimum: 1,
    example: 7,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  days?: number;

  @ApiPropertyOptional({ description: 'New end of the window (ISO 8601)', format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  until?: string;
}

export class UpdateBindingDto {
  @ApiProperty({ description: 'The buyer changed their mind at the platform' })
  @IsBoolean()
  marketingConsent!: boolean;
}

export class FindBindingQuery {
  @ApiProperty({ description: "The tenant's order id", minLength: 1, maxLength: 128, example: 'A1001' })
  @IsString()
  @Length(1, 128)
  @Matches(PRINTABLE, { message: 'orderId must be printable characters' })
  orderId!: string;
}

export class BindingRecordsQuery {
  @ApiProperty({ enum: ['call', 'sms'], example: 'call' })
  @IsIn(['call', 'sms'])
  kind!: 'call' | 'sms';

  @ApiPropertyOptional({ description: 'Page, from 1 (50 records a page)', minimum: 1, maximum: 10000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page?: number;
}
