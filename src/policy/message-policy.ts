import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app.config.js';
import { campaignBands, campaignKey } from './campaign-fingerprint.js';
import { MarketingClassifier, type MarketingVerdict } from './marketing-classifier.js';
import { PolicyRepository, type CampaignState, type SenderState, type TextCounting } from './policy.repository.js';

export type PolicyDecision =
  | { kind: 'forward' }
  | { kind: 'block'; outcome: 'blocked' | 'rate_limited'; reason: 'opted_out' | 'rate_limited' | 'marketing'; reasons: string[] };

/**
 * Every text that would reach a buyer (from a counterpart or an unreachable sender) passes here before it is forwarded: the buyer's opt-out of
 * that sender, the flood limit per (sender, relay number), then marketing without consent.
 */
@Injectable()
export class MessagePolicy {
  private readonly campaignKey: Buffer;

  constructor(
    private readonly repository: PolicyRepository,
    private readonly classifier: MarketingClassifier,
    private readonly config: AppConfig,
  ) {
    this.campaignKey = campaignKey(config.lookupHashKey);
  }

  /** What the policy needs to know of a text before the database is asked. */
  classify(body: string): MarketingVerdict {
    return this.classifier.classify(body);
  }

  /**
   * How the routing lookup counts a classified text in its own round trip, and checks its campaign: its
   * bands, and the figures the check needs. `messageSid` keys the stored fingerprint (a redelivery stores none).
   */
  counting(classified: MarketingVerdict, body: string, messageSid: string): TextCounting {
    return {
      marketing: classified.marketing,
      perHourLimit: this.config.smsRatePerHour,
      bands: campaignBands(body, this.campaignKey),
      campaign: {
        textId: textIdOf(messageSid),
        promotional: classified.promotional,
        windowDays: this.config.campaignWindowDays,
        reportMinBuyers: this.config.reportMinBuyers,
        campaignMinBuyers: this.config.campaignMinBuyers,
      },
    };
  }

  /** A text from a party the lookup did not count (a `caller` added just now): counted here. */
  async decide(senderId: string, classified: MarketingVerdict, counting: TextCounting, now: Date): Promise<PolicyDecision> {
    const state = await this.repository.countText({ senderId, now, ...counting });
    if (!state) return { kind: 'block', outcome: 'blocked', reason: 'opted_out', reasons: ['unknown_sender'] };
    return this.decideCounted(state, classified);
  }

  /** A text from an unreachable sender (sender ID, short code, withheld): counted per (binding, X, sender). */
  async decideUnreachable(
    bindingId: string,
    senderHash: Buffer,
    classified: MarketingVerdict,
    counting: TextCounting,
    now: Date,
  ): Promise<PolicyDecision> {
    const state = await this.repository.countUnreachableText({ bindingId, pairHash: senderHash, now, ...counting });
    if (!state) return { kind: 'block', outcome: 'blocked', reason: 'opted_out', reasons: ['unknown_sender'] };
    return this.decideCounted(state, classified);
  }

  /**
   * A counted text's fate, the checks in order. `countTextSql` stamps the sender as the buyer's last
   * texter on the same condition as `forward` here.
   */
  decideCounted(state: SenderState, classified: MarketingVerdict): PolicyDecision {
    if (state.optedOut) return { kind: 'block', outcome: 'blocked', reason: 'opted_out', reasons: ['buyer_opted_out'] };
    if (state.textsThisHour > this.config.smsRatePerHour) {
      return {
        kind: 'block',
        outcome: 'rate_limited',
        reason: 'rate_limited',
        reasons: [`over_${this.config.smsRatePerHour}_per_hour`],
      };
    }
    if (classified.marketing && !state.marketingConsent)
      return { kind: 'block', outcome: 'blocked', reason: 'marketing', reasons: classified.reasons };
    return { kind: 'forward' };
  }

  /**
   * The checks that need every buyer's view, for a text that passed the ones above, when the routing
   * lookup did not run them (a new `caller`'s text): its fingerprint is stored and its figures read by
   * TRACK_TEXT, which also marks the sender as the buyer's last texter and reply target when it forwards.
   */
  async decideCampaign(
    senderId: string,
    counting: TextCounting,
    classified: MarketingVerdict,
    now: Date,
  ): Promise<PolicyDecision> {
    if (counting.bands.length === 0) return { kind: 'forward' };
    const state = await this.repository.trackText({ senderId, bands: counting.bands, campaign: counting.campaign, now });
    return state ? this.campaignVerdict(state, classified) : { kind: 'forward' };
  }

  /**
   * A campaign check's verdict on its figures. The text is blocked when
   *   - REPORT_MIN_BUYERS other buyers reported a copy (whatever it says), or, without marketing consent,
   *   - another buyer reported a copy that looked promotional (the classifier's lower report threshold), or
   *   - it reached CAMPAIGN_MIN_BUYERS buyers and it, or an earlier copy, looks promotional: a campaign.
   * A courier's "I'm outside" to many buyers is none of these until several buyers report it.
   * campaignBlocksSql (policy.repository) is the same condition, for the statements that stamp the
   * sender as the buyer's last texter and reply target only when the text is forwarded.
   */
  campaignVerdict(state: CampaignState, classified: MarketingVerdict): PolicyDecision {
    const block = (reasons: string[]): PolicyDecision => ({ kind: 'block', outcome: 'blocked', reason: 'marketing', reasons });
    if (state.reporters >= this.config.reportMinBuyers) return block([`reported_by_${state.reporters}_buyers`]);
    if (state.marketingConsent) return { kind: 'forward' };
    if (state.reporters > 0 && state.reportedPromotional) return block(['reported_campaign', ...classified.reasons]);
    if (state.buyers >= this.config.campaignMinBuyers && (classified.promotional || state.copiesPromotional))
      return block(['campaign', `sent_to_${state.buyers}_buyers`, ...classified.reasons]);
    return { kind: 'forward' };
  }
}

/** A uuid derived from the carrier's message id, so that a redelivery stores no second fingerprint. */
function textIdOf(messageSid: string): string {
  const hex = createHash('sha256').update(`text:${messageSid}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
