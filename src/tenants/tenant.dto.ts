import { IsString, Length, Matches } from 'class-validator';

export class CreateTenantDto {
  @IsString()
  @Length(1, 100)
  @Matches(/^[^\p{C}]+$/u, { message: 'name must be printable text' })
  name!: string;
}
