import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { postWebhook, smsParams } from './support/twilio-webhooks.js';

// Promotional (over the report threshold) but under the blocking threshold: one copy alone is forwarded.
const NEWSLETTER = (name: string, order: number) =>
  `Hi ${name}, thanks for your order ${order}! We have more like it in store now, have a look at northpeak.com`;
const OUTSIDE = "I'm outside with your parcel, please come down";
const NAMES = ['Anna', 'Tom', 'Priya', 'Mo', 'Chloe', 'Dan', 'Ali', 'Kate', 'Ben', 'Lucy'];

describe('campaigns and buyer reports, through signed webhooks', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({ CAMPAIGN_MIN_BUYERS: '5', REPORT_MIN_BUYERS: '3' });
  });
  beforeEach(async () => {
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
    await provisionNumbers(t, 'dedicated', 12);
  });
  afterAll(() => t.close());

  /** Ten orders from one store (and one courier), each with its own buyer on its own relay number. */
  const tenOrders = async () => {
    const merchant = uniquePhone();
    const courier = uniquePhone();
    const orders: { buyer: string; relay: string; bindingId: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const buyer = uniquePhone();
      const answer = await t.request('POST', '/v1/bindings', {
        token: key,
        body: checkout({
          buyerPhone: buyer,
          counterparts: [
            { phone: merchant, role: 'merchant' },
            { phone: courier, role: 'courier' },
          ],
        }),
      });
      expect(answer.status).toBe(201);
      orders.push({ buyer, relay: answer.body.relayNumber, bindingId: answer.body.id });
    }
    return { merchant, courier, orders };
  };
  const text = async (from: string, to: string, body: string) => {
    t.clock.advanceSeconds(1);
    const answer = await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(from, to, body));
    expect(answer.status).toBe(200);
    return answer;
  };
  const forwarded = (answer: Awaited<ReturnType<typeof text>>) => answer.twiml?.Response?.Message?.['@_to'] !== undefined;
  const records = async () => {
    await t.flushRecords();
    return t.dataSource.query(`SELECT outcome, reason, reasons, body FROM message_record ORDER BY received_at`);
  };

  it('forwards one copy of a store newsletter, and blocks it once the store sends it to many buyers', async () => {
    const { merchant, orders } = await tenOrders();
    const outcomes: boolean[] = [];
    for (const [i, order] of orders.entries())
      outcomes.push(forwarded(await text(merchant, order.relay, NEWSLETTER(NAMES[i]!, 1000 + i))));
    // Copies one to four reach their buyers; from the fifth buyer on it is a campaign.
    expect(outcomes).toEqual([true, true, true, true, false, false, false, false, false, false]);
    const blocked = (await records()).filter((r: { outcome: string }) => r.outcome === 'blocked');
    expect(blocked).toHaveLength(6);
    for (const record of blocked) {
      expect(record.reason).toBe('marketing');
      expect(record.reasons).toContain('campaign');
    }
    // No body of a forwarded text is kept; fingerprints are keyed hashes.
    const fingerprints = await t.dataSource.query(`SELECT * FROM text_fingerprint`);
    expect(fingerprints.length).toBe(10 * 8);
    expect(JSON.stringify(fingerprints)).not.toContain('autumn');
  });

  it("a blocked campaign copy never becomes the buyer's last texter: the reply and TD go to the courier", async () => {
    const { merchant, courier, orders } = await tenOrders();
    for (const [i, order] of orders.slice(0, 4).entries()) await text(merchant, order.relay, NEWSLETTER(NAMES[i]!, 1000 + i));
    const order = orders[4]!;
    expect(forwarded(await text(courier, order.relay, OUTSIDE))).toBe(true);
    // The fifth copy is a campaign: blocked, after the courier's text was forwarded.
    expect(forwarded(await text(merchant, order.relay, NEWSLETTER('Chloe', 1004)))).toBe(false);
    expect((await records()).at(-1).reasons).toContain('campaign');

    const reply = await text(order.buyer, order.relay, 'Coming down now');
    expect(reply.twiml?.Response?.Message?.['@_to']).toBe(courier);
    const stop = await text(order.buyer, order.relay, 'TD');
    expect(String(stop.twiml?.Response?.Message?.['#text'] ?? stop.twiml?.Response?.Message)).toMatch(/the courier/);
    const parties = await t.dataSource.query(
      `SELECT role, opted_out_at IS NOT NULL AS opted_out FROM participant WHERE binding_id = $1 AND role <> 'buyer' ORDER BY role`,
      [order.bindingId],
    );
    expect(parties).toEqual([
      { role: 'courier', opted_out: true },
      { role: 'merchant', opted_out: false },
    ]);
  });

  it('forgets fingerprints after CAMPAIGN_WINDOW_DAYS, and a campaign starts counting afresh', async () => {
    const { merchant, orders } = await tenOrders();
    for (const [i, order] of orders.slice(0, 4).entries()) await text(merchant, order.relay, NEWSLETTER(NAMES[i]!, 1000 + i));
    t.clock.advanceDays(4);
    await t.app.get(SweeperJob).runOnce();
    expect(await t.dataSource.query(`SELECT * FROM text_fingerprint`)).toEqual([]);
    // The fifth buyer is the first of a new window: forwarded.
    expect(forwarded(await text(merchant, orders[4]!.relay, NEWSLETTER('Chloe', 1004)))).toBe(true);
  });

  it('forwards a courier\'s "I\'m outside" to every buyer however many get it', async () => {
    const { courier, orders } = await tenOrders();
    for (const order of orders) expect(forwarded(await text(courier, order.relay, OUTSIDE))).toBe(true);
  });

  it('a campaign to ten buyers: one report protects the other nine', async () => {
    const { merchant, orders } = await tenOrders();
    const [first, ...others] = orders;
    expect(forwarded(await text(merchant, first!.relay, NEWSLETTER('Anna', 1000)))).toBe(true);
    const reply = await text(first!.buyer, first!.relay, '举报');
    expect(String(reply.twiml?.Response?.Message ?? '')).not.toBe('');
    for (const [i, order] of others.entries())
      expect(forwarded(await text(merchant, order.relay, NEWSLETTER(NAMES[i + 1]!, 2000 + i)))).toBe(false);
    const blocked = (await records()).filter(
      (r: { outcome: string; reason: string }) => r.outcome === 'blocked' && r.reason === 'marketing',
    );
    expect(blocked).toHaveLength(9);
    for (const record of blocked) expect(record.reasons).toContain('reported_campaign');
    // The store's other texts still reach the other buyers.
    expect(forwarded(await text(merchant, others[0]!.relay, 'Your order has shipped, tracking 1Z999AA10123456784'))).toBe(true);
  });

  it("one report never silences a courier's \"I'm outside\" for everyone; three buyers' reports do", async () => {
    const { courier, orders } = await tenOrders();
    const report = async (index: number) => {
      expect(forwarded(await text(courier, orders[index]!.relay, OUTSIDE))).toBe(true);
      await text(orders[index]!.buyer, orders[index]!.relay, 'SPAM');
    };
    await report(0);
    expect(forwarded(await text(courier, orders[5]!.relay, OUTSIDE))).toBe(true);
    await report(1);
    expect(forwarded(await text(courier, orders[6]!.relay, OUTSIDE))).toBe(true);
    await report(2);
    expect(forwarded(await text(courier, orders[7]!.relay, OUTSIDE))).toBe(false);
    const last = (await records()).at(-1);
    expect(last.reasons).toContain('reported_by_3_buyers');
  });

  it('shows reports to admins, who can undo a wrong one', async () => {
    const { courier, orders } = await tenOrders();
    for (const index of [0, 1, 2]) {
      await text(courier, orders[index]!.relay, OUTSIDE);
      await text(orders[index]!.buyer, orders[index]!.relay, '垃圾短信');
    }
    expect(forwarded(await text(courier, orders[8]!.relay, OUTSIDE))).toBe(false);

    const list = await t.admin('GET', '/v1/admin/reports');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(3);
    const [report] = list.body.items;
    expect(report).toMatchObject({ senderRole: 'courier', promotional: false, undoneAt: null, reporters: 3 });
    expect(report.senderMasked).toContain('****');
    expect(JSON.stringify(list.body)).not.toContain(courier);
    expect(JSON.stringify(list.body)).not.toContain(orders[0]!.buyer);

    const undone = await t.admin('POST', `/v1/admin/reports/${report.id}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body.undoneAt).not.toBeNull();
    expect(forwarded(await text(courier, orders[9]!.relay, OUTSIDE))).toBe(true);
    const audit = await t.admin('GET', '/v1/admin/audit');
    expect(JSON.stringify(audit.body)).toContain('report.undone');

    expect((await t.admin('POST', '/v1/admin/reports/00000000-0000-4000-8000-000000000000/undo')).status).toBe(404);
    expect((await t.admin('POST', '/v1/admin/reports/nope/undo')).status).toBe(404);
  });
});
