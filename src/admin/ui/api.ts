import type {
  AuditEntry,
  Binding,
  BindingDetail,
  BuyerReport,
  CallRecord,
  EndpointHealth,
  Overview,
  Page,
  RelayNumber,
  Tenant,
  TenantKey,
  TextRecord,
} from './types';

const TOKEN_KEY = 'veil.adminToken';

/** The admin token lives in sessionStorage: this tab only, gone when the tab closes. */
export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  signIn(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  signOut(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** An error answer from Veil: `{ statusCode, error, message, details }`, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const UNAUTHORIZED_EVENT = 'veil:unauthorized';

type Query = Record<string, string | number | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function request<T>(
  method: string,
  path: string,
  options: { query?: Query; body?: unknown; signal?: AbortSignal; token?: string } = {},
): Promise<T> {
  const token = options.token ?? session.token;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'Could not reach Veil. Check your connection and try again.');
  }
  const text = await response.text();
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }
  if (!response.ok) {
    const body = (payload ?? {}) as { error?: unknown; message?: unknown; details?: unknown };
    const code = typeof body.error === 'string' ? body.error : `http_${response.status}`;
    const message =
      typeof body.message === 'string' && body.message
        ? body.message
        : `Veil answered ${response.status} ${response.statusText || ''}`.trim();
    const error = new ApiError(response.status, code, message, body.details);
    // A token given explicitly is being tried at the login form, which reports it itself.
    if (response.status === 401 && options.token === undefined) {
      session.signOut();
      window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT));
    }
    throw error;
  }
  return payload as T;
}

export interface BindingQuery {
  status?: string;
  orderId?: string;
  tenant?: string;
  page?: number;
  pageSize?: number;
}

export interface RecordQuery {
  kind: 'call' | 'sms';
  outcome?: string;
  bindingId?: string;
  page?: number;
  pageSize?: number;
}

export interface ProvisionRequest {
  country: string;
  areaCode?: string;
  count: number;
  pool: string;
}

export const api = {
  overview: (signal?: AbortSignal) => request<Overview>('GET', '/v1/admin/overview', { signal }),
  tenants: (signal?: AbortSignal, token?: string) =>
    request<{ tenants: Tenant[] }>('GET', '/v1/admin/tenants', { signal, token }),
  numbers: (query: { pool?: string; status?: string }, signal?: AbortSignal) =>
    request<{ numbers: RelayNumber[] }>('GET', '/v1/admin/numbers', { query, signal }),
  provision: (body: ProvisionRequest) =>
    request<{ requested: number; numbers: RelayNumber[] }>('POST', '/v1/admin/numbers', { body }),
  retire: (id: string) => request<RelayNumber>('DELETE', `/v1/admin/numbers/${encodeURIComponent(id)}`),
  bindings: (query: BindingQuery, signal?: AbortSignal) =>
    request<Page<Binding>>('GET', '/v1/admin/bindings', { query: { ...query }, signal }),
  binding: (id: string, signal?: AbortSignal) =>
    request<BindingDetail>('GET', `/v1/admin/bindings/${encodeURIComponent(id)}`, { signal }),
  closeBinding: (id: string) => request<Binding>('POST', `/v1/admin/bindings/${encodeURIComponent(id)}/close`),
  texts: (query: Omit<RecordQuery, 'kind'>, signal?: AbortSignal) =>
    request<Page<TextRecord>>('GET', '/v1/admin/records', { query: { kind: 'sms', ...query }, signal }),
  calls: (query: Omit<RecordQuery, 'kind'>, signal?: AbortSignal) =>
    request<Page<CallRecord>>('GET', '/v1/admin/records', { query: { kind: 'call', ...query }, signal }),
  reports: (query: { page?: number; pageSize?: number }, signal?: AbortSignal) =>
    request<Page<BuyerReport>>('GET', '/v1/admin/reports', { query, signal }),
  undoReport: (id: string) => request<BuyerReport>('POST', `/v1/admin/reports/${encodeURIComponent(id)}/undo`),
  createTenant: (name: string) =>
    request<{ id: string; name: string; apiKey: string; createdAt: string }>('POST', '/v1/admin/tenants', { body: { name } }),
  addTenantKey: (id: string) =>
    request<TenantKey & { apiKey: string }>('POST', `/v1/admin/tenants/${encodeURIComponent(id)}/keys`),
  revokeTenantKey: (id: string, keyId: string) =>
    request<TenantKey>('DELETE', `/v1/admin/tenants/${encodeURIComponent(id)}/keys/${encodeURIComponent(keyId)}`),
  tenantEvents: (id: string, signal?: AbortSignal) =>
    request<EndpointHealth>('GET', `/v1/admin/tenants/${encodeURIComponent(id)}/events`, { signal }),
  replayEvents: (id: string) =>
    request<{ replayed: number }>('POST', `/v1/admin/tenants/${encodeURIComponent(id)}/events/replay`),
  audit: (query: { page?: number; pageSize?: number }, signal?: AbortSignal) =>
    request<Page<AuditEntry>>('GET', '/v1/admin/audit', { query, signal }),
};

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/**
 * Signals for a list that reloads as its filters change: each call aborts the previous request, so a
 * slow answer to an old filter never replaces a newer one; leaving the view (`scope`) aborts them all.
 */
export function latestRequest(scope: AbortSignal): () => AbortSignal {
  let current: AbortController | null = null;
  return () => {
    current?.abort();
    current = new AbortController();
    return AbortSignal.any([scope, current.signal]);
  };
}
