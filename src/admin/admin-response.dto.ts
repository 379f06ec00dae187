import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BindingResponseDto } from '../bindings/binding-response.dto.js';
import { NUMBER_POOLS } from '../numbers/relay-number.entity.js';

// The admin API's answers, for the OpenAPI document only.

export class TenantKeyResponseDto {
  @ApiProperty({ format: 'uuid', description: 'To revoke the key (DELETE /v1/admin/tenants/:id/keys/:keyId)' })
  id!: string;

  @ApiProperty({ description: 'The first characters of the key, to tell keys apart', example: 'veil_AbCd' })
  prefix!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class TenantResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Acme Shop' })
  name!: string;

  @ApiProperty({
    description: 'The first characters of the newest key in force, to tell keys apart',
    example: 'veil_AbCd',
    nullable: true,
    type: String,
  })
  apiKeyPrefix!: string | null;

  @ApiProperty({ description: 'The keys in force (at most two)', type: [TenantKeyResponseDto] })
  keys!: { id: string; prefix: string; createdAt: string }[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class TenantListResponseDto {
  @ApiProperty({ type: [TenantResponseDto] })
  tenants!: TenantResponseDto[];
}

export class CreatedTenantResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Acme Shop' })
  name!: string;

  @ApiProperty({ description: 'Shown in this answer only: Veil keeps its hash', example: 'veil_…' })
  apiKey!: string;

  @ApiProperty({ format: 'uuid', description: 'The key’s id, to revoke it (DELETE /v1/admin/tenants/:id/keys/:keyId)' })
  keyId!: string;

  @ApiProperty({
    enum: ['en', 'zh'],
    nullable: true,
    description: 'Language of call screening and keyword answers; null: Chinese for +86 buyers, else English',
  })
  locale!: 'en' | 'zh' | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class NumberResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '+12025550123' })
  e164!: string;

  @ApiProperty({ example: 'US' })
  country!: string;

  @ApiProperty({ nullable: true, type: String, example: '202' })
  areaCode!: string | null;

  @ApiProperty({ enum: NUMBER_POOLS })
  pool!: string;

  @ApiProperty({ enum: ['available', 'in_use', 'quarantined', 'retired'] })
  status!: string;

  @ApiProperty({ type: [String], example: ['voice', 'sms'] })
  capabilities!: string[];

  @ApiProperty({ enum: ['twilio', 'simulator'] })
  provider!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  quarantineUntil!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  retiredAt!: string | null;

  @ApiProperty({
    nullable: true,
    type: Boolean,
    description: 'For a retired number: whether the carrier released it (false: still billed; `npm run numbers:sync` retries)',
  })
  releasedAtCarrier!: boolean | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class NumberListResponseDto {
  @ApiProperty({ type: [NumberResponseDto] })
  numbers!: NumberResponseDto[];
}

export class ProvisionFailureDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The number concerned, or null for the search or purchases as a whole',
  })
  e164!: string | null;

  @ApiProperty({ enum: ['purchase', 'messaging_service'] })
  step!: string;

  @ApiProperty({ example: 'provider_error' })
  error!: string;

  @ApiProperty()
  message!: string;
}

export class CarrierSetupWarningDto {
  @ApiProperty({
    enum: ['no_messaging_service', 'inbound_not_deferred', 'numbers_outside_service', 'messaging_service_unreadable'],
  })
  problem!: string;

  @ApiProperty({ description: 'What is wrong and what to change' })
  message!: string;
}

export class ProvisionedNumbersResponseDto {
  @ApiProperty({ description: 'How many were asked for; fewer may be added when the carrier has fewer' })
  requested!: number;

  @ApiProperty({ type: [NumberResponseDto] })
  numbers!: NumberResponseDto[];

  @ApiProperty({
    type: [ProvisionFailureDto],
    description: 'Steps that failed part way; every number bought is in `numbers` (and in the pool) all the same',
  })
  failures!: ProvisionFailureDto[];

  @ApiProperty({ type: [CarrierSetupWarningDto], description: 'What the operator still has to change at the carrier' })
  warnings!: CarrierSetupWarningDto[];
}

export class AdminBindingResponseDto extends BindingResponseDto {
  @ApiProperty({ format: 'uuid' })
  tenantId!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  tenantName!: string | null;
}

export class AdminBindingPageDto {
  @ApiProperty({ type: [AdminBindingResponseDto] })
  items!: AdminBindingResponseDto[];

  @ApiProperty()
  page!: number;

  @ApiProperty()
  pageSize!: number;

  @ApiProperty()
  total!: number;
}

export class CreatedTenantKeyResponseDto extends TenantKeyResponseDto {
  @ApiProperty({ description: 'Shown in this answer only: Veil keeps its hash', example: 'veil_…' })
  apiKey!: string;
}

