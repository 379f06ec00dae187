import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { PhoneCipher } from '../../src/common/phone-cipher.service.js';
import { phone } from './phones.js';
import { TENANT, tenantKeyHash } from './veil.js';

export async function seedTenant(client: pg.Client): Promise<void> {
  await client.query(`INSERT INTO tenant (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [TENANT.id, TENANT.name]);
  await client.query(`INSERT INTO tenant_api_key (tenant_id, key_hash, key_prefix) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
    TENANT.id,
    tenantKeyHash(),
    TENANT.apiKey.slice(0, 9),
  ]);
}

/**
 * Relay numbers straight into the pool: `count` numbers of one pool, numbered from `first` in the relay
 * range, created in e164 order (the shared pool's first-fit order is creation, then number).
 */
export async function seedRelayNumbers(
  client: pg.Client,
  options: { first?: number; count: number; pool: 'shared' | 'dedicated' | 'extension'; status?: string; at?: Date },
): Promise<{ id: string; e164: string }[]> {
  const first = options.first ?? 0;
  const e164s = Array.from({ length: options.count }, (_, i) => phone('relay', first + i));
  const at = options.at ?? new Date();
  const { rows } = await client.query<{ id: string; e164: string }>(
    `INSERT INTO relay_number (e164, calling_code, country, area_code, pool, status, provider, available_since, created_at, updated_at)
     SELECT e164, '1', 'US', substr(e164, 3, 3), $2, $3, 'simulator', $4::timestamptz, $4::timestamptz + make_interval(secs => ord / 1000.0), $4
       FROM unnest($1::text[]) WITH ORDINALITY AS u(e164, ord)
     RETURNING id, e164`,
    [e164s, options.pool, options.status ?? 'available', at],
  );
  const byE164 = new Map(rows.map((r) => [r.e164, r]));
  return e164s.map((e) => byE164.get(e)!);
}

export interface SeedBinding {
  relay: { id: string; e164: string };
  mode: 'shared' | 'dedicated';
  expiresAt: Date;
  parties: { role: 'buyer' | 'courier' | 'merchant'; e164: string }[];
}

/**
 * Active bindings with their parties, sealed by Veil's own cipher (real keyed hashes, ciphertexts and
 * pair hashes), so routing finds them exactly as it finds checkouts. Multi-row inserts from arrays.
 */
export async function seedBindings(client: pg.Client, cipher: PhoneCipher, bindings: SeedBinding[], now = new Date()) {
  const windowCap = new Date(now.getTime() + 90 * 86_400_000);
  for (let start = 0; start < bindings.length; start += 5000) {
    const chunk = bindings.slice(start, start + 5000);
    const ids = chunk.map(() => randomUUID());
    await client.query(
      `INSERT INTO binding (id, tenant_id, order_id, mode, status, relay_number_id, expires_at, window_cap_at, created_at, updated_at)
       SELECT u.id, $1, u.order_id, u.mode, 'active', u.relay_id, u.expires_at, GREATEST(u.expires_at, $5), $6, $6
         FROM unnest($2::uuid[], $3::text[], $4::text[], $7::uuid[], $8::timestamptz[]) AS u(id, order_id, mode, relay_id, expires_at)`,
      [
        TENANT.id,
        ids,
        chunk.map((_, i) => `seed-${start + i}`),
        chunk.map((b) => b.mode),
        windowCap,
        now,
        chunk.map((b) => b.relay.id),
        chunk.map((b) => b.expiresAt),
      ],
    );
    const cols = {
      binding: [] as string[],
      relay: [] as string[],
      role: [] as string[],
      hash: [] as Buffer[],
      enc: [] as string[],
      pair: [] as Buffer[],
      masked: [] as string[],
    };
    chunk.forEach((b, i) => {
      for (const party of b.parties) {
        const hash = cipher.hash(party.e164);
        cols.binding.push(ids[i]!);
        cols.relay.push(b.relay.id);
        cols.role.push(party.role);
        cols.hash.push(hash);
        cols.enc.push(cipher.encrypt(party.e164));
        cols.pair.push(cipher.pairHash(b.relay.e164, party.e164));
        cols.masked.push(`${party.e164.slice(0, 2)} ${party.e164.slice(2, 5)}****${party.e164.slice(-4)}`);
      }
    });
    await client.query(
      `INSERT INTO participant (binding_id, relay_number_id, role, phone_hash, phone_enc, pair_hash, phone_masked, active, created_at)
       SELECT u.binding_id, u.relay_id, u.role, u.hash, u.enc, u.pair, u.masked, true, $8
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bytea[], $5::text[], $6::bytea[], $7::text[])
           AS u(binding_id, relay_id, role, hash, enc, pair, masked)`,
      [cols.binding, cols.relay, cols.role, cols.hash, cols.enc, cols.pair, cols.masked, now],
    );
  }
}
