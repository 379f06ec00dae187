import { Injectable } from '@nestjs/common';

export interface PolicyContext {
  bindingId: string;
  marketingConsent: boolean;
  senderRole: string;
}

export type PolicyDecision = { kind: 'forward' } | { kind: 'block'; reason: string; reasons: string[] };

/**
 * Every text from a counterpart to a buyer passes here before it is forwarded. The marketing filter,
 * opt-outs and rate limits plug in here; until they do, every text is forwarded.
 */
@Injectable()
export class MessagePolicy {
  async decide(_context: PolicyContext, _body: string): Promise<PolicyDecision> {
    return { kind: 'forward' };
  }
}
