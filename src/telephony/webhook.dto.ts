import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
} from '@nestjs/swagger';
import { ApiErrors } from '../common/openapi.js';

// Twilio's form-encoded webhook requests, for the OpenAPI document (the controller reads them as plain
// records: Twilio adds fields over time, and every answer but a bad signature is TwiML).

export class TwilioVoiceForm {
  @ApiProperty({ example: 'CA0123456789abcdef0123456789abcdef' })
  CallSid!: string;

  @ApiProperty({ description: 'The caller, E.164 (or "anonymous")', example: '+13105550142' })
  From!: string;

  @ApiProperty({ description: 'The relay number called', example: '+12025550123' })
  To!: string;

  @ApiPropertyOptional({ example: 'AC0123456789abcdef0123456789abcdef' })
  AccountSid?: string;

  @ApiPropertyOptional({ example: 'ringing' })
  CallStatus?: string;
}

export class TwilioGatherForm extends TwilioVoiceForm {
  @ApiProperty({ description: 'The keys the caller pressed (the extension)', example: '48210' })
  Digits!: string;
}

export class TwilioDialActionForm {
  @ApiProperty({ example: 'CA0123456789abcdef0123456789abcdef' })
  CallSid!: string;

  @ApiPropertyOptional({ description: 'How the forwarded leg ended', example: 'completed' })
  DialCallStatus?: string;

  @ApiPropertyOptional({ description: 'Seconds', example: '42' })
  DialCallDuration?: string;
}

export class TwilioSmsForm {
  @ApiProperty({ example: 'SM0123456789abcdef0123456789abcdef' })
  MessageSid!: string;

  @ApiProperty({ description: 'The sender, E.164', example: '+13105550142' })
  From!: string;

  @ApiProperty({ description: 'The relay number texted', example: '+12025550123' })
  To!: string;

  @ApiProperty({ example: 'Your parcel is at the door' })
  Body!: string;

  @ApiPropertyOptional({ example: 'AC0123456789abcdef0123456789abcdef' })
  AccountSid?: string;
}

export class TwilioSmsStatusForm {
  @ApiProperty({ example: 'SM0123456789abcdef0123456789abcdef' })
  MessageSid!: string;

  @ApiProperty({ example: 'undelivered' })
  MessageStatus!: string;

  @ApiPropertyOptional({ description: "The carrier's error code when not delivered", example: '30003' })
  ErrorCode?: string;
}

const TWIML = { description: 'TwiML', content: { 'text/xml': { schema: { type: 'string', example: '<Response/>' } } } };

/** One carrier webhook: a signed, form-encoded Twilio request; TwiML (or 204) back; 403 without a valid signature. */
export function ApiTwilioWebhook(
  summary: string,
  form: Function,
  answer: 'twiml' | 'no_content',
  query?: { name: string; description: string } | { name: string; description: string }[],
): MethodDecorator {
  const queries = query === undefined ? [] : Array.isArray(query) ? query : [query];
  return applyDecorators(
    ApiOperation({ summary }),
    ApiConsumes('application/x-www-form-urlencoded'),
    ApiHeader({
      name: 'X-Twilio-Signature',
      required: true,
      description: "Twilio's HMAC-SHA1 signature of PUBLIC_BASE_URL + path and the form parameters",
    }),
    ApiBody({ type: form }),
    ...queries.map((q) => ApiQuery({ ...q, required: false })),
    answer === 'twiml' ? ApiOkResponse(TWIML) : ApiNoContentResponse({ description: 'Recorded' }),
    ApiErrors({ 403: '`invalid_signature`: the X-Twilio-Signature header is missing or wrong' }),
  );
}
