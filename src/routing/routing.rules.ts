import type { BindingMode } from '../bindings/binding.entity.js';
import type { ParticipantRole } from '../bindings/participant.entity.js';

export type Channel = 'voice' | 'sms';

/** What one indexed lookup tells about caller F on relay number X at `now`. */
export interface RoutingFacts {
  now: Date;
  /** False for a withheld caller, a sender ID or a short code: never matched, never a former party. */
  callerReachable: boolean;
  relay: { id: string; e164: string; pool: BindingMode; status: string } | null;
  /** F's active party row on X, if any (at most one: the routing key is unique). */
  match: {
    participantId: string;
    role: ParticipantRole;
    bindingId: string;
    tenantId: string;
    bindingStatus: string;
    expiresAt: Date;
  } | null;
  /** F was a party on X within quarantine + retention. */
  formerParty: boolean;
  /** For a dedicated X: its active binding. */
  dedicatedBinding: { id: string; tenantId: string; expiresAt: Date } | null;
  /** The buyer of the binding F matched (or of X's dedicated binding). */
  buyer: PartyTarget | null;
  /** When F is the buyer: the counterpart who contacted them last, else the merchant. */
  buyerTarget: PartyTarget | null;
}

export interface PartyTarget {
  participantId: string;
  role: ParticipantRole;
  phoneEnc: string;
  phoneMasked: string;
}

export type NotInServiceReason =
  'unknown_number' | 'number_retired' | 'binding_ended' | 'former_party' | 'no_active_binding' | 'wrong_extension';
export type RefuseReason = 'stranger_on_shared' | 'extension_lockout' | 'extension_reach_limit';

export type RoutingDecision =
  | {
      kind: 'connect';
      bindingId: string;
      tenantId: string;
      direction: 'to_buyer' | 'from_buyer';
      callerRole: ParticipantRole;
      target: PartyTarget;
      /** Rule 5: a stranger on a dedicated number becomes a `caller` counterpart of the binding. */
      recordCallerAsCounterpart: boolean;
      /** Rule 5 for an unreachable caller: they reach the buyer, announced as hidden, and are recorded nowhere. */
      hidden: boolean;
      /** The counterpart whose `lastContactAt` moves (the caller, or the one the buyer reaches). */
      counterpartId: string | null;
    }
  | { kind: 'nobody_to_reach'; bindingId: string; tenantId: string }
  | { kind: 'not_in_service'; reason: NotInServiceReason; bindingId: string | null; tenantId: string | null }
  | { kind: 'refuse'; reason: RefuseReason }
  /** Extension mode: anyone but the buyer is asked for the extension first. */
  | { kind: 'prompt_extension' };

const isLive = (status: string, expiresAt: Date, now: Date) => status === 'active' && expiresAt > now;

/**
 * The routing rules of DESIGN.md, first match wins. Pure: the same facts always give the same decision,
 * and expiry is decided here from `expiresAt`, never by waiting for the sweeper.
 */
