import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COUNTERPART_ROLES } from './participant.entity.js';

// What `toBindingResponse` answers, for the OpenAPI document only (the OpenAPI test compares the two).

export class CounterpartResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: COUNTERPART_ROLES })
  role!: string;

  @ApiProperty({ example: '+1 212****0000' })
  phoneMasked!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Last call or text through the relay' })
  lastContactAt!: string | null;
}

export class BindingResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'A1001' })
  orderId!: string;

  @ApiProperty({ enum: ['dedicated', 'shared', 'extension'] })
  mode!: string;

  @ApiProperty({ enum: ['active', 'expired', 'closed'], description: '`expired` as soon as `expiresAt` passes' })
  status!: string;

  @ApiProperty({ description: 'The relay number (E.164) callers and texters use', example: '+12025550123' })
  relayNumber!: string;

  @ApiPropertyOptional({
    description: 'Extension mode only: the digits callers enter after dialling `relayNumber`',
    example: '48210',
  })
  extension?: string;

  @ApiPropertyOptional({
    description: 'Extension mode only: the number and extension as a label prints them',
    example: '+1 617 555 0173 ext. 48210',
  })
  display?: string;

  @ApiPropertyOptional({
    description: 'Extension mode only: a dial string phones send the extension from by themselves (pauses, then the digits)',
    example: '+16175550173,,48210',
  })
  dialString?: string;

  @ApiPropertyOptional({
    description: 'Extension mode only: the dial string as a `tel:` URI, for QR codes',
    example: 'tel:+16175550173,,48210',
  })
  telUri?: string;

  @ApiProperty({ example: '+1 415****2671' })
  buyerPhoneMasked!: string;

  @ApiProperty({ type: [CounterpartResponseDto] })
  counterparts!: CounterpartResponseDto[];

  @ApiProperty()
  marketingConsent!: boolean;

  @ApiProperty({ format: 'date-time', description: 'Forwarding stops at this instant' })
  expiresAt!: string;

  @ApiProperty({ format: 'date-time', description: 'How far extensions can go' })
  maxExpiresAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  endedAt!: string | null;

  @ApiProperty({ description: 'The encrypted real numbers were deleted; masked forms remain' })
  purged!: boolean;

  @ApiProperty({
    description:
      "The buyer opted out at the carrier (texted STOP) for this relay number's scope: texts to them cannot be " +
      'delivered until they text START to the relay number',
  })
  carrierOptOut!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}
