import { decideExtensionRoute, decideRoute, type ExtensionFacts, type PartyTarget, type RoutingFacts } from './routing.rules.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const LATER = new Date('2026-12-10T00:00:00Z');
const EARLIER = new Date('2026-11-30T00:00:00Z');
const buyer: PartyTarget = { participantId: 'p-buyer', role: 'buyer', phoneEnc: 'enc-buyer', phoneMasked: '+1 415****0001' };
const courier: PartyTarget = {
  participantId: 'p-courier',
  role: 'courier',
  phoneEnc: 'enc-courier',
  phoneMasked: '+1 415****0002',
};

function facts(overrides: Partial<RoutingFacts> & { pool?: 'dedicated' | 'shared' } = {}): RoutingFacts {
  const { pool = 'dedicated', ...rest } = overrides;
  return {
    now: NOW,
    callerReachable: true,
    relay: { id: 'x', e164: '+12025550100', pool, status: pool === 'dedicated' ? 'in_use' : 'available' },
    match: null,
    formerParty: false,
    dedicatedBinding: null,
    buyer: null,
    buyerTarget: null,
    ...rest,
  };
}
const match = (role: 'buyer' | 'courier' | 'merchant' | 'caller', expiresAt = LATER, bindingStatus = 'active') => ({
  participantId: `p-${role}`,
  role,
  bindingId: 'b1',
  tenantId: 't1',
  bindingStatus,
  expiresAt,
});

describe('decideRoute: the routing rules, first match wins', () => {
  it.each([
    [
      'rule 2: the buyer reaches the counterpart who contacted them last',
      facts({ match: match('buyer'), buyerTarget: courier }),
      { kind: 'connect', direction: 'from_buyer', target: courier, counterpartId: 'p-courier' },
    ],
    [
      'rule 2: the buyer with nobody to reach hears so',
      facts({ match: match('buyer') }),
      { kind: 'nobody_to_reach', bindingId: 'b1' },
    ],
    [
      'rule 3: a counterpart reaches the buyer',
      facts({ match: match('courier'), buyer }),
      { kind: 'connect', direction: 'to_buyer', callerRole: 'courier', target: buyer, counterpartId: 'p-courier' },
    ],
    [
      'rule 3 on a shared number',
      facts({ pool: 'shared', match: match('merchant'), buyer }),
      { kind: 'connect', direction: 'to_buyer', callerRole: 'merchant' },
    ],
    [
      'rule 3 beats rule 4: a courier named on the new order while a former party of X',
      facts({ match: match('courier'), buyer, formerParty: true }),
      { kind: 'connect', callerRole: 'courier' },
    ],
    [
      'rule 4: a former party on a number serving a new order',
      facts({ formerParty: true, dedicatedBinding: { id: 'b2', tenantId: 't1', expiresAt: LATER }, buyer }),
      { kind: 'not_in_service', reason: 'former_party' },
    ],
    [
      'rule 4 on a shared number',
      facts({ pool: 'shared', formerParty: true }),
      { kind: 'not_in_service', reason: 'former_party' },
    ],
    [
      'rule 5: a stranger on a live dedicated number reaches the buyer and is recorded',
      facts({ dedicatedBinding: { id: 'b2', tenantId: 't1', expiresAt: LATER }, buyer }),
      { kind: 'connect', bindingId: 'b2', callerRole: 'caller', recordCallerAsCounterpart: true, hidden: false, target: buyer },
    ],
    [
      'rule 5: a withheld caller on a live dedicated number reaches the buyer, hidden, and is recorded nowhere',
      facts({ callerReachable: false, dedicatedBinding: { id: 'b2', tenantId: 't1', expiresAt: LATER }, buyer }),
      { kind: 'connect', bindingId: 'b2', recordCallerAsCounterpart: false, hidden: true, target: buyer },
    ],
    [
      'rule 6: a withheld caller on a shared number is refused',
      facts({ pool: 'shared', callerReachable: false }),
      { kind: 'refuse', reason: 'stranger_on_shared' },
    ],
    [
      'rule 6: a stranger on a shared number is refused',
      facts({ pool: 'shared' }),
      { kind: 'refuse', reason: 'stranger_on_shared' },
    ],
    ['rule 6: a dedicated number without an active binding', facts(), { kind: 'not_in_service', reason: 'no_active_binding' }],
    [
      'expiry: a dedicated binding past expiresAt, not yet swept',
      facts({ dedicatedBinding: { id: 'b2', tenantId: 't1', expiresAt: EARLIER }, buyer }),
      { kind: 'not_in_service', reason: 'no_active_binding' },
    ],
    [
      'expiry: a counterpart whose binding passed expiresAt',
      facts({ match: match('courier', EARLIER), buyer }),
      { kind: 'not_in_service', reason: 'binding_ended' },
    ],
    [
      'expiry: the buyer whose binding passed expiresAt',
      facts({ match: match('buyer', NOW), buyerTarget: courier }),
      { kind: 'not_in_service', reason: 'binding_ended' },
    ],
    [
      'a closed binding',
      facts({ match: match('courier', LATER, 'closed'), buyer }),
      { kind: 'not_in_service', reason: 'binding_ended' },
    ],
    ['an unknown number', facts({ relay: null }), { kind: 'not_in_service', reason: 'unknown_number' }],
    [
      'a retired number',
      facts({ relay: { id: 'x', e164: '+12025550100', pool: 'dedicated', status: 'retired' } }),
      { kind: 'not_in_service', reason: 'number_retired' },
    ],
  ])('%s', (_rule, input, expected) => {
    expect(decideRoute(input)).toMatchObject(expected);
  });
});

