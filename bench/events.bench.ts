import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withClient } from './lib/database.js';
import { mergeRuns, runLoad, writeBodies, type LoadResult } from './lib/load.js';
import { phone } from './lib/phones.js';
import { freePort, startVeil, type Child } from './lib/processes.js';
import { fmt, type BenchContext, type BenchOutcome } from './lib/report.js';
import { seedBindings, seedRelayNumbers, seedTenant } from './lib/seed.js';
import { SECRETS, TENANT, veilCipher, veilEnv } from './lib/veil.js';

const BACKLOG = 20_000;
const BACKLOG_BINDINGS = 2_000;
const CHECKOUTS_PER_ROUND = 3_000;
const ROUNDS = 2;
const SMS_SECONDS = 5;
const CONNECTIONS = 32;
const TEXT_BINDINGS = 2_000;

/**
 * Benchmark: events. (1) Delivery: a backlog of 20,000 events (2,000 bindings x 10) in the outbox, one
 * Veil instance, a local receiver answering 200: events delivered per second, batches of up to 50.
 * (2) The outbox's cost: checkouts and text webhooks with the tenant's endpoint registered (every change
 * writes its event, and the worker delivers them meanwhile) against the same load with no endpoint (no
 * event written), in alternating rounds of one run, as a ratio.
 */
