import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class CreateTenantDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Acme Shop' })
  @IsString()
  @Length(1, 100)
  // Printable, and not only spaces (as orderId).
  @Matches(/^(?=.*\S)[^\p{C}]+$/u, { message: 'name must be printable text' })
  name!: string;
}
