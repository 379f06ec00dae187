import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app.config.js';
import { MarketingClassifier, type MarketingVerdict } from './marketing-classifier.js';
import { PolicyRepository, type SenderState, type TextCounting } from './policy.repository.js';

export type PolicyDecision =
  | { kind: 'forward' }
  | { kind: 'block'; outcome: 'blocked' | 'rate_limited'; reason: 'opted_out' | 'rate_limited' | 'marketing'; reasons: string[] };

/**
 * Every text that would reach a buyer (from a counterpart or an unreachable sender) passes here before it is forwarded: the buyer's opt-out of
 * that sender, the flood limit per (sender, relay number), then marketing without consent.
 */
@Injectable()
export class MessagePolicy {
  constructor(
    private readonly repository: PolicyRepository,
    private readonly classifier: MarketingClassifier,
    private readonly config: AppConfig,
  ) {}

  /** What the policy needs to know of a text before the database is asked. */
  classify(body: string): MarketingVerdict {
    return this.classifier.classify(body);
  }

  /** How the routing lookup counts a classified text in its own round trip. */
  counting(classified: MarketingVerdict): TextCounting {
    return { marketing: classified.marketing, perHourLimit: this.config.smsRatePerHour };
  }

  /** A text from a party the lookup did not count (a `caller` added just now): counted here. */
  async decide(senderId: string, classified: MarketingVerdict, now: Date): Promise<PolicyDecision> {
    const state = await this.repository.countText({ senderId, now, ...this.counting(classified) });
    if (!state) return { kind: 'block', outcome: 'blocked', reason: 'opted_out', reasons: ['unknown_sender'] };
    return this.decideCounted(state, classified);
  }

  /** A text from an unreachable sender (sender ID, short code, withheld): counted per (binding, X, sender). */
  async decideUnreachable(bindingId: string, senderHash: Buffer, classified: MarketingVerdict, now: Date): Promise<PolicyDecision> {
    const state = await this.repository.countUnreachableText({ bindingId, pairHash: senderHash, now, ...this.counting(classified) });
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
}