export async function eventsBench(ctx: BenchContext): Promise<BenchOutcome> {
  const { db, log } = ctx;
  await db.reset();
  const cipher = await veilCipher();
  const pairs: [string, string][] = [];
  await withClient(db.url, async (client) => {
    await seedTenant(client);
    await seedRelayNumbers(client, { count: 1_000, pool: 'shared' });
    const relays = await seedRelayNumbers(client, { first: 5_000, count: 200, pool: 'shared' });
    const expiresAt = new Date(Date.now() + 30 * 86_400_000);
    await seedBindings(
      client,
      cipher,
      Array.from({ length: TEXT_BINDINGS }, (_, j) => {
        const relay = relays[j % relays.length]!;
        const courier = phone('courier', 10_000 + j);
        pairs.push([courier, relay.e164]);
        return {
          relay,
          mode: 'shared' as const,
          expiresAt,
          parties: [
            { role: 'buyer' as const, e164: phone('buyer', 500_000 + j) },
            { role: 'courier' as const, e164: courier },
          ],
        };
      }),
    );
    await client.query('VACUUM ANALYZE');
  });

  // The platform's endpoint: counts events, answers 200.
  let received = 0;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received += (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: unknown[] }).events.length;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events`;

  const dataDir = mkdtempSync(join(tmpdir(), 'veil-bench-veil-'));
  let veil: Child | null = null;
  const outbox = () =>
    withClient(db.url, async (c) => Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM event_outbox')).rows[0]!.n));
  try {
    const port = await freePort();
    // The receiver is on loopback: the production address rules are relaxed for it, on purpose.
    veil = await startVeil(
      'veil',
      port,
      veilEnv({ port, databaseUrl: db.url, dataDir, extra: { EVENT_ALLOW_PRIVATE_ENDPOINTS: 'true', EVENT_POLL_MS: '100' } }),
    );
    const auth = { authorization: `Bearer ${TENANT.apiKey}`, 'content-type': 'application/json' };
    const endpoint = async (on: boolean) => {
      const response = await fetch(`${veil!.url}/v1/webhook`, {
        method: on ? 'PUT' : 'DELETE',
        headers: on ? auth : { authorization: auth.authorization },
        body: on ? JSON.stringify({ url: receiverUrl }) : undefined,
      });
      // 404: there was no endpoint to remove.
      if (![200, 201, 204, 404].includes(response.status)) throw new Error(`webhook ${on ? 'PUT' : 'DELETE'}: ${response.status}`);
    };
    const drained = async () => {
      for (let i = 0; i < 1200 && (await outbox()) > 0; i++) await sleep(50);
    };

    // (2) the cost, first: rounds without and with the endpoint, checkouts then texts.
    const runs: Record<'checkout' | 'sms', Record<'off' | 'on', LoadResult[]>> = {
      checkout: { off: [], on: [] },
      sms: { off: [], on: [] },
    };
    let order = 0;
    let sids = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of ['off', 'on'] as const) {
        await endpoint(mode === 'on');
        const bodies = Array.from({ length: CHECKOUTS_PER_ROUND + 300 }, () => {
          order += 1;
          return {
            orderId: `events-bench-${order}`,
            buyerPhone: phone('buyer', order),
            mode: 'shared',
            windowDays: 15,
            counterparts: [{ phone: phone('courier', order % 200), role: 'courier' }],
          };
        });
        log(`round ${round}/${ROUNDS}, endpoint ${mode}: ${CHECKOUTS_PER_ROUND} checkouts, then ${SMS_SECONDS} s of texts`);
        const checkout = await runLoad({
          label: `checkout endpoint ${mode} round ${round}`,
          url: veil.url,
          serverPid: veil.pid,
          databaseName: db.localName ?? undefined,
          connections: CONNECTIONS,
          warmupAmount: 300,
          amount: CHECKOUTS_PER_ROUND,
          requests: { kind: 'json', path: '/v1/bindings', headers: auth, bodiesFile: writeBodies(`events-${order}`, bodies) },
        });
        runs.checkout[mode].push(checkout);
        await withClient(db.url, (c) => c.query('UPDATE participant SET sms_window_count = 0, sms_window_started_at = NULL'));
        const sms = await runLoad({
          label: `sms endpoint ${mode} round ${round}`,
          url: veil.url,
          serverPid: veil.pid,
          databaseName: db.localName ?? undefined,
          connections: CONNECTIONS,
          warmupSec: 1,
          durationSec: SMS_SECONDS,
          requests: {
            kind: 'twilio',
            channel: 'sms',
            path: '/webhooks/twilio/sms',
            authToken: SECRETS.TWILIO_AUTH_TOKEN,
            publicBaseUrl: SECRETS.PUBLIC_BASE_URL,
            pairs,
            count: 60_000,
            sidSeed: `ev${(++sids).toString(36)}x`,
          },
        });
        runs.sms[mode].push(sms);
        log(`  checkouts ${fmt.n(checkout.rps)}/s, texts ${fmt.n(sms.rps)}/s`);
        if (mode === 'on') await drained();
      }
    }
    const merged = {
      checkout: { off: mergeRuns('checkout off', runs.checkout.off), on: mergeRuns('checkout on', runs.checkout.on) },
      sms: { off: mergeRuns('sms off', runs.sms.off), on: mergeRuns('sms on', runs.sms.on) },
    };

    // (1) delivery: a backlog written at once, timed until the outbox is empty.
    await endpoint(true);
    await drained();
    received = 0;
    await withClient(db.url, (c) =>
      c.query(
        `INSERT INTO event_outbox (tenant_id, binding_id, order_id, type, seq, payload, created_at, due_at)
         SELECT $1, md5('bench' || b)::uuid, 'order-' || b, 'binding.extended', s, '{"by":"platform"}'::jsonb, now(), now()
           FROM generate_series(1, $2::int) b, generate_series(1, $3::int) s ORDER BY s, b`,
        [TENANT.id, BACKLOG_BINDINGS, BACKLOG / BACKLOG_BINDINGS],
      ),
    );
    log(`delivery: ${BACKLOG} events in the outbox`);
    const started = process.hrtime.bigint();
    while (received < BACKLOG) {
      await sleep(20);
      if (Number(process.hrtime.bigint() - started) / 1e9 > 120) break;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const perSecond = received / seconds;
    log(`  ${fmt.n(received)} events in ${fmt.s(seconds)}: ${fmt.n(perSecond)} events/s`);

    const cost = (kind: 'checkout' | 'sms') => merged[kind].on.rps / merged[kind].off.rps;
    const costRow = (kind: 'checkout' | 'sms', label: string) => {
      const ratio = cost(kind);
      return {
        metric: `${label}/s with the endpoint / without (outbox on / off)`,
        value: `${fmt.n(merged[kind].on.rps)} / ${fmt.n(merged[kind].off.rps)} = ${fmt.ratio(ratio)} (cost ${fmt.n((1 - ratio) * 100, 1)}%)`,
        target: 'cost <= 10%',
        met: ratio >= 0.9,
      };
    };
    return {
      rows: [
        {
          metric: `events delivered/s (backlog of ${fmt.n(BACKLOG)}, local receiver, batches of <= 50)`,
          value: `${fmt.n(perSecond)}${received < BACKLOG ? ` (${fmt.n(received)} of ${fmt.n(BACKLOG)} at the cap)` : ''}`,
          target: '>= 2,000/s',
          met: received >= BACKLOG && perSecond >= 2000,
        },
        costRow('checkout', 'checkouts'),
        costRow('sms', 'text webhooks'),
      ],
      details: { delivery: { events: received, seconds, perSecond }, cost: merged },
    };
  } finally {
    await veil?.stop();
    receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
