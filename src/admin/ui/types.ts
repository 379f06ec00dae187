// The admin API's answers, as the dashboard reads them (see the admin API contract in DESIGN.md).

export type PoolKind = 'dedicated' | 'shared' | 'extension';
export type NumberStatus = 'available' | 'in_use' | 'quarantined' | 'retired';
export type BindingStatus = 'active' | 'expired' | 'closed';
export type CallOutcome = 'connected' | 'no_answer' | 'busy' | 'failed' | 'not_in_service' | 'refused';
export type TextOutcome = 'connected' | 'failed' | 'not_in_service' | 'refused' | 'blocked' | 'rate_limited' | 'keyword';

export interface PoolStats {
  country: string;
  pool: PoolKind;
  available: number;
  inUse: number;
  quarantined: number;
  retired: number;
  total: number;
  shareInUse: number;
}

export interface Overview {
  generatedAt: string;
  pools: PoolStats[];
  bindings: { active: number; expiringIn24h: number; expiringIn7d: number };
  calls24h: Partial<Record<CallOutcome, number>>;
  texts24h: Partial<Record<TextOutcome, number>>;
  blockedByReason: Record<string, number>;
  purges: number;
  headroom: {
    shared: { country: string; poolSize: number; maxActivePerPhone: number }[];
    dedicated: { country: string; free: number; checkoutsPerHour: number; hoursUntilDry: number | null }[];
    extension: ExtensionForecast[];
  };
  history: { poolInUse: { at: string; dedicated: number; shared: number }[] };
  extensions: {
    digits: number;
    occupancy: number;
    codeSpace: number;
    capPerNumber: number;
    forecastDays: number;
    numberCount: number;
    busiest: ExtensionNumber[];
  };
}

/** GET /v1/admin/extensions: one extension number against the cap. */
export interface ExtensionNumber {
  id: string;
  e164: string;
  country: string;
  status: NumberStatus;
  live: number;
  quarantined: number;
  cap: number;
  shareOfCap: number;
  free: number;
}

export interface ExtensionForecast {
  country: string;
  numbers: number;
  capacity: number;
  live: number;
  quarantined: number;
  free: number;
  checkoutsLast24h: number;
  endedLast24h: number;
  growthPerDay: number;
  daysUntilFull: number | null;
  numbersToAdd: number;
}

export interface RelayNumber {
  id: string;
  e164: string;
  country: string;
  areaCode: string | null;
  pool: PoolKind;
  status: NumberStatus;
  capabilities: string[];
  provider: string;
  quarantineUntil: string | null;
  retiredAt: string | null;
  createdAt: string;
}

export interface Counterpart {
  id: string;
  role: string;
  phoneMasked: string;
  lastContactAt: string | null;
}

export interface Binding {
  id: string;
  tenantId: string;
  tenantName: string;
  orderId: string;
  mode: PoolKind;
  status: BindingStatus;
  relayNumber: string;
  buyerPhoneMasked: string;
  counterparts: Counterpart[];
  marketingConsent: boolean;
  expiresAt: string;
  maxExpiresAt: string;
  endedAt: string | null;
  purged: boolean;
  carrierOptOut: boolean;
  createdAt: string;
  updatedAt: string;
}

interface RecordBase {
  id: string;
  providerSid: string;
  bindingId: string | null;
  orderId: string | null;
  relayNumber: string;
  direction: string;
  fromRole: string;
  toRole: string | null;
  fromMasked: string;
  toMasked: string | null;
  outcome: string;
  reason: string | null;
  durationSeconds: number | null;
  at: string;
}

export interface CallRecord extends RecordBase {
  kind: 'call';
}

export interface TextRecord extends RecordBase {
  kind: 'sms';
  reasons: string[];
  body: string | null;
  deliveryStatus: string | null;
  deliveryErrorCode: number | null;
  deliveryFailure: string | null;
}

export interface BuyerReport {
  id: string;
  reportedAt: string;
  bindingId: string | null;
  orderId: string | null;
  tenantId: string | null;
  senderRole: string;
  senderMasked: string;
  promotional: boolean;
  reporters: number;
  undoneAt: string | null;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface BindingDetail {
  binding: Binding;
  calls: CallRecord[];
  texts: TextRecord[];
}

export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
}

export interface TenantKey {
  id: string;
  prefix: string;
  createdAt: string;
}

export interface Tenant {
  id: string;
  name: string;
  apiKeyPrefix: string | null;
  keys: TenantKey[];
  createdAt: string;
}

/** GET /v1/admin/tenants/:id/events */
export interface EndpointHealth {
  endpoint: {
    url: string;
    events: string[] | null;
    lastSuccessAt: string | null;
    lastFailureAt: string | null;
    consecutiveFailures: number;
    lastError: string | null;
  } | null;
  backlog: number;
  failed: number;
  oldestPendingAt: string | null;
}
