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
  @IsString()
  @Length(1, 32)
  phone!: string;

  @IsIn(COUNTERPART_ROLES)
  role!: CounterpartRole;
}

export class CreateBindingDto {
  @IsString()
  @Length(1, 128)
  @Matches(PRINTABLE, { message: 'orderId must be printable characters' })
  orderId!: string;

  @IsString()
  @Length(1, 32)
  buyerPhone!: string;

  /** ISO country for phone numbers written in national format. */
  @IsOptional()
  @IsISO31661Alpha2()
  country?: string;

  @IsOptional()
  @IsIn(['dedicated', 'shared'])
  mode?: BindingMode;

  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  afterSalesEndsAt?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  windowDays?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CounterpartDto)
  counterparts?: CounterpartDto[];

  @IsOptional()
  @IsBoolean()
  marketingConsent?: boolean;
}

export class AddCounterpartDto extends CounterpartDto {
  @IsOptional()
  @IsISO31661Alpha2()
  country?: string;
}

export class ExtendBindingDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  days?: number;

  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  until?: string;
}

export class UpdateBindingDto {
  @IsBoolean()
  marketingConsent!: boolean;
}

export class FindBindingQuery {
  @IsString()
  @Length(1, 128)
  @Matches(PRINTABLE, { message: 'orderId must be printable characters' })
  orderId!: string;
}
