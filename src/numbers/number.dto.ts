import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO31661Alpha2, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { NUMBER_POOLS, type NumberPool } from './relay-number.entity.js';

export class ProvisionNumbersDto {
  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'US' })
  @IsISO31661Alpha2()
  country!: string;

  @ApiPropertyOptional({ description: '2 to 5 digits', pattern: '^\\d{2,5}$', example: '202' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{2,5}$/, { message: 'areaCode must be 2 to 5 digits' })
  areaCode?: string;

  @ApiProperty({ minimum: 1, maximum: 500, example: 10 })
  @IsInt()
  @Min(1)
  @Max(500)
  count!: number;

  @ApiProperty({ enum: NUMBER_POOLS })
  @IsIn(NUMBER_POOLS)
  pool!: NumberPool;
}

export class ListNumbersQuery {
  @ApiPropertyOptional({ enum: ['available', 'in_use', 'quarantined', 'retired'] })
  @IsOptional()
  @IsIn(['available', 'in_use', 'quarantined', 'retired'])
  status?: string;

  @ApiPropertyOptional({ enum: NUMBER_POOLS })
  @IsOptional()
  @IsIn(NUMBER_POOLS)
  pool?: NumberPool;
}
