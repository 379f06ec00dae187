import { Body, Controller, Header, HttpCode, Logger, Post, Query, UseGuards } from '@nestjs/common';
import { AppConfig } from '../config/app.config.js';
import { Clock } from '../common/clock.js';
import { MessagePolicy } from '../policy/message-policy.js';
import { parseBuyerKeyword } from '../policy/keywords.js';
import { RecordService } from '../records/record.service.js';
import type { CallOutcome, MessageOutcome, RecordRole } from '../records/record.types.js';
import { RoutingService, type RouteResult } from '../routing/routing.service.js';
import {
  dialTwiml,
  emptyMessagingTwiml,
  emptyVoiceTwiml,
  messageTwiml,
  rejectTwiml,
  sayAndHangupTwiml,
  VOICE_MESSAGES,
} from './twilio/twiml.js';
import { TwilioSignatureGuard } from './twilio/twilio-signature.guard.js';
import { WEBHOOK_PATHS } from './webhook-paths.js';

type TwilioParams = Record<string, string | string[] | undefined>;

const param = (params: TwilioParams | undefined, name: string): string => {
  const value = params?.[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
};

/**
 * The carrier's webhooks. Every answer is TwiML (a bad signature excepted: 403): whatever fails inside,
 * the carrier gets a valid answer and the caller hears an apology rather than an error tone.
 */
@Controller()
@UseGuards(TwilioSignatureGuard)
export class WebhookController {
  private readonly logger = new Logger(WebhookController.name);

  constructor(
    private readonly routing: RoutingService,
    private readonly records: RecordService,
    private readonly policy: MessagePolicy,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Post(WEBHOOK_PATHS.voice)
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
      await this.safely(`record call ${callSid}`, () =>
        this.records.recordCall({ ...this.recordBase(callSid, route), outcome, reason, at: this.clock.now() }),
      );
      return twiml;
    } catch (error) {
      this.logFailure(`call ${callSid}`, error);
      return sayAndHangupTwiml(VOICE_MESSAGES.apology);
    }
  }

  /** The Dial action: how the forwarded leg ended. An empty answer ends the call. */
  @Post(WEBHOOK_PATHS.voiceStatus)
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
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async sms(@Body() params: TwilioParams): Promise<string> {
    const messageSid = param(params, 'MessageSid') || param(params, 'SmsSid');
    const body = param(params, 'Body');
    try {
      const route = await this.routing.route(param(params, 'From'), param(params, 'To'));
      const { decision } = route;
      let twiml = emptyMessagingTwiml();
      let outcome: MessageOutcome;
      let reason: string | null = null;
      let reasons: string[] = [];
      if (decision.kind === 'connect') {
        const keyword = parseBuyerKeyword(body);
        const verdict = keyword
          ? { kind: 'block' as const, reason: 'keyword', reasons: [`keyword:${keyword}`] }
          : await this.policy.decide(
              { bindingId: decision.bindingId, marketingConsent: false, senderRole: decision.callerRole },
              body,
            );
        if (verdict.kind === 'forward') {
          twiml = messageTwiml(
            route.targetE164!,
            route.relayNumber,
            body,
            this.url(`${WEBHOOK_PATHS.smsStatus}?record=${encodeURIComponent(messageSid)}`),
          );
          outcome = 'connected';
        } else {
          // A keyword (STOP, START...) is an instruction to the carrier or to Veil, never a message to pass on.
          outcome = 'blocked';
          reason = verdict.reason;
          reasons = verdict.reasons;
        }
      } else {
        outcome = decision.kind === 'refuse' ? 'refused' : 'not_in_service';
        reason = decision.kind === 'nobody_to_reach' ? 'nobody_to_reach' : decision.reason;
      }
      this.logger.log(
        `text ${messageSid}: ${route.callerMasked} on ${route.relayNumber} -> ${outcome}${reason ? ` (${reason})` : ''}`,
      );
      await this.safely(`record text ${messageSid}`, () =>
        this.records.recordMessage({
          ...this.recordBase(messageSid, route),
          outcome,
          reason,
          reasons,
          body: outcome === 'blocked' && reason !== 'keyword' ? body : null,
          at: this.clock.now(),
        }),
      );
      return twiml;
    } catch (error) {
      this.logFailure(`text ${messageSid}`, error);
      return emptyMessagingTwiml();
    }
  }

  /** Delivery status of a forwarded text; `record` names the inbound text it forwarded. */
  @Post(WEBHOOK_PATHS.smsStatus)
  @HttpCode(204)
  async smsStatus(@Body() params: TwilioParams, @Query('record') record?: string): Promise<void> {
    const status = param(params, 'MessageStatus') || param(params, 'SmsStatus');
    const sid = record?.trim() || param(params, 'MessageSid');
    if (status && sid) await this.safely(`update text ${sid}`, () => this.records.updateDelivery(sid, status));
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
