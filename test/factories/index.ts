import type { TestApp } from '../support/test-app.js';

let sequence = 0;

/** A valid US mobile-style number, different on every call (+1 415 555 2000 upward). */
export function uniquePhone(prefix = '+1415555'): string {
  sequence += 1;
  return `${prefix}${String(2000 + sequence).padStart(4, '0')}`;
}

/** A valid Chinese mobile number (+86 139 0013 2xxx), different on every call. */
export function uniqueChinesePhone(): string {
  return uniquePhone('+861390013');
}

export function uniqueOrderId(): string {
  sequence += 1;
  return `ORD-${Date.now().toString(36)}-${sequence}`;
}

export async function createTenant(t: TestApp, name = 'shop'): Promise<{ id: string; apiKey: string }> {
  const answer = await t.admin('POST', '/v1/admin/tenants', { name });
  if (answer.status !== 201) throw new Error(`tenant not created: ${answer.status} ${answer.text}`);
  return answer.body;
}

export async function provisionNumbers(
  t: TestApp,
  pool: 'dedicated' | 'shared' | 'extension',
  count: number,
  /** The simulator has US and CA numbers, and CN (+86 170 0555 01xx) for +86 buyers. */
  country: 'US' | 'CA' | 'CN' = 'US',
): Promise<{ id: string; e164: string }[]> {
  const answer = await t.admin('POST', '/v1/admin/numbers', { country, count, pool });
  if (answer.status !== 201) throw new Error(`numbers not provisioned: ${answer.status} ${answer.text}`);
  return answer.body.numbers;
}

export function checkout(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { orderId: uniqueOrderId(), buyerPhone: uniquePhone(), ...overrides };
}
