import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

export class CreateTenantDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Acme Shop' })
  @IsString()
  @Length(1, 100)
  // Printable, and not only spaces (as orderId).
  @Matches(/^(?=.*\S)[^\p{C}]+$/u, { message: 'name must be printable text' })
  name!: string;

  @ApiPropertyOptional({
    enum: ['en', 'zh'],
    description: "Language of call screening and keyword answers; unset: Chinese for +86 buyers, else English",
  })
  @IsOptional()
  @IsIn(['en', 'zh'])
  locale?: 'en' | 'zh';
}
