import { randomBytes } from 'node:crypto';
import { reencryptPhones } from '../src/bindings/phone-reencryption.js';
import { PhoneCipher } from '../src/common/phone-cipher.service.js';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { postWebhook, voiceParams } from './support/twilio-webhooks.js';

const OLD_KEY = `k1:${randomBytes(32).toString('base64')}`;
const NEW_KEY = `k2:${randomBytes(32).toString('base64')}`;

describe('encryption key rotation', () => {
  it('old rows still decrypt after rotation, the command re-encrypts them, and the old key can then go', async () => {
    let t: TestApp = await startTestApp({ DATA_ENCRYPTION_KEY: OLD_KEY });
    const buyer = uniquePhone();
    const courier = uniquePhone();
    let relay: string;
    try {
      await resetDatabase(t.dataSource);
      const { apiKey } = await createTenant(t);
      await provisionNumbers(t, 'dedicated', 1);
      relay = (
        await t.request('POST', '/v1/bindings', {
          token: apiKey,
          body: checkout({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] }),
        })
      ).body.relayNumber;
    } finally {
      await t.close();
    }
    const dial = async (app: TestApp) =>
      // The number dialled, whether the leg is screened (`<Number url=…>`) or not.
      ((number) => number?.['#text'] ?? number)(
        (await postWebhook(app.url, '/webhooks/twilio/voice', voiceParams(courier, relay))).twiml.Response.Dial?.Number,
      );

    // Rotated: new key, old key kept for reading.
    t = await startTestApp({ DATA_ENCRYPTION_KEY: NEW_KEY, DATA_ENCRYPTION_PREVIOUS_KEYS: OLD_KEY });
    try {
      expect(await dial(t)).toBe(buyer);
      const keyIds = async () =>
        (await t.dataSource.query(`SELECT DISTINCT split_part(phone_enc, '.', 2) AS k FROM participant`)).map(
          (r: { k: string }) => r.k,
        );
      expect(await keyIds()).toEqual(['k1']);
      expect(await reencryptPhones(t.dataSource, t.app.get(PhoneCipher), { batchSize: 1 })).toEqual({ reencrypted: 2, remaining: 0 });
      expect(await keyIds()).toEqual(['k2']);
      expect(await reencryptPhones(t.dataSource, t.app.get(PhoneCipher))).toEqual({ reencrypted: 0, remaining: 0 });
    } finally {
      await t.close();
    }

    // The old key retired: everything still reads.
    t = await startTestApp({ DATA_ENCRYPTION_KEY: NEW_KEY });
    try {
      expect(await dial(t)).toBe(buyer);
    } finally {
      await t.close();
    }
  });

  it('a row another connection holds is revisited until it is free, or counted as remaining', async () => {
    let t: TestApp = await startTestApp({ DATA_ENCRYPTION_KEY: OLD_KEY });
    let bindingId: string;
    try {
      await resetDatabase(t.dataSource);
      const { apiKey } = await createTenant(t);
      await provisionNumbers(t, 'dedicated', 1);
      bindingId = (
        await t.request('POST', '/v1/bindings', {
          token: apiKey,
          body: checkout({ counterparts: [{ phone: uniquePhone(), role: 'courier' }, { phone: uniquePhone(), role: 'merchant' }] }),
        })
      ).body.id;
    } finally {
      await t.close();
    }
    t = await startTestApp({ DATA_ENCRYPTION_KEY: NEW_KEY, DATA_ENCRYPTION_PREVIOUS_KEYS: OLD_KEY });
    const cipher = t.app.get(PhoneCipher);
    const onKey = async (key: string) =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM participant WHERE split_part(phone_enc, '.', 2) = $1`, [key]))[0].n;
    // The buyer's row held by another connection, as a routing transaction would hold it.
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    try {
      await holder.startTransaction();
      await holder.query(`SELECT id FROM participant WHERE binding_id = $1 AND role = 'buyer' FOR UPDATE`, [bindingId]);

      // Held through every revisit: the command says one row is left on the old key.
      expect(await reencryptPhones(t.dataSource, cipher, { revisits: 2, revisitDelayMs: 5 })).toEqual({ reencrypted: 2, remaining: 1 });
      expect(await onKey('k1')).toBe(1);

      // Freed while the command waits: it comes back for the row and finishes with none left.
      const running = reencryptPhones(t.dataSource, cipher, { revisits: 1000, revisitDelayMs: 5 });
      // Its first pass (milliseconds) has skipped the held row by the time the holder lets go.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await holder.commitTransaction();
      expect(await running).toEqual({ reencrypted: 1, remaining: 0 });
      expect(await onKey('k1')).toBe(0);
      expect(await onKey('k2')).toBe(3);
    } finally {
      await holder.release();
      await t.close();
    }
  });
});
