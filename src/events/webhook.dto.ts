import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { EVENT_TYPES } from './event-outbox.js';

export class PutWebhookDto {
  @ApiProperty({
    description: 'Where Veil POSTs events: https, a public address (plain http and loopback only outside production)',
    minLength: 8,
    maxLength: 2048,
    example: 'https://platform.example.com/veil/events',
  })
  @IsString()
  @Length(8, 2048)
  url!: string;

  @ApiPropertyOptional({
    description: 'The event types to send; omitted or null: all of them',
    enum: EVENT_TYPES,
    isArray: true,
    nullable: true,
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, { each: true })
  events?: string[] | null;
}