export class RevokedTenantKeyResponseDto extends TenantKeyResponseDto {
  @ApiProperty({ format: 'date-time', description: 'From this instant no instance accepts the key' })
  revokedAt!: string;
}

export class WebhookHealthDto {
  @ApiProperty({ example: 'https://platform.example.com/veil/events' })
  url!: string;

  @ApiProperty({ type: [String], nullable: true, description: 'The types it asked for; null: all' })
  events!: string[] | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastSuccessAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastFailureAt!: string | null;

  @ApiProperty({ type: 'integer', description: 'Failed POSTs since the last success' })
  consecutiveFailures!: number;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The last failure (`HTTP 500`, `timeout`, …); never a body',
    example: 'HTTP 503',
  })
  lastError!: string | null;
}

export class FailedEventDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'call.completed' })
  type!: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  bindingId!: string | null;

  @ApiProperty({ nullable: true, type: String })
  orderId!: string | null;

  @ApiProperty({ type: 'integer' })
  sequence!: number;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: 'integer' })
  attempts!: number;

  @ApiProperty({ format: 'date-time' })
  failedAt!: string;

  @ApiProperty({ nullable: true, type: String })
  lastError!: string | null;
}

export class TenantEventsResponseDto {
  @ApiProperty({ type: WebhookHealthDto, nullable: true, description: 'null: the tenant has no endpoint' })
  endpoint!: WebhookHealthDto | null;

  @ApiProperty({ type: 'integer', description: 'Events waiting to be delivered (retries included)' })
  backlog!: number;

  @ApiProperty({ type: 'integer', description: 'Events that failed for good (replay sends them again)' })
  failed!: number;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The oldest waiting event' })
  oldestPendingAt!: string | null;

  @ApiProperty({ type: [FailedEventDto], description: 'The newest 100 failed events' })
  failedEvents!: FailedEventDto[];
}

export class ReplayResponseDto {
  @ApiProperty({ type: 'integer', description: 'How many failed events are due again' })
  replayed!: number;
}

export class ExtensionNumberDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '+16175550173' })
  e164!: string;

  @ApiProperty({ example: 'US' })
  country!: string;

  @ApiProperty({ enum: ['available', 'in_use', 'quarantined'] })
  status!: string;

  @ApiProperty({ description: 'Active bindings on the number (what the checkout counts against the cap)', example: 4210 })
  live!: number;

  @ApiProperty({ description: 'Pairs (number, extension) resting in quarantine after their binding ended', example: 1830 })
  quarantined!: number;

  @ApiProperty({ description: 'EXTENSION_OCCUPANCY x 10^EXTENSION_DIGITS: live bindings one number may hold', example: 10000 })
  cap!: number;

  @ApiProperty({ description: 'live / cap', example: 0.421 })
  shareOfCap!: number;

  @ApiProperty({
    description: 'Checkouts it can take now: room under the cap and in the code space beside resting pairs',
    example: 5790,
  })
  free!: number;
}

export class ExtensionForecastDto {
  @ApiProperty({ example: 'US' })
  country!: string;

  @ApiProperty({ description: 'Extension numbers not retired' })
  numbers!: number;

  @ApiProperty({ description: 'Live bindings the available numbers may hold: numbers x cap' })
  capacity!: number;

  @ApiProperty()
  live!: number;

  @ApiProperty()
  quarantined!: number;

  @ApiProperty({ description: 'Checkouts the pool can take now' })
  free!: number;

  @ApiProperty()
  checkoutsLast24h!: number;

  @ApiProperty({ description: 'Extension bindings closed or expired in the last 24 h' })
  endedLast24h!: number;

  @ApiProperty({ description: 'checkoutsLast24h - endedLast24h' })
  growthPerDay!: number;

  @ApiProperty({ nullable: true, type: Number, description: 'free / growthPerDay; null while live orders do not grow' })
  daysUntilFull!: number | null;

  @ApiProperty({
    description:
      'Numbers to add so that the pool holds forecastDays more days at this rate (cap and code space, quarantine included)',
  })
  numbersToAdd!: number;
}

export class ExtensionOccupancyResponseDto {
  @ApiProperty({ description: 'EXTENSION_DIGITS', example: 5 })
  digits!: number;

  @ApiProperty({ description: 'EXTENSION_OCCUPANCY', example: 0.1 })
  occupancy!: number;

  @ApiProperty({ description: '10^EXTENSION_DIGITS', example: 100000 })
  codeSpace!: number;

  @ApiProperty({ example: 10000 })
  capPerNumber!: number;

  @ApiProperty({ description: 'The horizon of numbersToAdd, in days', example: 30 })
  forecastDays!: number;

  @ApiProperty({ type: [ExtensionNumberDto] })
  numbers!: ExtensionNumberDto[];

  @ApiProperty({ type: [ExtensionForecastDto] })
  forecast!: ExtensionForecastDto[];
}
