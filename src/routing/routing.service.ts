import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app.config.js';
import { Clock } from '../common/clock.js';
import { callerId, type CallerId } from '../common/phone.js';
import { PhoneCipher } from '../common/phone-cipher.service.js';
import type { RecordRole } from '../records/record.types.js';
import type { CampaignState, SenderState } from '../policy/policy.repository.js';
import { RoutingRepository, type DeliveryClaim, type LookupText } from './routing.repository.js';
import { decideExtensionRoute, decideRoute, type RoutingDecision } from './routing.rules.js';

export interface RouteResult {
  /** False for a redelivery of a webhook another delivery claimed: nothing was counted, moved or added. */
  fresh: boolean;
  decision: RoutingDecision;
  relayNumber: string;
  caller: CallerId;
  callerMasked: string;
  callerRole: RecordRole;
  /** The caller's party row on the binding (a counterpart or the buyer), when they have one. */
  callerParticipantId: string | null;
  /** An unreachable sender's key for the text policy: the keyed hash of (X, sender string). */
  unreachableSenderHash: Buffer | null;
  /** The real number to connect to (E.164), for `connect` only. */
  targetE164: string | null;
  targetMasked: string | null;
  /** A counterpart's text to the buyer, counted in the lookup's round trip: the policy's input. */
  textState: SenderState | null;
  /** That text's campaign figures, read in the same round trip (null: not counted there, or no bands). */
  campaign: CampaignState | null;
  /**
   * A text: whether the carrier blocks the phone it would go to (then nothing was counted); null when
   * the lookup did not check (a call, or an extension-mode route: the policy asks the carrier block).
   */
  carrierBlocked: boolean | null;
}

/** Extension mode: a route, with the locale of the tenant whose binding the extension named (if it set one). */
export interface ExtensionRouteResult extends RouteResult {
  locale: string | null;
}

export interface RouteOptions {
  /**
   * A text (SMS only): its carrier scope, checked first, and how to count it when it turns out to go
   * from a counterpart to the buyer.
   */
  text?: LookupText | null;
  /** The delivery to claim; a redelivery of a claimed one comes back with `fresh` false. */
  claim?: DeliveryClaim | null;
  /** A voice call: a new `caller` becomes the reply target at once (a text only once forwarded). */
  call?: boolean;
}

