import { Body, Controller, Header, Headers, HttpCode, Logger, Post, Query, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CarrierOptOutService, CARRIER_OPT_OUT_ERROR } from '../carrier-opt-out/carrier-opt-out.service.js';
import { AppConfig } from '../config/app.config.js';
import { Clock } from '../common/clock.js';
import { callerId } from '../common/phone.js';
import { MetricsService } from '../health/metrics.service.js';
import { BuyerKeywordService, buyerLanguage } from '../policy/buyer-keyword.service.js';
import { MessagePolicy, type PolicyDecision } from '../policy/message-policy.js';
import { readText, type ReadText } from '../policy/keywords.js';
import type { MarketingVerdict } from '../policy/marketing-classifier.js';
import type { TextCounting } from '../policy/policy.repository.js';
import { DELIVERY_RANK, deliveryFailureReason, FAILED_DELIVERY, parseErrorCode } from '../records/delivery-status.js';
import { RecordService } from '../records/record.service.js';
import type { CallOutcome, MessageOutcome, RecordRole } from '../records/record.types.js';
import type { DeliveryClaim } from '../routing/routing.repository.js';
import { extensionPrefix, RoutingService, type ExtensionRouteResult, type RouteResult } from '../routing/routing.service.js';
import {
  dialTwiml,
  emptyMessagingTwiml,
  emptyVoiceTwiml,
  EXTENSION_MESSAGES,
  extensionPromptTwiml,
  hangupTwiml,
  HIDDEN_CALLER,
  MAX_MEDIA,
  messageTwiml,
  rejectTwiml,
  replyTwiml,
  sayAndHangupTwiml,
  sayAndHangupTwimlIn,
  screenTwiml,
  VOICE_MESSAGES,
} from './twilio/twiml.js';
import { TwilioSignatureGuard } from './twilio/twilio-signature.guard.js';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import { IDEMPOTENCY_HEADER, WEBHOOK_PATHS } from './webhook-paths.js';
import {
  ApiTwilioWebhook,
  TwilioDialActionForm,
  TwilioGatherForm,
  TwilioSmsForm,
  TwilioSmsStatusForm,
  TwilioVoiceForm,
} from './webhook.dto.js';

type TwilioParams = Record<string, string | string[] | undefined>;

