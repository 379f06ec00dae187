import type { DataSource } from 'typeorm';
import type { PhoneCipher } from '../common/phone-cipher.service.js';
import { queryRows } from '../database/sql.js';

/**
 * After a key rotation (new DATA_ENCRYPTION_KEY, the old one in DATA_ENCRYPTION_PREVIOUS_KEYS), seals
 * every stored real number again with the current key, in batches that other instances skip while
 * they run. Keyed hashes are untouched (LOOKUP_HASH_KEY does not change). Safe to run while Veil serves.
 */
export async function reencryptPhones(dataSource: DataSource, cipher: PhoneCipher, batchSize = 500): Promise<number> {
  const currentPrefix = `v1.${cipher.currentKeyId}.`;
  let total = 0;
  for (;;) {
    const done = await dataSource.transaction(async (tx) => {
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
    total += done;
    if (done === 0) return total;
  }
}