export function decideRoute(facts: RoutingFacts): RoutingDecision {
  const { relay, match, now } = facts;
  if (!relay) return { kind: 'not_in_service', reason: 'unknown_number', bindingId: null, tenantId: null };
  if (relay.status === 'retired') return { kind: 'not_in_service', reason: 'number_retired', bindingId: null, tenantId: null };

  if (match) {
    if (!isLive(match.bindingStatus, match.expiresAt, now)) {
      // F's binding on X has ended even if the sweeper has not marked it yet.
      return { kind: 'not_in_service', reason: 'binding_ended', bindingId: match.bindingId, tenantId: match.tenantId };
    }
    // Rule 2: the buyer reaches the counterpart the mode picks.
    if (match.role === 'buyer') {
      if (!facts.buyerTarget) return { kind: 'nobody_to_reach', bindingId: match.bindingId, tenantId: match.tenantId };
      return {
        kind: 'connect',
        bindingId: match.bindingId,
        tenantId: match.tenantId,
        direction: 'from_buyer',
        callerRole: 'buyer',
        target: facts.buyerTarget,
        recordCallerAsCounterpart: false,
        hidden: false,
        counterpartId: facts.buyerTarget.participantId,
      };
    }
    // Rule 3: a counterpart reaches the buyer.
    if (facts.buyer) {
      return {
        kind: 'connect',
        bindingId: match.bindingId,
        tenantId: match.tenantId,
        direction: 'to_buyer',
        callerRole: match.role,
        target: facts.buyer,
        recordCallerAsCounterpart: false,
        hidden: false,
        counterpartId: match.participantId,
      };
    }
  }

  // Extension mode: anyone but a buyer on X enters E at a prompt, never skipped (one courier may carry
  // several orders on X); rules 3-5 then apply to (X, E): see decideExtensionRoute.
  if (relay.pool === 'extension') return { kind: 'prompt_extension' };

  // Rule 4: a former party of X is told the number is not in service, even if X serves a new order.
  if (facts.formerParty) return { kind: 'not_in_service', reason: 'former_party', bindingId: null, tenantId: null };

  // Rule 5: anyone else on a live dedicated number reaches its buyer and becomes a `caller`; an
  // unreachable caller reaches the buyer too (couriers call from withheld lines) but is recorded nowhere.
  const dedicated = facts.dedicatedBinding;
  if (relay.pool === 'dedicated' && dedicated && dedicated.expiresAt > now && facts.buyer) {
    return {
      kind: 'connect',
      bindingId: dedicated.id,
      tenantId: dedicated.tenantId,
      direction: 'to_buyer',
      callerRole: 'caller',
      target: facts.buyer,
      recordCallerAsCounterpart: facts.callerReachable,
      hidden: !facts.callerReachable,
      counterpartId: null,
    };
  }

  // Rule 6: strangers on a shared number are refused; a number without a live binding is not in service.
  if (relay.pool === 'shared') return { kind: 'refuse', reason: 'stranger_on_shared' };
  return {
    kind: 'not_in_service',
    reason: 'no_active_binding',
    bindingId: dedicated?.id ?? null,
    tenantId: dedicated?.tenantId ?? null,
  };
}

/** What the lookup of (X, E, F) tells, once the caller entered extension E on extension number X. */
export interface ExtensionFacts {
  now: Date;
  callerReachable: boolean;
  relay: { id: string; e164: string; pool: BindingMode; status: string } | null;
  /** The binding that holds (X, E): live, or ended and resting in quarantine. */
  binding: { id: string; tenantId: string; status: string; expiresAt: Date } | null;
  /** F's active party row on that binding (a named counterpart or an earlier caller). */
  match: { participantId: string; role: ParticipantRole } | null;
  /** F was a party of (X, E) within FORMER_PARTY_DAYS. */
  formerParty: boolean;
  buyer: PartyTarget | null;
}

/** Rules 3-6 for the binding (X, E) names; a wrong or ended extension is `not_in_service`. */
export function decideExtensionRoute(facts: ExtensionFacts): RoutingDecision {
  const { relay, binding, match, now } = facts;
  if (!relay || relay.pool !== 'extension')
    return { kind: 'not_in_service', reason: 'unknown_number', bindingId: null, tenantId: null };
  if (relay.status === 'retired') return { kind: 'not_in_service', reason: 'number_retired', bindingId: null, tenantId: null };
  const live = binding !== null && isLive(binding.status, binding.expiresAt, now) && facts.buyer !== null;
  // Rule 3: a counterpart of the binding reaches its buyer.
  if (live && match && match.role !== 'buyer') {
    return {
      kind: 'connect',
      bindingId: binding.id,
      tenantId: binding.tenantId,
      direction: 'to_buyer',
      callerRole: match.role,
      target: facts.buyer!,
      recordCallerAsCounterpart: false,
      hidden: false,
      counterpartId: match.participantId,
    };
  }
  // Rule 4 for (X, E): a former party of this order hears it is over, even if E serves a new one.
  if (facts.formerParty)
    return {
      kind: 'not_in_service',
      reason: 'former_party',
      bindingId: binding?.id ?? null,
      tenantId: binding?.tenantId ?? null,
    };
  // Rule 5: anyone else reaches the buyer and becomes a `caller` (reachable callers only).
  if (live) {
    return {
      kind: 'connect',
      bindingId: binding.id,
      tenantId: binding.tenantId,
      direction: 'to_buyer',
      callerRole: 'caller',
      target: facts.buyer!,
      recordCallerAsCounterpart: facts.callerReachable,
      hidden: !facts.callerReachable,
      counterpartId: null,
    };
  }
  if (binding) return { kind: 'not_in_service', reason: 'binding_ended', bindingId: binding.id, tenantId: binding.tenantId };
  return { kind: 'not_in_service', reason: 'wrong_extension', bindingId: null, tenantId: null };
}
