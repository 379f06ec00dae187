import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES } from './event-outbox.js';

// The tenant endpoint's answers, for the OpenAPI document (webhook-endpoint.service.ts builds them).

export class WebhookEndpointResponseDto {
  @ApiProperty({ example: 'https://platform.example.com/veil/events' })
  url!: string;

  @ApiProperty({ enum: EVENT_TYPES, isArray: true, description: 'The types sent (every type when `allEvents`)' })
  events!: string[];

  @ApiProperty({ description: 'Registered without `events`: every type, including types added later' })
  allEvents!: boolean;

  @ApiProperty({ description: 'The first characters of the signing secret, to tell secrets apart', example: 'whsec_AbCd…' })
  secretMasked!: string;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Until then, after a rotation, batches carry a second `v1=` made with the previous secret',
  })
  previousSecretValidUntil!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class WebhookPutResponseDto extends WebhookEndpointResponseDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The signing secret, in the answer that created the endpoint only (201); null when it was replaced (200)',
    example: 'whsec_…',
  })
  secret!: string | null;
}

export class WebhookRotatedResponseDto extends WebhookEndpointResponseDto {
  @ApiProperty({ description: 'The new signing secret, shown in this answer only', example: 'whsec_…' })
  secret!: string;
}

export class WebhookTestResponseDto {
  @ApiProperty({ description: 'The endpoint answered 2xx' })
  delivered!: boolean;

  @ApiProperty({ type: 'integer', nullable: true, description: "The endpoint's HTTP status; null when there was no answer" })
  status!: number | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why it was not delivered (`HTTP 500`, `timeout`, `refused: …`); null when delivered',
  })
  error!: string | null;
}
