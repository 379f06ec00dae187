import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config/app.config.js';
import { PhoneCipher } from './phone-cipher.service.js';

const KEY_1 = `k1:${randomBytes(32).toString('base64')}`;
const KEY_2 = `k2:${randomBytes(32).toString('base64')}`;
const base = { NODE_ENV: 'test', ADMIN_TOKEN: 'x'.repeat(20), TWILIO_AUTH_TOKEN: 't', LOOKUP_HASH_KEY: 'h'.repeat(40) };
const cipherWith = (env: Record<string, string>) =>
  new PhoneCipher(loadConfig({ ...base, ...env }, { persistDevSecrets: false }));

describe('PhoneCipher', () => {
  it('round-trips with AES-256-GCM, a fresh IV each time and the key id in the ciphertext', () => {
    const cipher = cipherWith({ DATA_ENCRYPTION_KEY: KEY_1 });
    const a = cipher.encrypt('+14155552671');
    const b = cipher.encrypt('+14155552671');
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.k1.')).toBe(true);
    expect(a).not.toContain('4155552671');
    expect(cipher.decrypt(a)).toBe('+14155552671');
  });

  it('refuses a tampered ciphertext', () => {
    const cipher = cipherWith({ DATA_ENCRYPTION_KEY: KEY_1 });
    const parts = cipher.encrypt('+14155552671').split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0]! ^= 1;
    parts[3] = body.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
  });

  it('still decrypts rows sealed with a previous key after rotation, and seals new ones with the new key', () => {
    const sealedWithOld = cipherWith({ DATA_ENCRYPTION_KEY: KEY_1 }).encrypt('+8613812345678');
    const rotated = cipherWith({ DATA_ENCRYPTION_KEY: KEY_2, DATA_ENCRYPTION_PREVIOUS_KEYS: KEY_1 });
    expect(rotated.decrypt(sealedWithOld)).toBe('+8613812345678');
    expect(rotated.encrypt('+8613812345678').startsWith('v1.k2.')).toBe(true);
    expect(() => cipherWith({ DATA_ENCRYPTION_KEY: KEY_2 }).decrypt(sealedWithOld)).toThrow('No encryption key with id k1');
  });

  it('hashes with a key: stable for one key, different across keys, separate for pairs', () => {
    const one = cipherWith({ DATA_ENCRYPTION_KEY: KEY_1 });
    const other = new PhoneCipher(
      loadConfig({ ...base, DATA_ENCRYPTION_KEY: KEY_1, LOOKUP_HASH_KEY: 'z'.repeat(40) }, { persistDevSecrets: false }),
    );
    expect(one.hash('+14155552671').equals(one.hash('+14155552671'))).toBe(true);
    expect(one.hash('+14155552671').equals(other.hash('+14155552671'))).toBe(false);
    expect(one.pairHash('+12025550100', '+14155552671').equals(one.pairHash('+12025550101', '+14155552671'))).toBe(false);
    expect(one.hash('+14155552671')).toHaveLength(32);
  });
});
