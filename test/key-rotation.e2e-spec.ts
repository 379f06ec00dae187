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
      (await postWebhook(app.url, '/webhooks/twilio/voice', voiceParams(courier, relay))).twiml.Response.Dial?.Number;

    // Rotated: new key, old key kept for reading.
    t = await startTestApp({ DATA_ENCRYPTION_KEY: NEW_KEY, DATA_ENCRYPTION_PREVIOUS_KEYS: OLD_KEY });
    try {
      expect(await dial(t)).toBe(buyer);
      const keyIds = async () =>
        (await t.dataSource.query(`SELECT DISTINCT split_part(phone_enc, '.', 2) AS k FROM participant`)).map(
          (r: { k: string }) => r.k,
        );
      expect(await keyIds()).toEqual(['k1']);
      expect(await reencryptPhones(t.dataSource, t.app.get(PhoneCipher), 1)).toBe(2);
      expect(await keyIds()).toEqual(['k2']);
      expect(await reencryptPhones(t.dataSource, t.app.get(PhoneCipher))).toBe(0);
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
});
