import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { callerId } from '../common/phone.js';
import { PhoneCipher } from '../common/phone-cipher.service.js';
import type { RecordRole } from '../records/record.types.js';
import type { SenderState, TextCounting } from '../policy/policy.repository.js';
import { RoutingRepository } from './routing.repository.js';
import { decideRoute, type RoutingDecision } from './routing.rules.js';

export interface RouteResult {
  decision: RoutingDecision;
  relayNumber: string;
  callerMasked: string;
  callerRole: RecordRole;
  /** The caller's party row on the binding (a counterpart or the buyer), when they have one. */
  callerParticipantId: string | null;
  /** The real number to connect to (E.164), for `connect` only. */
  targetE164: string | null;
  targetMasked: string | null;
  /** A counterpart's text to the buyer, counted in the lookup's round trip: the policy's input. */
  textState: SenderState | null;
}

/** (caller F, relay number X) -> decision: one lookup, the pure rules, then the writes routing needs. */
@Injectable()
export class RoutingService {
  constructor(
    private readonly repository: RoutingRepository,
    private readonly cipher: PhoneCipher,
    private readonly clock: Clock,
  ) {}

  /** `text`: the text to count when it turns out to go from a counterpart to the buyer (SMS only). */
  async route(from: string, relayNumber: string, text: TextCounting | null = null): Promise<RouteResult> {
    const now = this.clock.now();
    const callerHash = this.cipher.hash(from);
    const pairHash = this.cipher.pairHash(relayNumber, from);
    const { facts, textState } = await this.repository.lookup(relayNumber, callerHash, pairHash, now, text);
    const decision = decideRoute(facts);
    const { reachable, masked: callerMasked } = callerId(from);

    if (decision.kind !== 'connect') {
      const callerRole: RecordRole = facts.match?.role ?? 'stranger';
      const callerParticipantId = decision.kind === 'nobody_to_reach' ? facts.match!.participantId : null;
      return {
        decision,
        relayNumber,
        callerMasked,
        callerRole,
        callerParticipantId,
        targetE164: null,
        targetMasked: null,
        textState: null,
      };
    }
    let callerParticipantId = facts.match?.participantId ?? null;
    if (decision.recordCallerAsCounterpart && reachable) {
      callerParticipantId = await this.repository.addCaller(
        decision.bindingId,
        facts.relay!.id,
        { hash: callerHash, encrypted: this.cipher.encrypt(from), pairHash, masked: callerMasked },
        now,
      );
      if (callerParticipantId === null) {
        // The binding ended between the lookup and the insert: forwarding has stopped.
        return {
          decision: { kind: 'not_in_service', reason: 'binding_ended', bindingId: decision.bindingId, tenantId: decision.tenantId },
          relayNumber,
          callerMasked,
          callerRole: 'stranger',
          callerParticipantId: null,
          targetE164: null,
          targetMasked: null,
          textState: null,
        };
      }
    }
    return {
      decision,
      relayNumber,
      callerMasked,
      callerRole: decision.callerRole,
      callerParticipantId,
      targetE164: this.cipher.decrypt(decision.target.phoneEnc),
      targetMasked: decision.target.phoneMasked,
      textState,
    };
  }
}
