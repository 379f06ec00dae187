import type { DataSource } from 'typeorm';
import type { PhoneCipher } from '../common/phone-cipher.service.js';
import { queryRows } from '../database/sql.js';

export interface ReencryptionResult {
  /** Rows sealed again with the current key. */
  reencrypted: number;
  /** Rows still on an old key when the command gave up waiting for the transactions that hold them. */
  remaining: number;
}

export interface ReencryptionOptions {
  batchSize?: number;
  /** How many times to come back for rows other transactions held locked (routing touches party rows). */
  revisits?: number;
  /** The wait before the first revisit; each next one waits twice as long, up to 5 s. */
  revisitDelayMs?: number;
}

/**
 * After a key rotation (new DATA_ENCRYPTION_KEY, the old one in DATA_ENCRYPTION_PREVIOUS_KEYS), seals
 * every stored real number again with the current key, in batches that other instances skip while
 * they run. Keyed hashes are untouched (LOOKUP_HASH_KEY does not change). Safe to run while Veil serves.
 * Rows other transactions hold are skipped by SKIP LOCKED, then revisited after a pause; the answer
 * says how many are still on an old key if they stayed held through every revisit, so the old key is
 * dropped only when `remaining` is 0.
 */
export async function reencryptPhones(
  dataSource: DataSource,
  cipher: PhoneCipher,
  options: ReencryptionOptions = {},
): Promise<ReencryptionResult> {
  const { batchSize = 500, revisits = 10, revisitDelayMs = 200 } = options;
  const currentPrefix = `v1.${cipher.currentKeyId}.`;
  let reencrypted = 0;
  for (let revisit = 0; ; revisit++) {
    for (;;) {
      const done = await reencryptBatch(dataSource, cipher, currentPrefix, batchSize);
      reencrypted += done;
      if (done === 0) break;
    }
    const [{ n: remaining }] = (await queryRows<{ n: number }>(
      dataSource,
      `SELECT count(*)::int AS n FROM participant WHERE phone_enc IS NOT NULL AND left(phone_enc, length($1)) <> $1`,
      [currentPrefix],
    )) as [{ n: number }];
    if (remaining === 0 || revisit >= revisits) return { reencrypted, remaining };
    await new Promise((resolve) => setTimeout(resolve, Math.min(revisitDelayMs * 2 ** revisit, 5000)));
  }
}

/** One batch of rows on an old key that nobody holds; answers how many it sealed again. */
async function reencryptBatch(dataSource: DataSource, cipher: PhoneCipher, currentPrefix: string, batchSize: number): Promise<number> {
  return dataSource.transaction(async (tx) => {
    const rows = await queryRows<{ id: string; phone_enc: string }>(
      tx,
      `SELECT id, phone_enc FROM participant
        WHERE phone_enc IS NOT NULL AND left(phone_enc, length($1)) <> $1
        LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [currentPrefix, batchSize],
    );
    if (rows.length === 0) return 0;
    await queryRows(
      tx,
      `UPDATE participant p SET phone_enc = u.phone_enc
         FROM unnest($1::uuid[], $2::text[]) AS u(id, phone_enc) WHERE p.id = u.id`,
      [rows.map((r) => r.id), rows.map((r) => cipher.encrypt(cipher.decrypt(r.phone_enc)))],
    );
    return rows.length;
  });
}
