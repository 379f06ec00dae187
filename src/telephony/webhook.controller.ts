import { Body, Controller, Header, HttpCode, Logger, Post, Query, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../config/app.config.js';
import { Clock } from '../common/clock.js';
import { callerId } from '../common/phone.js';
import { MetricsService } from '../health/metrics.service.js';
import { BuyerKeywordService } from '../policy/buyer-keyword.service.js';
import { MessagePolicy } from '../policy/message-policy.js';
import { parseBuyerKeyword, type BuyerKeyword } from '../policy/keywords.js';
import type { MarketingVerdict } from '../policy/marketing-classifier.js';
import { DELIVERY_RANK, deliveryFailureReason, FAILED_DELIVERY, parseErrorCode } from '../records/delivery-status.js';
import { RecordService } from '../records/record.service.js';
import type { CallOutcome, MessageOutcome, RecordRole } from '../records/record.types.js';
import { RoutingService, type RouteResult } from '../routing/routing.service.js';
import {
  dialTwiml,
  emptyMessagingTwiml,
  emptyVoiceTwiml,
  messageTwiml,
  rejectTwiml,
  replyTwiml,
  sayAndHangupTwiml,
  VOICE_MESSAGES,
} from './twilio/twiml.js';
import { TwilioSignatureGuard } from './twilio/twilio-signature.guard.js';
import { WEBHOOK_PATHS } from './webhook-paths.js';
import { ApiTwilioWebhook, TwilioDialActionForm, TwilioSmsForm, TwilioSmsStatusForm, TwilioVoiceForm } from './webhook.dto.js';

type TwilioParams = Record<string, string | string[] | undefined>;

const param = (params: TwilioParams | undefined, name: string): string => {
  const value = params?.[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
};

/**
 * The carrier's webhooks. Every answer is TwiML (a bad signature excepted: 403): whatever fails inside,
 * the carrier gets a valid answer and the caller hears an apology rather than an error tone.
 */
@ApiTags('carrier webhooks')
@Controller()
@UseGuards(TwilioSignatureGuard)
export class WebhookController {
  private readonly logger = new Logger(WebhookController.name);

  constructor(
    private readonly routing: RoutingService,
    private readonly records: RecordService,
    private readonly policy: MessagePolicy,
    private readonly keywords: BuyerKeywordService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  @Post(WEBHOOK_PATHS.voice)
  @ApiTwilioWebhook('An inbound call to a relay number: Dial, Say or Reject', TwilioVoiceForm, 'twiml')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async voice(@Body() params: TwilioParams): Promise<string> {
    const callSid = param(params, 'CallSid');
    try {
      const route = await this.routing.route(param(params, 'From'), param(params, 'To'));
      const { decision } = route;
      let twiml: string;
      let outcome: CallOutcome;
      let reason: string | null = null;
      switch (decision.kind) {
        case 'connect':
          twiml = dialTwiml(route.relayNumber, route.targetE164!, this.url(WEBHOOK_PATHS.voiceStatus));
          outcome = 'connected';
          break;
        case 'nobody_to_reach':
          twiml = sayAndHangupTwiml(VOICE_MESSAGES.nobodyToReach);
          outcome = 'not_in_service';
          reason = 'nobody_to_reach';
          break;
        case 'refuse':
          twiml = rejectTwiml();
          outcome = 'refused';
          reason = decision.reason;
          break;
        case 'not_in_service':
          twiml = sayAndHangupTwiml(VOICE_MESSAGES.notInService);
          outcome = 'not_in_service';
          reason = decision.reason;
          break;
      }
      this.logger.log(
        `call ${callSid}: ${route.callerMasked} on ${route.relayNumber} -> ${decision.kind}${reason ? ` (${reason})` : ''}`,
      );
      this.records.enqueueCall({ ...this.recordBase(callSid, route), outcome, reason, at: this.clock.now() });
      this.metrics.routed('voice', decision.kind);
      return twiml;
    } catch (error) {
      this.logFailure(`call ${callSid}`, error);
      this.metrics.routed('voice', 'error');
      this.records.enqueueCall({
        ...this.failedRecordBase(callSid, params),
        outcome: 'failed',
        reason: 'internal_error',
        at: this.clock.now(),
      });
      return sayAndHangupTwiml(VOICE_MESSAGES.apology);
    }
  }

  /** The Dial action: how the forwarded leg ended. An empty answer ends the call. */
  @Post(WEBHOOK_PATHS.voiceStatus)
  @ApiTwilioWebhook('The Dial action and status callbacks: how the forwarded leg ended', TwilioDialActionForm, 'twiml')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async voiceStatus(@Body() params: TwilioParams): Promise<string> {
    const callSid = param(params, 'CallSid');
    const dialStatus = param(params, 'DialCallStatus');
    if (dialStatus) {
      const duration = Number.parseInt(param(params, 'DialCallDuration'), 10);
      await this.safely(`complete call ${callSid}`, () =>
        this.records.completeCall(callSid, dialStatus, Number.isFinite(duration) ? duration : null, this.clock.now()),
      );
    }
    return emptyVoiceTwiml();
  }

  @Post(WEBHOOK_PATHS.sms)
  @ApiTwilioWebhook('An inbound text to a relay number: forwarded, answered or dropped', TwilioSmsForm, 'twiml')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async sms(@Body() params: TwilioParams): Promise<string> {
    const messageSid = param(params, 'MessageSid') || param(params, 'SmsSid');
    const body = param(params, 'Body');
    try {
      const keyword = parseBuyerKeyword(body);
      // A counterpart's STOP or START is never counted or classified; any other text is classified now,
      // so that the lookup can count it in the same round trip if it goes from a counterpart to the buyer.
      const classified = keyword === 'opt_out' || keyword === 'opt_in' ? null : this.policy.classify(body);
      const route = await this.routing.route(
        param(params, 'From'),
        param(params, 'To'),
        classified ? this.policy.counting(classified) : null,
      );
      const { twiml, outcome, reason, reasons } = await this.decideText(route, body, messageSid, keyword, classified);
      this.logger.log(
        `text ${messageSid}: ${route.callerMasked} on ${route.relayNumber} -> ${outcome}${reason ? ` (${reason})` : ''}`,
      );
      this.records.enqueueMessage({
        ...this.recordBase(messageSid, route),
        outcome,
        reason,
        reasons,
        // Admins review the filter with the body of a text it blocked; nothing else is kept.
        body: reason === 'marketing' ? body : null,
        at: this.clock.now(),
      });
      this.metrics.routed('sms', route.decision.kind);
      return twiml;
    } catch (error) {
      this.logFailure(`text ${messageSid}`, error);
      this.metrics.routed('sms', 'error');
      this.records.enqueueMessage({
        ...this.failedRecordBase(messageSid, params),
        outcome: 'failed',
        reason: 'internal_error',
        reasons: [],
        body: null,
        at: this.clock.now(),
      });
      return emptyMessagingTwiml();
    }
  }

  private async decideText(
    route: RouteResult,
    body: string,
    messageSid: string,
    keyword: BuyerKeyword | null,
    classified: MarketingVerdict | null,
  ): Promise<{ twiml: string; outcome: MessageOutcome; reason: string | null; reasons: string[] }> {
    const { decision } = route;
    // The buyer's keywords work whether or not anyone can be reached: Veil answers them itself.
    if (keyword && route.callerRole === 'buyer' && (decision.kind === 'connect' || decision.kind === 'nobody_to_reach')) {
      const answer = await this.keywords.handle(keyword, { id: decision.bindingId, tenantId: decision.tenantId });
      return keywordAnswered(keyword, replyTwiml(answer));
    }
    if (decision.kind !== 'connect') {
      const outcome = decision.kind === 'refuse' ? 'refused' : 'not_in_service';
      return {
        twiml: emptyMessagingTwiml(),
        outcome,
        reason: decision.kind === 'nobody_to_reach' ? 'nobody_to_reach' : decision.reason,
        reasons: [],
      };
    }
    // A counterpart's STOP or START is an instruction to the carrier, never a message to pass on.
    if (!classified) {
      return keywordAnswered(keyword!, emptyMessagingTwiml());
    }
    if (decision.direction === 'to_buyer' && route.callerParticipantId) {
      const verdict = route.textState
        ? this.policy.decideCounted(route.textState, classified)
        : await this.policy.decide(route.callerParticipantId, classified, this.clock.now());
      if (verdict.kind === 'block')
        return { twiml: emptyMessagingTwiml(), outcome: verdict.outcome, reason: verdict.reason, reasons: verdict.reasons };
    }
    const action = this.url(`${WEBHOOK_PATHS.smsStatus}?record=${encodeURIComponent(messageSid)}`);
    return {
      twiml: messageTwiml(route.targetE164!, route.relayNumber, body, action),
      outcome: 'connected',
      reason: null,
      reasons: [],
    };
  }

  /** Delivery status of a forwarded text; `record` names the inbound text it forwarded. */
  @Post(WEBHOOK_PATHS.smsStatus)
  @ApiTwilioWebhook('Delivery status of a forwarded text', TwilioSmsStatusForm, 'no_content', {
    name: 'record',
    description: 'The MessageSid of the inbound text that was forwarded',
  })
  @HttpCode(204)
  async smsStatus(@Body() params: TwilioParams, @Query('record') record?: string): Promise<void> {
    const status = param(params, 'MessageStatus') || param(params, 'SmsStatus');
    const sid = record?.trim() || param(params, 'MessageSid');
    const errorCode = parseErrorCode(param(params, 'ErrorCode'));
    if (!status || !sid) return;
    await this.safely(`update text ${sid}`, async () => {
      const { changed } = await this.records.updateDelivery(sid, status, errorCode);
      if (changed && DELIVERY_RANK[status]! >= DELIVERY_RANK.delivered!) {
        this.metrics.delivered(status, FAILED_DELIVERY.has(status) ? deliveryFailureReason(errorCode) : null);
      }
      if (changed && errorCode !== null) this.logger.log(`text ${sid}: ${status}, carrier error ${errorCode}`);
    });
  }

  private recordBase(providerSid: string, route: RouteResult) {
    const { decision } = route;
    const connected = decision.kind === 'connect';
    const direction = connected ? decision.direction : 'none';
    const bindingId = decision.kind === 'refuse' ? null : decision.bindingId;
    const tenantId = decision.kind === 'refuse' ? null : decision.tenantId;
    return {
      providerSid,
      bindingId,
      tenantId,
      relayNumber: route.relayNumber,
      direction,
      fromRole: route.callerRole,
      toRole: (connected ? decision.target.role : null) as RecordRole | null,
      fromMasked: route.callerMasked,
      toMasked: route.targetMasked,
    } as const;
  }

  /** What is known without the database, so an outage still leaves a record once it is back. */
  private failedRecordBase(providerSid: string, params: TwilioParams) {
    return {
      providerSid,
      bindingId: null,
      tenantId: null,
      relayNumber: param(params, 'To').slice(0, 32),
      direction: 'none',
      fromRole: 'stranger',
      toRole: null,
      fromMasked: callerId(param(params, 'From')).masked,
      toMasked: null,
    } as const;
  }

  private url(path: string): string {
    return `${this.config.publicBaseUrl}${path}`;
  }

  /** Records matter, but never more than the call: a failed write is logged, the TwiML still goes out. */
  private async safely(what: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.logFailure(what, error);
    }
  }

  private logFailure(what: string, error: unknown): void {
    // Error messages from the driver can quote parameters; log the kind and code only.
    const e = error as { name?: string; code?: string };
    this.logger.error(`${what} failed: ${e?.name ?? 'Error'}${e?.code ? ` ${e.code}` : ''}`);
  }
}

/**
 * The record of a keyword text, whoever answers it: its own outcome, never counted as a blocked text
 * (the dashboard and the overview show keywords apart from what the message policy stopped).
 */
function keywordAnswered(
  keyword: BuyerKeyword,
  twiml: string,
): { twiml: string; outcome: MessageOutcome; reason: string; reasons: string[] } {
  return { twiml, outcome: 'keyword', reason: 'keyword', reasons: [`keyword_${keyword}`] };
}