const param = (params: TwilioParams | undefined, name: string): string => {
  const value = params?.[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SID = /^[A-Z]{2}[0-9a-fA-F]{32}$/;

/** MMS: the media URLs Twilio lists (`NumMedia`, `MediaUrl0…`), at most the ten a `<Message>` forwards. */
function mediaOf(params: TwilioParams): string[] {
  const count = Math.min(Number.parseInt(param(params, 'NumMedia'), 10) || 0, MAX_MEDIA);
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const url = param(params, `MediaUrl${i}`);
    if (/^https?:\/\//.test(url)) urls.push(url);
  }
  return urls;
}

interface TextDecision {
  twiml: string;
  outcome: MessageOutcome;
  reason: string | null;
  reasons: string[];
}

/**
 * The carrier's webhooks. Every answer is TwiML (a bad signature excepted: 403): whatever fails inside,
 * the carrier gets a valid answer and the caller hears an apology rather than an error tone. A
 * redelivered webhook (same CallSid / MessageSid or idempotency token) gets the first answer again.
 */
@ApiTags('carrier webhooks')
@Controller()
@UseGuards(TwilioSignatureGuard)
export class WebhookController {
  private readonly logger = new Logger(WebhookController.name);

  constructor(
    private readonly routing: RoutingService,
    private readonly records: RecordService,
    private readonly carrierOptOut: CarrierOptOutService,
    private readonly policy: MessagePolicy,
    private readonly keywords: BuyerKeywordService,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  @Post(WEBHOOK_PATHS.voice)
  @ApiTwilioWebhook('An inbound call to a relay number: Dial, Say or Reject', TwilioVoiceForm, 'twiml')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async voice(@Body() params: TwilioParams, @Headers(IDEMPOTENCY_HEADER) token?: string): Promise<string> {
    const callSid = param(params, 'CallSid');
    let claim = this.claimOf(callSid, token);
    try {
      let route = await this.routing.route(param(params, 'From'), param(params, 'To'), { claim, call: true });
      if (!route.fresh) {
        const replay = await this.deliveries.replay(claim!, this.clock.now());
        if (replay.kind === 'answer') return replay.twiml;
        if (replay.kind === 'unanswered') return sayAndHangupTwiml(VOICE_MESSAGES.apology);
        claim = null;
        route = await this.routing.route(param(params, 'From'), param(params, 'To'), { call: true });
      }
      const { decision } = route;
      if (decision.kind === 'prompt_extension') {
        // The call's record is written once the extension is entered (voiceExtension).
        // No tenant is known before the extension names a binding: the number's country sets the language.
        const lang = buyerLanguage(null, route.relayNumber);
        const prompt = extensionPromptTwiml(
          lang,
          EXTENSION_MESSAGES.prompt[lang],
          this.config.extensionDigits,
          this.extensionActionUrl(1),
        );
        this.logger.log(`call ${callSid}: ${route.callerMasked} on ${route.relayNumber} -> prompt_extension`);
        this.deliveries.remember(callSid, prompt);
        this.metrics.routed('voice', decision.kind);
        return prompt;
      }
      let twiml: string;
      let outcome: CallOutcome;
      let reason: string | null = null;
      switch (decision.kind) {
        case 'connect':
          twiml = dialTwiml(route.relayNumber, route.targetE164!, this.dialActionUrl(decision.direction, route.targetE164!), {
            timeLimitSeconds: this.config.maxCallMinutes * 60,
            screenUrl: this.screenUrl(callSid, decision.bindingId, decision.direction === 'to_buyer', decision.hidden),
          });
          outcome = 'connected';
          reason = decision.hidden ? 'hidden_caller' : null;
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
      this.deliveries.remember(callSid, twiml);
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
      // A redelivery of a claimed call gets the same apology rather than a second attempt.
      const apology = sayAndHangupTwiml(VOICE_MESSAGES.apology);
      if (claim) this.deliveries.remember(callSid, apology);
      return apology;
    }
  }

  /**
   * Extension mode: the `<Gather>` action with the extension the caller entered (`Digits`). The binding
   * (X, E) names is routed as rules 3-5 say; a wrong or ended extension gets one more prompt
   * (`attempt=2`), then a goodbye; a former party of (X, E) hears the number is not in service. What is
   * said follows the tenant's locale once E names a binding of a tenant that set one, else the number's
   * country (+86: Chinese). A redelivery of one prompt's answer (the same CallSid, attempt and digits, or
   * the same idempotency token) gets the first answer and counts no second miss or reach.
   */
  @Post(WEBHOOK_PATHS.voiceExtension)
  @ApiTwilioWebhook('Extension mode: the extension the caller entered at the prompt', TwilioGatherForm, 'twiml', {
    name: 'attempt',
    description: '1 for the first prompt, 2 for the one retry after a wrong or ended extension',
  })
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async voiceExtension(
    @Body() params: TwilioParams,
    @Query('attempt') attempt?: string,
    @Headers(IDEMPOTENCY_HEADER) token?: string,
  ): Promise<string> {
    const callSid = param(params, 'CallSid');
    const digits = param(params, 'Digits').slice(0, 32);
    const [from, to] = [param(params, 'From'), param(params, 'To')];
    const first = attempt !== '2';
    // Each prompt's answer is a delivery of its own: the call, which prompt, and the digits entered.
    const deliverySid = callSid ? `${callSid}:ext${first ? 1 : 2}:${digits}` : '';
    let claim = this.claimOf(deliverySid, token);
    let lang = buyerLanguage(null, to);
    try {
      let route = await this.routing.routeExtension(from, to, digits, { call: true, claim });
      if (!route.fresh) {
        const replay = await this.deliveries.replay(claim!, this.clock.now());
        if (replay.kind === 'answer') return replay.twiml;
        if (replay.kind === 'unanswered') return sayAndHangupTwimlIn(lang, EXTENSION_MESSAGES.apology[lang]);
        claim = null;
        route = await this.routing.routeExtension(from, to, digits, { call: true });
      }
      lang = buyerLanguage(route.locale, to);
      const { decision } = route;
      let twiml: string;
      let outcome: CallOutcome;
      let reason: string | null = null;
      if (decision.kind === 'connect') {
        twiml = dialTwiml(route.relayNumber, route.targetE164!, this.dialActionUrl(decision.direction, route.targetE164!), {
          timeLimitSeconds: this.config.maxCallMinutes * 60,
          screenUrl: this.screenUrl(callSid, decision.bindingId, true, decision.hidden),
        });
        outcome = 'connected';
        reason = decision.hidden ? 'hidden_caller' : null;
      } else if (decision.kind === 'refuse') {
        twiml = sayAndHangupTwimlIn(lang, EXTENSION_MESSAGES.refused[lang]);
        outcome = 'refused';
        reason = decision.reason;
      } else if (
        decision.kind === 'not_in_service' &&
        (decision.reason === 'wrong_extension' || decision.reason === 'binding_ended')
      ) {
        if (first) {
          this.logger.log(`call ${callSid}: ${route.callerMasked} on ${route.relayNumber} -> ${decision.reason}, prompted again`);
          const retry = extensionPromptTwiml(
            lang,
            EXTENSION_MESSAGES.retry[lang],
            this.config.extensionDigits,
            this.extensionActionUrl(2),
          );
          this.deliveries.remember(deliverySid, retry);
          return retry;
        }
        twiml = sayAndHangupTwimlIn(lang, EXTENSION_MESSAGES.wrong[lang]);
        outcome = 'not_in_service';
        reason = decision.reason;
      } else {
        twiml = sayAndHangupTwimlIn(lang, EXTENSION_MESSAGES.notInService[lang]);
        outcome = 'not_in_service';
        reason = decision.kind === 'not_in_service' ? decision.reason : decision.kind;
      }
      this.logger.log(
        `call ${callSid}: ${route.callerMasked} on ${route.relayNumber} ext -> ${decision.kind}${reason ? ` (${reason})` : ''}`,
      );
      this.records.enqueueCall({ ...this.recordBase(callSid, route), outcome, reason, at: this.clock.now() });
      this.deliveries.remember(deliverySid, twiml);
      this.metrics.routed('voice', decision.kind);
      return twiml;
    } catch (error) {
      this.logFailure(`call ${callSid} extension`, error);
      this.metrics.routed('voice', 'error');
      const apology = sayAndHangupTwimlIn(lang, EXTENSION_MESSAGES.apology[lang]);
      // A redelivery of a claimed answer gets the same apology rather than a second attempt.
      if (claim) this.deliveries.remember(deliverySid, apology);
      return apology;
    }
  }

  /**
   * The Dial action (DialCallStatus: how the forwarded leg ended) and the number-level status callback
   * (CallStatus only: the call is over; it completes the record when no Dial action comes). A leg that
   * was never bridged leaves the caller hearing that the other side could not be reached.
   */
  @Post(WEBHOOK_PATHS.voiceStatus)
  @ApiTwilioWebhook('The Dial action and status callbacks: how the forwarded leg ended', TwilioDialActionForm, 'twiml', {
    name: 'lang',
    description: 'zh: what the caller hears when the buyer is not reached is said in Chinese',
  })
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async voiceStatus(@Body() params: TwilioParams, @Query('lang') lang?: string): Promise<string> {
    const callSid = param(params, 'CallSid');
    const dialStatus = param(params, 'DialCallStatus');
    const screened = this.config.callScreening === 'keypress';
    if (dialStatus) {
      const duration = Number.parseInt(param(params, 'DialCallDuration'), 10);
      let outcome: CallOutcome | null = null;
      await this.safely(`complete call ${callSid}`, async () => {
        outcome = await this.records.completeCall(
          callSid,
          dialStatus,
          Number.isFinite(duration) ? duration : null,
          this.clock.now(),
          screened,
        );
      });
      const bridged = outcome ? outcome === 'connected' : dialStatus === 'completed' || dialStatus === 'answered';
      if (!bridged)
        return sayAndHangupTwimlIn(lang === 'zh' ? 'zh' : 'en', VOICE_MESSAGES.unreached[lang === 'zh' ? 'zh' : 'en']);
      return emptyVoiceTwiml();
    }
    const callStatus = param(params, 'CallStatus');
    if (callStatus && callStatus !== 'ringing' && callStatus !== 'in-progress' && callStatus !== 'queued') {
      const duration = Number.parseInt(param(params, 'CallDuration'), 10);
      await this.safely(`complete call ${callSid} from its status`, () =>
        this.records.completeFromStatus(
          callSid,
          callStatus,
          Number.isFinite(duration) ? duration : null,
          this.clock.now(),
          screened,
        ),
      );
    }
    return emptyVoiceTwiml();
  }

  /**
   * `<Number url>`: runs on the buyer's leg when their phone answers, before it is bridged. The
   * announcement names the order (and a hidden caller); with CALL_SCREENING=keypress only a key press
   * bridges, so a voicemail greeting never reaches the caller.
   */
  @Post(WEBHOOK_PATHS.voiceScreen)
  @ApiTwilioWebhook("The buyer's leg before it is bridged: the screening announcement", TwilioVoiceForm, 'twiml', [
    { name: 'call', description: 'The CallSid of the inbound call' },
    { name: 'binding', description: 'The binding the call is for' },
    { name: 'hidden', description: '1: the caller withheld their number' },
  ])
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async voiceScreen(
    @Body() params: TwilioParams,
    @Query('call') call?: string,
    @Query('binding') bindingId?: string,
    @Query('hidden') hidden?: string,
  ): Promise<string> {
    const parent = call && SID.test(call) ? call : param(params, 'ParentCallSid');
    const keypress = this.config.callScreening === 'keypress';
    try {
      const facts = bindingId && UUID.test(bindingId) ? await this.routing.screening(bindingId) : null;
      const lang = buyerLanguage(facts?.locale ?? null, param(params, 'To'));
      const prompt = this.config.screeningPrompt[lang].replaceAll('{order}', facts?.orderId ?? '');
      const announcement = hidden === '1' ? `${HIDDEN_CALLER[lang]} ${prompt}` : prompt;
      const accept = keypress ? this.url(`${WEBHOOK_PATHS.voiceScreenAccept}?call=${encodeURIComponent(parent)}`) : null;
      return screenTwiml(announcement, lang, accept);
    } catch (error) {
      this.logFailure(`screen call ${parent}`, error);
      // Without the announcement the leg is not bridged: a hang-up here ends the buyer's leg only.
      return keypress ? sayAndHangupTwiml(VOICE_MESSAGES.apology) : emptyVoiceTwiml();
    }
  }

  /** The buyer pressed a key: an empty answer ends the screening and Twilio bridges the call. */
  @Post(WEBHOOK_PATHS.voiceScreenAccept)
  @ApiTwilioWebhook('The buyer accepted a screened call with a key press', TwilioVoiceForm, 'twiml', {
    name: 'call',
    description: 'The CallSid of the inbound call',
  })
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async voiceScreenAccept(@Body() params: TwilioParams, @Query('call') call?: string): Promise<string> {
    const parent = call && SID.test(call) ? call : param(params, 'ParentCallSid');
    if (param(params, 'Digits') === '') return hangupTwiml();
    await this.safely(`accept call ${parent}`, () => this.records.acceptCall(parent, this.clock.now()));
    return emptyVoiceTwiml();
  }

  @Post(WEBHOOK_PATHS.sms)
  @ApiTwilioWebhook('An inbound text to a relay number: forwarded, answered or dropped', TwilioSmsForm, 'twiml')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async sms(@Body() params: TwilioParams, @Headers(IDEMPOTENCY_HEADER) token?: string): Promise<string> {
    const messageSid = param(params, 'MessageSid') || param(params, 'SmsSid');
    const body = param(params, 'Body');
    const media = mediaOf(params);
    let claim = this.claimOf(messageSid, token);
    let hint = false;
    try {
      // The carrier acted on its own opt-out words before this webhook: mirror it first (carrier-opt-out/).
      const carrier = await this.carrierOptOut.observeInbound(param(params, 'From'), param(params, 'To'), body, param(params, 'OptOutType'));
      // A photo with a caption is a message, never a keyword.
      const read: ReadText = media.length === 0 ? readText(body) : { keyword: null, carrierWord: false, forwarded: true };
      // A carrier word that is not forwarded is never counted or classified; any other text is classified
      // now, so that the lookup can count it in the same round trip if it goes from a counterpart to the buyer.
      const classified = read.forwarded ? this.policy.classify(body) : null;
      const options = {
        text: {
          // The carrier block is the policy's first check: the lookup reads it before it counts anything.
          carrierScope: this.carrierOptOut.scopeOf(param(params, 'To')),
          counting: classified ? this.policy.counting(classified, body, messageSid) : null,
        },
      };
      let route = await this.routing.route(param(params, 'From'), param(params, 'To'), { ...options, claim });
      if (!route.fresh) {
        const replay = await this.deliveries.replay(claim!, this.clock.now());
        if (replay.kind === 'answer') return replay.twiml;
        if (replay.kind === 'unanswered') return emptyMessagingTwiml();
        claim = null;
        route = await this.routing.route(param(params, 'From'), param(params, 'To'), options);
      }
      let forwarded = body;
      if (route.decision.kind === 'prompt_extension') {
        // Extension mode: the text names its binding by a leading extension, or F is a counterpart of
        // exactly one live binding on X; otherwise one hint a day, and nothing is forwarded.
        const prefix = extensionPrefix(body, this.config.extensionDigits);
        const from = param(params, 'From');
        const to = param(params, 'To');
        let named = prefix ? await this.routing.routeExtension(from, to, prefix.extension, { call: false }) : null;
        forwarded = prefix && named?.decision.kind === 'connect' ? prefix.rest : body;
        // Digits that name no live binding may be the start of the text ("12345 Main St").
        if (named?.decision.kind !== 'connect') named = (await this.routing.routeSoleExtension(from, to)) ?? named;
        if (named) route = named;
        if (route.decision.kind !== 'connect' && route.fresh) hint = await this.routing.claimExtensionHint(from, to);
      }
      // The campaign bands are those of the text as forwarded (without an extension prefix).
      const counting =
        classified && forwarded !== body ? this.policy.counting(classified, forwarded, messageSid) : options.text.counting;
      const decided =
        carrier.word === 'start' && carrier.cleared
          ? // START lifted the carrier's block: that is all it does (the carrier answers it).
            keywordAnswered('carrier_start', emptyMessagingTwiml())
          : await this.decideText(route, forwarded, media, messageSid, read, classified, counting);
      // Never forwarded: the hint is the only answer, once a day per sender on X.
      const { twiml, outcome, reason, reasons } = hint
        ? { ...decided, twiml: replyTwiml(EXTENSION_MESSAGES.hint[hintLanguage(route, param(params, 'To'))]), reasons: ['extension_hint'] }
        : decided;
      this.logger.log(
        `text ${messageSid}: ${route.callerMasked} on ${route.relayNumber} -> ${outcome}${reason ? ` (${reason})` : ''}${media.length ? ` with ${media.length} media` : ''}`,
      );
      this.records.enqueueMessage({
        ...this.recordBase(messageSid, route),
        outcome,
        reason,
        reasons,
        // Admins review the filter with the body of a text it blocked; nothing else is kept.
        body: reason === 'marketing' ? body : null,
        mediaCount: media.length,
        at: this.clock.now(),
      });
      this.deliveries.remember(messageSid, twiml);
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
        mediaCount: media.length,
        at: this.clock.now(),
      });
      const nothing = emptyMessagingTwiml();
      if (claim) this.deliveries.remember(messageSid, nothing);
      return nothing;
    }
  }

  private async decideText(
    route: RouteResult,
    body: string,
    media: string[],
    messageSid: string,
    read: ReadText,
    classified: MarketingVerdict | null,
    counting: TextCounting | null,
  ): Promise<TextDecision> {
    const { decision } = route;
    const buyer = route.callerRole === 'buyer' && (decision.kind === 'connect' || decision.kind === 'nobody_to_reach');
    // The buyer's keywords work whether or not anyone can be reached: Veil answers them itself, except
    // where the carrier acts on the same word and answers it (UNSUBSCRIBE, START).
    if (buyer && read.keyword) {
      const answer = await this.keywords.handle(
        read.keyword,
        { id: decision.bindingId, tenantId: decision.tenantId },
        route.callerMasked,
      );
      return keywordAnswered(`keyword_${read.keyword.action}`, read.keyword.carrier ? emptyMessagingTwiml() : replyTwiml(answer));
    }
    if (decision.kind !== 'connect') {
      const outcome = decision.kind === 'refuse' ? 'refused' : 'not_in_service';
      return {
        twiml: emptyMessagingTwiml(),
        outcome,
        reason:
          decision.kind === 'nobody_to_reach'
            ? 'nobody_to_reach'
            : decision.kind === 'prompt_extension'
              ? 'no_extension'
              : decision.reason,
        reasons: [],
      };
    }
    // The carrier's STOP-like words are instructions to the carrier (it answers them), never a message.
    if (!classified || !counting) return keywordAnswered('carrier_keyword', emptyMessagingTwiml());
    // The policy's first check (DESIGN's order): a text to a phone the carrier blocks in this scope (it
    // texted STOP) would be refused (21610): recorded as blocked, never sent, and counted for nothing. The
    // routing lookup checked it before counting; an extension-mode route asks here, before the policy counts.
    const carrierBlocked =
      route.carrierBlocked ?? (await this.carrierOptOut.isBlocked(route.relayNumber, route.targetE164!));
    if (carrierBlocked)
      return { twiml: emptyMessagingTwiml(), outcome: 'blocked', reason: 'carrier_opt_out', reasons: ['carrier_opt_out'] };
    if (decision.direction === 'to_buyer') {
      let verdict: PolicyDecision = { kind: 'forward' };
      if (decision.hidden) {
        verdict = await this.policy.decideUnreachable(
          decision.bindingId,
          route.unreachableSenderHash!,
          classified,
          counting,
          this.clock.now(),
        );
      } else if (route.textState) {
        // Counted, and its campaign checked, in the lookup's round trip.
        verdict = this.policy.decideCounted(route.textState, classified);
        if (verdict.kind === 'forward' && route.campaign) verdict = this.policy.campaignVerdict(route.campaign, classified);
      } else if (route.callerParticipantId) {
        // A new `caller` (or an extension-mode counterpart): counted, then its campaign checked, here.
        verdict = await this.policy.decide(route.callerParticipantId, classified, counting, this.clock.now());
        if (verdict.kind === 'forward')
          verdict = await this.policy.decideCampaign(route.callerParticipantId, counting, classified, this.clock.now());
      }
      // Campaigns are tracked per counterpart (a phone that can be reached back), not per hidden sender.
      if (verdict.kind === 'block')
        return { twiml: emptyMessagingTwiml(), outcome: verdict.outcome, reason: verdict.reason, reasons: verdict.reasons };
    }
    // Twilio sends nothing for an empty <Message> (warning 14103); say so in the record instead.
    if (body.length === 0 && media.length === 0)
      return { twiml: emptyMessagingTwiml(), outcome: 'blocked', reason: 'empty', reasons: ['no_text_no_media'] };
    const action = this.url(`${WEBHOOK_PATHS.smsStatus}?record=${encodeURIComponent(messageSid)}`);
    return {
      twiml: messageTwiml(route.targetE164!, route.relayNumber, body, media, action),
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
      const { changed } = await this.records.updateDelivery(sid, status, errorCode, this.clock.now(), param(params, 'MessageSid') || null);
      if (changed && DELIVERY_RANK[status]! >= DELIVERY_RANK.delivered!) {
        this.metrics.delivered(status, FAILED_DELIVERY.has(status) ? deliveryFailureReason(errorCode) : null);
      }
      if (changed && errorCode !== null) this.logger.log(`text ${sid}: ${status}, carrier error ${errorCode}`);
    });
    // The phone opted out at the carrier in a way Veil had not seen: nothing more is sent to it.
    if (errorCode === CARRIER_OPT_OUT_ERROR) {
      const [from, to] = [param(params, 'From'), param(params, 'To')];
      if (from && to) await this.safely(`carrier opt-out of text ${sid}`, () => this.carrierOptOut.recordRefusal(from, to));
    }
  }

  private recordBase(providerSid: string, route: RouteResult) {
    const { decision } = route;
    const connected = decision.kind === 'connect';
    const direction = connected ? decision.direction : 'none';
    const bindingId = 'bindingId' in decision ? decision.bindingId : null;
    const tenantId = 'tenantId' in decision ? decision.tenantId : null;
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

  /** The delivery to claim: the carrier's id, and its idempotency token when it sends one. */
  private claimOf(sid: string, token: string | undefined): DeliveryClaim | null {
    if (!sid) return null;
    const t = token?.trim();
    return { sid, token: t ? t.slice(0, 200) : null };
  }

  /**
   * The buyer's leg runs the screening first: the announcement and, with CALL_SCREENING=keypress, the
   * key press. With screening off, only a hidden caller is still announced. Calls from the buyer to a
   * counterpart are not screened.
   */
  private screenUrl(callSid: string, bindingId: string, toBuyer: boolean, hidden: boolean): string | null {
    if (!toBuyer || (this.config.callScreening === 'off' && !hidden)) return null;
    const query = new URLSearchParams({ call: callSid, binding: bindingId, hidden: hidden ? '1' : '0' });
    return this.url(`${WEBHOOK_PATHS.voiceScreen}?${query.toString()}`);
  }

  /** The Dial action; what the caller hears when the buyer is not reached follows a +86 buyer's language. */
  private dialActionUrl(direction: 'to_buyer' | 'from_buyer', target: string): string {
    const zh = direction === 'to_buyer' && buyerLanguage(null, target) === 'zh';
    return this.url(`${WEBHOOK_PATHS.voiceStatus}${zh ? '?lang=zh' : ''}`);
  }

  /** The `<Gather>` action of the extension prompt; `attempt` 2 is the last. */
  private extensionActionUrl(attempt: 1 | 2): string {
    return this.url(`${WEBHOOK_PATHS.voiceExtension}?attempt=${attempt}`);
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

/** The hint's language: the tenant's, when the text's digits named a binding of a tenant that set one, else the number's. */
function hintLanguage(route: RouteResult, relayNumber: string): 'en' | 'zh' {
  return buyerLanguage((route as Partial<ExtensionRouteResult>).locale ?? null, relayNumber);
}

/**
 * The record of a keyword text, whoever answers it: its own outcome, never counted as a blocked text
 * (the dashboard and the overview show keywords apart from what the message policy stopped).
 */
function keywordAnswered(which: string, twiml: string): TextDecision {
  return { twiml, outcome: 'keyword', reason: 'keyword', reasons: [which] };
}