describe('extension mode: the prompt first, then rules 3-5 for the binding (X, E) names', () => {
  const x = { id: 'x', e164: '+12025550100', pool: 'extension' as const, status: 'available' };
  const binding = { id: 'b1', tenantId: 't1', status: 'active', expiresAt: LATER };
  const ext = (overrides: Partial<ExtensionFacts> = {}): ExtensionFacts => ({
    now: NOW,
    callerReachable: true,
    relay: x,
    binding,
    match: null,
    formerParty: false,
    buyer,
    ...overrides,
  });

  it('prompts anyone but the buyer, a former party of X or a withheld caller too; the buyer reaches the reply target', () => {
    expect(decideRoute({ ...facts(), relay: x })).toEqual({ kind: 'prompt_extension' });
    expect(decideRoute({ ...facts({ formerParty: true }), relay: x })).toEqual({ kind: 'prompt_extension' });
    expect(decideRoute({ ...facts({ callerReachable: false }), relay: x })).toEqual({ kind: 'prompt_extension' });
    expect(decideRoute({ ...facts({ match: match('buyer'), buyerTarget: courier }), relay: x })).toMatchObject({
      kind: 'connect',
      direction: 'from_buyer',
      target: courier,
    });
  });

  it.each([
    [
      'a stranger reaches the buyer and becomes a caller',
      ext(),
      { kind: 'connect', callerRole: 'caller', recordCallerAsCounterpart: true },
    ],
    [
      'a withheld caller reaches the buyer, hidden',
      ext({ callerReachable: false }),
      { kind: 'connect', hidden: true, recordCallerAsCounterpart: false },
    ],
    [
      'a counterpart of the binding reaches the buyer (rule 3 beats rule 4)',
      ext({ match: { participantId: 'p-courier', role: 'courier' }, formerParty: true }),
      { kind: 'connect', callerRole: 'courier', counterpartId: 'p-courier' },
    ],
    [
      'a former party of (X, E) hears not in service',
      ext({ formerParty: true }),
      { kind: 'not_in_service', reason: 'former_party' },
    ],
    ['an extension nobody holds is wrong', ext({ binding: null }), { kind: 'not_in_service', reason: 'wrong_extension' }],
    ['an ended binding', ext({ binding: { ...binding, status: 'closed' } }), { kind: 'not_in_service', reason: 'binding_ended' }],
    [
      'past expiresAt before the sweeper ran',
      ext({ binding: { ...binding, expiresAt: EARLIER } }),
      { kind: 'not_in_service', reason: 'binding_ended' },
    ],
    ['a retired number', ext({ relay: { ...x, status: 'retired' } }), { kind: 'not_in_service', reason: 'number_retired' }],
    [
      'a number of another pool',
      ext({ relay: { ...x, pool: 'dedicated' } }),
      { kind: 'not_in_service', reason: 'unknown_number' },
    ],
  ])('%s', (_name, input, expected) => {
    expect(decideExtensionRoute(input)).toMatchObject(expected);
  });
});
