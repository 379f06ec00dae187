import { IsIn, IsInt, IsISO31661Alpha2, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { NUMBER_POOLS, type NumberPool } from './relay-number.entity.js';

export class ProvisionNumbersDto {
  @IsISO31661Alpha2()
  country!: string;

  @IsOptional()
  @IsString()
  @Matches(/^\d{2,5}$/, { message: 'areaCode must be 2 to 5 digits' })
  areaCode?: string;

  @IsInt()
  @Min(1)
  @Max(500)
  count!: number;

  @IsIn(NUMBER_POOLS)
  pool!: NumberPool;
}

export class ListNumbersQuery {
  @IsOptional()
  @IsIn(['available', 'in_use', 'quarantined', 'retired'])
  status?: string;

  @IsOptional()
  @IsIn(NUMBER_POOLS)
  pool?: NumberPool;
}
