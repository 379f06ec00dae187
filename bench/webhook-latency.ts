import { performance } from 'node:perf_hooks';
import twilio from 'twilio';
import { loadConfig, loadDotEnv } from '../src/config/app.config.js';

/**
 * Answer latency of the voice and SMS webhooks of a running Veil (npm start): a checkout, then N signed
 * webhooks from its courier, one at a time, each timed from send to full answer.
 *   npx tsx bench/webhook-latency.ts [count]
 */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env, { persistDevSecrets: false });
  const base = process.env.SIM_TARGET_URL ?? `http://127.0.0.1:${config.port}`;
  const count = Number(process.argv[2] ?? 1000);
  const json = async (path: string, token: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, any>;
  };
  const tenant = await json('/v1/admin/tenants', config.adminToken, { name: 'latency-bench' });
  const courier = '+13105550142';
  const binding = await json('/v1/bindings', tenant.apiKey, {
    orderId: `bench-${Date.now()}`,
    buyerPhone: '+14155550143',
    counterparts: [{ phone: courier, role: 'courier' }],
  });

  for (const channel of ['voice', 'sms'] as const) {
    const path = `/webhooks/twilio/${channel}`;
    const samples: number[] = [];
    for (let i = 0; i < count + 50; i++) {
      const sid = `${channel === 'voice' ? 'CA' : 'SM'}${String(i).padStart(32, '0')}${Date.now()}`.slice(0, 34);
      const params: Record<string, string> =
        channel === 'voice'
          ? { CallSid: sid, From: courier, To: binding.relayNumber, CallStatus: 'ringing' }
          : { MessageSid: sid, From: courier, To: binding.relayNumber, Body: 'At your door' };
      const signature = twilio.getExpectedTwilioSignature(config.twilioAuthToken, `${config.publicBaseUrl}${path}`, params);
      const started = performance.now();
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params).toString(),
      });
      await response.text();
      if (i >= 50) samples.push(performance.now() - started); // the first 50 warm up
    }
    samples.sort((a, b) => a - b);
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(2);
    console.log(`${channel}: ${count} requests, median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
