import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, type EncryptionKey } from '../config/app.config.js';

const FORMAT = 'v1';

/**
 * Real phone numbers at rest: AES-256-GCM with a key id (so a rotated key still decrypts old rows), and
 * an HMAC-SHA256 keyed hash for equality lookups that never needs the plaintext.
 */
@Injectable()
export class PhoneCipher {
  private readonly current: EncryptionKey;
  private readonly keys: Map<string, Buffer>;
  private readonly hashKey: Buffer;

  constructor(config: AppConfig) {
    this.current = config.dataEncryptionKey;
    this.keys = new Map([...config.previousEncryptionKeys, config.dataEncryptionKey].map((k) => [k.id, k.key]));
    this.hashKey = config.lookupHashKey;
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  /** `v1.<key id>.<iv>.<ciphertext>.<tag>`, base64url parts. */
  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT, this.current.id, iv.toString('base64url'), ciphertext.toString('base64url'), tag.toString('base64url')].join(
      '.',
    );
  }

  decrypt(sealed: string): string {
    const [format, keyId, iv, ciphertext, tag] = sealed.split('.');
    if (format !== FORMAT || !keyId || !iv || !ciphertext || !tag) throw new Error('Unrecognised ciphertext format');
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`No encryption key with id ${keyId} is configured`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  keyIdOf(sealed: string): string {
    return sealed.split('.')[1] ?? '';
  }

  /** Keyed hash of one phone number (E.164). */
  hash(e164: string): Buffer {
    return createHmac('sha256', this.hashKey).update(`phone:${e164}`).digest();
  }

  /**
   * Keyed hash of (relay number, phone): lets routing recognise a former party without linking numbers.
   * Keyed through the phone's own keyed hash, so the database can compute it too (`pairHashSql`) and a
   * checkout stays one statement.
   */
  pairHash(relayE164: string, phoneE164: string): Buffer {
    return pairHashOf(relayE164, this.hash(phoneE164));
  }
}

export function pairHashOf(relayE164: string, phoneHash: Buffer): Buffer {
  return createHash('sha256').update(`${relayE164}:`, 'utf8').update(phoneHash).digest();
}

/** The same as `pairHashOf`, in SQL, for a relay number column and a phone hash column. */
export function pairHashSql(relayE164Column: string, phoneHashColumn: string): string {
  return `sha256(convert_to(${relayE164Column} || ':', 'UTF8') || ${phoneHashColumn})`;
}