/** (caller F, relay number X) -> decision: one lookup, the pure rules, then the writes routing needs. */
@Injectable()
export class RoutingService {
  constructor(
    private readonly repository: RoutingRepository,
    private readonly cipher: PhoneCipher,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  screening(bindingId: string): Promise<ScreeningFacts | null> {
    return this.repository.screening(bindingId);
  }

  async route(from: string, relayNumber: string, options: RouteOptions = {}): Promise<RouteResult> {
    const now = this.clock.now();
    const caller = callerId(from);
    // An unreachable caller is never looked up by hash: placeholders and sender IDs are shared by many.
    const keys = caller.reachable ? { hash: this.cipher.hash(from), pairHash: this.cipher.pairHash(relayNumber, from) } : null;
    const { fresh, facts, textState, campaign, carrierBlocked } = await this.repository.lookup(
      relayNumber,
      keys,
      now,
      options.text ?? null,
      options.claim ?? null,
    );
    const decision = decideRoute(facts);
    const base = {
      fresh,
      decision,
      relayNumber,
      caller,
      callerMasked: caller.masked,
      unreachableSenderHash: caller.reachable ? null : this.cipher.pairHash(relayNumber, senderString(from, caller)),
      carrierBlocked: options.text ? carrierBlocked : null,
      campaign: null,
    };

    if (decision.kind !== 'connect') {
      return {
        ...base,
        callerRole: facts.match?.role ?? 'stranger',
        callerParticipantId: decision.kind === 'nobody_to_reach' ? facts.match!.participantId : null,
        targetE164: null,
        targetMasked: null,
        textState: null,
      };
    }
    let callerParticipantId = facts.match?.participantId ?? null;
    if (decision.recordCallerAsCounterpart && keys && fresh) {
      callerParticipantId = await this.repository.addCaller(
        decision.bindingId,
        facts.relay!.id,
        { ...keys, encrypted: this.cipher.encrypt(from), masked: caller.masked },
        now,
        options.call ?? false,
      );
      if (callerParticipantId === null) {
        // The binding ended between the lookup and the insert: forwarding has stopped.
        return {
          ...base,
          decision: {
            kind: 'not_in_service',
            reason: 'binding_ended',
            bindingId: decision.bindingId,
            tenantId: decision.tenantId,
          },
          callerRole: 'stranger',
          callerParticipantId: null,
          targetE164: null,
          targetMasked: null,
          textState: null,
        };
      }
    }
    return {
      ...base,
      callerRole: decision.hidden ? 'stranger' : decision.callerRole,
      callerParticipantId,
      targetE164: this.cipher.decrypt(decision.target.phoneEnc),
      targetMasked: decision.target.phoneMasked,
      textState,
      campaign,
    };
  }

  /**
   * Extension mode, a text without an extension: the one live binding on X whose counterpart F is, routed
   * as if F had named it; null when F is a counterpart of none or of several (or unreachable).
   */
  async routeSoleExtension(from: string, relayNumber: string): Promise<ExtensionRouteResult | null> {
    if (!callerId(from).reachable) return null;
    const extension = await this.repository.soleExtension(relayNumber, this.cipher.hash(from), this.clock.now());
    return extension === null ? null : this.routeExtension(from, relayNumber, extension, { call: false });
  }

  /** Whether this sender gets today's "start your text with the extension" hint on X. */
  claimExtensionHint(from: string, relayNumber: string): Promise<boolean> {
    const caller = callerId(from);
    const day = this.clock.now().toISOString().slice(0, 10);
    return this.repository.claimHint(
      this.cipher.pairHash(relayNumber, caller.reachable ? from : senderString(from, caller)),
      day,
    );
  }

  /**
   * Extension mode, after the prompt: (caller F, X, extension E) -> decision. A caller who reaches the
   * buyer becomes a `caller` of that binding (reachable callers only) and its reply target. With a
   * `claim` (the `<Gather>` action's delivery), a redelivery comes back with `fresh` false having counted
   * no miss and no reach and added nobody.
   */
  async routeExtension(
    from: string,
    relayNumber: string,
    extension: string,
    options: { call: boolean; claim?: DeliveryClaim | null },
  ): Promise<ExtensionRouteResult> {
    const now = this.clock.now();
    const caller = callerId(from);
    const key = extensionKey(relayNumber, extension);
    const keys = caller.reachable ? { hash: this.cipher.hash(from), pairHash: this.cipher.pairHash(key, from) } : null;
    // Guessing bounds (calls): per caller on every number; a withheld caller per number only.
    const guardKey = options.call ? (keys?.hash ?? this.cipher.pairHash(relayNumber, senderString(from, caller))) : null;
    const { fresh, locked, locale, facts } = await this.repository.lookupExtension(
      relayNumber,
      extension,
      keys,
      now,
      guardKey,
      options.claim ?? null,
    );
    let decision: RoutingDecision = locked ? { kind: 'refuse', reason: 'extension_lockout' } : decideExtensionRoute(facts);
    const base = {
      fresh,
      relayNumber,
      caller,
      callerMasked: caller.masked,
      unreachableSenderHash: caller.reachable ? null : this.cipher.pairHash(key, senderString(from, caller)),
      textState: null,
      // Not checked by this lookup: the policy asks the carrier block before it counts.
      campaign: null,
      carrierBlocked: null,
      locale,
    };
    if (!fresh) {
      // A redelivery: the first delivery's answer is replayed; nothing is counted or written here.
      return {
        ...base,
        decision,
        callerRole: facts.match?.role ?? 'stranger',
        callerParticipantId: null,
        targetE164: null,
        targetMasked: null,
      };
    }
    if (
      guardKey &&
      decision.kind === 'not_in_service' &&
      (decision.reason === 'wrong_extension' || decision.reason === 'binding_ended')
    ) {
      if (await this.repository.extensionMiss(guardKey, now)) decision = { kind: 'refuse', reason: 'extension_lockout' };
    }
    // A named counterpart of the binding is never counted; anyone else reaches at most
    // EXTENSION_REACH_PER_DAY distinct extensions on X a day.
    const named = facts.match !== null && facts.match.role !== 'caller';
    if (guardKey && decision.kind === 'connect' && !named) {
      const day = now.toISOString().slice(0, 10);
      if (!(await this.repository.extensionReach(guardKey, facts.relay!.id, extension, day, this.config.extensionReachPerDay))) {
        decision = { kind: 'refuse', reason: 'extension_reach_limit' };
      }
    }
    let callerParticipantId = facts.match?.participantId ?? null;
    if (decision.kind === 'connect' && keys) {
      // The caller's row (new, or the counterpart's own): a call makes it the buyer's reply target.
      callerParticipantId = await this.repository.addExtensionCaller(
        decision.bindingId,
        { ...keys, encrypted: this.cipher.encrypt(from), masked: caller.masked },
        now,
        options.call,
      );
      if (callerParticipantId === null) {
        decision = {
          kind: 'not_in_service',
          reason: 'binding_ended',
          bindingId: decision.bindingId,
          tenantId: decision.tenantId,
        };
      }
    }
    const connect = decision.kind === 'connect' ? decision : null;
    return {
      ...base,
      decision,
      callerRole: connect ? (connect.hidden ? 'stranger' : connect.callerRole) : (facts.match?.role ?? 'stranger'),
      callerParticipantId: connect ? callerParticipantId : null,
      targetE164: connect ? this.cipher.decrypt(connect.target.phoneEnc) : null,
      targetMasked: connect ? connect.target.phoneMasked : null,
    };
  }
}

/**
 * Extension mode: a text that starts with the extension (`48210 I'm at the door`, `#48210 …`,
 * `48210#…`): the extension and the text without it; null when it does not start with `digits` digits.
 */
export function extensionPrefix(body: string, digits: number): { extension: string; rest: string } | null {
  const found = new RegExp(`^\\s*#?(\\d{${digits}})(?:#|[\\s,:.-]+|$)`).exec(body);
  if (!found) return null;
  return { extension: found[1]!, rest: body.slice(found[0].length).trim() };
}

/** The key of a party of an extension binding: (X, E), so that rule 4 is checked only once E is known. */
export function extensionKey(relayNumber: string, extension: string): string {
  return `${relayNumber},${extension}`;
}

/** What the screening announcement needs: the order id and the tenant's locale, if any. */
export type ScreeningFacts = { orderId: string; locale: string | null };

/** What an unreachable sender is counted and opted out by: every withheld form is one sender. */
function senderString(from: string, caller: CallerId): string {
  return caller.kind === 'withheld' ? 'withheld' : `sender:${from.trim().toUpperCase()}`;
}
