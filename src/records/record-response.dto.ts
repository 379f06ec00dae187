import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';

// A binding's own history as its tenant reads it (record-query.service.ts), for the OpenAPI document.

const OUTCOMES = ['connected', 'no_answer', 'busy', 'failed', 'not_in_service', 'refused', 'blocked', 'rate_limited', 'keyword'];

class HistoryRecordDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: "The carrier's CallSid or MessageSid", example: 'SM0123456789abcdef0123456789abcdef' })
  providerSid!: string;

  @ApiProperty({ enum: ['to_buyer', 'to_counterpart', 'none'], description: '`none`: not forwarded' })
  direction!: string;

  @ApiProperty({ example: 'courier', description: 'buyer, merchant, courier, caller, or sender (an unreachable sender)' })
  fromRole!: string;

  @ApiProperty({ nullable: true, type: String, example: 'buyer' })
  toRole!: string | null;

  @ApiProperty({ example: '+1 212****0000' })
  fromMasked!: string;

  @ApiProperty({ nullable: true, type: String, example: '+1 415****2671' })
  toMasked!: string | null;

  @ApiProperty({ enum: OUTCOMES })
  outcome!: string;

  @ApiProperty({ nullable: true, type: String, description: 'Why it was not connected (`marketing`, `opted_out`, …)' })
  reason!: string | null;
}

export class CallHistoryRecordDto extends HistoryRecordDto {
  @ApiProperty({ type: 'integer', nullable: true })
  durationSeconds!: number | null;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  endedAt!: string | null;
}

export class TextHistoryRecordDto extends HistoryRecordDto {
  @ApiProperty({ type: [String], description: "The marketing filter's named signals (never words of the text)" })
  reasons!: string[];

  @ApiProperty({ nullable: true, type: String, description: "The carrier's last delivery status of a forwarded text" })
  deliveryStatus!: string | null;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;
}

@ApiExtraModels(CallHistoryRecordDto, TextHistoryRecordDto)
export class BindingRecordsResponseDto {
  @ApiProperty({ enum: ['call', 'sms'] })
  kind!: string;

  @ApiProperty({ type: 'integer', example: 1 })
  page!: number;

  @ApiProperty({ type: 'integer', example: 50 })
  pageSize!: number;

  @ApiProperty({ description: 'A next page exists' })
  hasMore!: boolean;

  @ApiProperty({
    description: 'Newest first: calls (`kind=call`) or texts (`kind=sms`); never a message body',
    type: 'array',
    items: { oneOf: [{ $ref: getSchemaPath(CallHistoryRecordDto) }, { $ref: getSchemaPath(TextHistoryRecordDto) }] },
  })
  records!: (CallHistoryRecordDto | TextHistoryRecordDto)[];
}
