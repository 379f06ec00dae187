import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { ADMIN_TOKEN, resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { messageSid, postWebhook, smsParams, voiceParams } from './support/twilio-webhooks.js';

const CHROMIUM = '/usr/bin/chromium';
// A test run leaves the work tree as it was: the documentation's images are refreshed only on request
// (VEIL_SCREENSHOTS_DIR=docs/screenshots), otherwise they go to a temporary folder.
const SCREENSHOTS = process.env.VEIL_SCREENSHOTS_DIR || join(tmpdir(), 'veil-screenshots');
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PROMOTION = 'Member Day! 60% off all sneakers today only, shop now: m.tb.cn/h.9kQ1 Reply TD to unsubscribe';

/** The dashboard in Debian's Chromium, driven by playwright-core, against the real app and database. */
describe('admin dashboard in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const realNumbers: string[] = [];
  const pages: string[] = [];
  let orderToClose: string;
  let shopId: string;
  let shopKey: string;

  const phone = (prefix?: string) => {
    const p = uniquePhone(prefix);
    realNumbers.push(p);
    return p;
  };
  const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
  const chartOf = async (testId: string): Promise<DrawnChart> => {
    await byTestId(testId).waitFor();
    return byTestId(testId).evaluate((box) => {
      const { data } = (box as unknown as { chart: { data: DrawnChart } }).chart;
      return JSON.parse(JSON.stringify({ labels: data.labels ?? [], datasets: data.datasets })) as DrawnChart;
    });
  };
  const keep = async () => pages.push(await page.content());
  const screenshot = async (name: string, viewport = LAPTOP) => {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
    await page.setViewportSize(LAPTOP);
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    const shop = await createTenant(t, 'Sneaker Shop');
    shopId = shop.id;
    shopKey = shop.apiKey;
    await provisionNumbers(t, 'dedicated', 3);
    await provisionNumbers(t, 'shared', 2);
    const courier = phone();
    for (let i = 0; i < 4; i++) {
      // Checkouts spread over the day, so that the "numbers in use" chart has steps to draw.
      t.clock.advanceSeconds(i === 2 ? 8 * 3600 : 0);
      const answer = await t.request('POST', '/v1/bindings', {
        token: shop.apiKey,
        body: checkout({
          buyerPhone: phone(),
          mode: i % 2 ? 'shared' : 'dedicated',
          counterparts: [{ phone: courier, role: 'courier' }],
        }),
      });
      expect(answer.status).toBe(201);
    }
    t.clock.advanceSeconds(5 * 3600);
    const merchant = phone();
    const buyer = phone();
    const promoted = await t.request('POST', '/v1/bindings', {
      token: shop.apiKey,
      body: checkout({ buyerPhone: buyer, counterparts: [{ phone: merchant, role: 'merchant' }] }),
    });
    orderToClose = promoted.body.orderId;
    const relay = promoted.body.relayNumber;
    t.clock.advanceSeconds(7);
    await postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(merchant, relay));
    t.clock.advanceSeconds(5);
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(merchant, relay, PROMOTION));
    t.clock.advanceSeconds(5);
    const shipped = messageSid();
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(merchant, relay, 'Your sneakers shipped today', shipped));
    t.clock.advanceSeconds(5);
    await t.flushRecords();
    // The carrier could not deliver it: the phone was off (30003).
    await postWebhook(t.url, `/webhooks/twilio/sms/status?record=${shipped}`, {
      MessageSid: messageSid(),
      MessageStatus: 'undelivered',
      ErrorCode: '30003',
    });
    // The buyer's keyword: recorded apart, never a "blocked" text.
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(buyer, relay, 'HELP'));
    t.clock.advanceSeconds(5);
    await t.flushRecords();

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    context = await browser.newContext({ viewport: LAPTOP });
    page = await context.newPage();
    // The page's "now" is the app's (the test clock), so that "in 17 days" and "27 seconds ago" read true.
    await page.clock.setFixedTime(t.clock.now());
    page.on('dialog', (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('refuses a wrong token and says so', async () => {
    await page.goto(`${t.url}/admin`);
    await byTestId('token-input').fill('definitely-not-the-token');
    await byTestId('sign-in').click();
    await expectText(byTestId('login-error'), /wrong admin token/i);
    await keep();
    await screenshot('login-wrong-token');
  });

  it('logs in with the token and shows the overview numbers the API gives', async () => {
    await byTestId('token-input').fill(ADMIN_TOKEN);
    await byTestId('sign-in').click();
    await byTestId('active-bindings').waitFor();
    const api = (await t.admin('GET', '/v1/admin/overview')).body;
    expect(api.bindings.active).toBe(5);
    for (const [id, value] of [
      ['active-bindings', api.bindings.active],
      ['expiring-24h', api.bindings.expiringIn24h],
      ['expiring-7d', api.bindings.expiringIn7d],
      ['purges', api.purges],
    ] as const) {
      expect((await byTestId(id).textContent())?.trim()).toBe(String(value));
    }
    await keep();
    await screenshot('overview-laptop');
    await screenshot('overview-phone', PHONE);
  });

  it("counts the buyer's keyword apart from the blocked texts, in the API and on the charts", async () => {
    const api = (await t.admin('GET', '/v1/admin/overview')).body;
    // The one forwarded text was then not delivered (30003): its outcome is failed.
    expect(api.texts24h).toMatchObject({ connected: 0, failed: 1, blocked: 1, keyword: 1 });
    expect(api.blockedByReason).toEqual({ marketing: 1, opted_out: 0, rate_limited: 0, carrier_opt_out: 0 });
    const outcomes = await chartOf('chart-outcomes');
    const labels = outcomes.labels as string[];
    const texts = outcomes.datasets.find((d) => d.label.startsWith('Texts'))!.data as number[];
    expect(texts[labels.indexOf('Keyword')]).toBe(1);
    expect(texts[labels.indexOf('Blocked')]).toBe(1);
    const blocked = await chartOf('chart-blocked');
    expect(blocked.labels).toEqual(['Marketing', 'Opted out', 'Rate limited', 'Carrier opt out']);
    expect(blocked.datasets[0]!.data).toEqual([1, 0, 0, 0]);
  });

  it("draws the numbers in use as they were: stepped, unsmoothed, ending on the cards' figures", async () => {
    const api = (await t.admin('GET', '/v1/admin/overview')).body;
    const drawn = await chartOf('chart-pool-history');
    expect(drawn.datasets.map((d) => d.label)).toEqual(['Dedicated', 'Shared']);
    for (const [i, kind] of (['dedicated', 'shared'] as const).entries()) {
      const dataset = drawn.datasets[i]!;
      expect(dataset.stepped).toBe('before');
      expect(dataset.tension).toBe(0);
      // Exactly the API's change points, at their instants: no interpolated hourly samples.
      expect(dataset.data).toEqual(
        api.history.poolInUse.map((p: { at: string; dedicated: number; shared: number }) => ({
          x: Date.parse(p.at),
          y: p[kind],
        })),
      );
      const last = (dataset.data as { y: number }[]).at(-1)!.y;
      expect(String(last)).toBe((await byTestId(`pool-${kind}-in-use`).textContent())?.trim());
    }
    // Nothing was in use a day ago; each checkout is a step at its own instant, 8 and 5 hours apart.
    const dedicated = (drawn.datasets[0]!.data as { x: number; y: number }[]).map((p) => p.y);
    expect(dedicated).toEqual([0, 1, 2, 3, 3]);
    const steps = (drawn.datasets[0]!.data as { x: number }[]).map((p) => p.x);
    expect([steps[2]! - steps[1]!, steps[3]! - steps[2]!]).toEqual([8 * 3_600_000, 5 * 3_600_000]);
  });

  it('provisions numbers from the pool page and shows them in the table', async () => {
    await byTestId('nav-numbers').click();
    await byTestId('number-row').first().waitFor();
    const before = await byTestId('number-row').count();
    await byTestId('provision-count').fill('3');
    await byTestId('provision-pool').selectOption('shared');
    await byTestId('provision-submit').click();
    await expectCount(byTestId('number-row'), before + 3);
    const api = (await t.admin('GET', '/v1/admin/numbers')).body.numbers as { e164: string }[];
    expect(api).toHaveLength(before + 3);
    const table = (await page.locator('body').textContent()) ?? '';
    for (const number of api) expect(table).toContain(number.e164);
    await keep();
    await screenshot('numbers-laptop');
    await screenshot('numbers-phone', PHONE);
  });

  it('finds a binding by order id and closes it after a confirmation', async () => {
    await byTestId('nav-bindings').click();
    await byTestId('order-search').fill(orderToClose);
    await byTestId('order-search-button').click();
    await expectCount(byTestId('binding-row'), 1);
    await byTestId('binding-row').first().click();
    await byTestId('close-binding').waitFor();
    await expectCount(byTestId('text-row'), 3);
    await keep();
    await screenshot('binding-detail-laptop');
    await byTestId('close-binding').click();
    await expectText(byTestId('binding-status'), /closed/i);
    const api = (await t.admin('GET', `/v1/admin/bindings?orderId=${encodeURIComponent(orderToClose)}`)).body;
    expect(api.items[0].status).toBe('closed');
    await keep();
  });

  it("fits the binding page's tables at 1280 px, with times to the second", async () => {
    await page.setViewportSize(LAPTOP);
    await byTestId('call-row').first().waitFor();
    const overflow = {
      page: await page.locator('html').evaluate((root) => root.scrollWidth - root.clientWidth),
      tables: await page.locator('.table-wrap').evaluateAll((wraps) => wraps.map((wrap) => wrap.scrollWidth - wrap.clientWidth)),
    };
    expect(overflow.tables.length).toBeGreaterThanOrEqual(3); // counterparts, calls, texts
    expect(overflow).toEqual({ page: 0, tables: overflow.tables.map(() => 0) });
    const times = await page.locator('time').allTextContents();
    expect(times.length).toBeGreaterThanOrEqual(5);
    for (const time of times) expect(time).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    // The record times differ by seconds only, and the page shows them apart.
    const recordTimes = await page.locator('[data-testid="text-row"] time').allTextContents();
    expect(new Set(recordTimes).size).toBe(3);
    // The forwarded text the carrier could not deliver says so, with the reason and Twilio's code.
    await expectText(byTestId('delivery'), /undelivered.*unreachable \(30003\)/i);
  });

  it('shows when an ended binding ended, not when it would have expired', async () => {
    const closed = (await t.admin('GET', `/v1/admin/bindings?orderId=${encodeURIComponent(orderToClose)}`)).body.items[0];
    const ends = page.locator('.field-item', { has: byTestId('binding-ends') });
    expect(await ends.locator('dt').textContent()).toBe('Closed');
    expect(await byTestId('binding-ends').locator('time').getAttribute('datetime')).toBe(closed.endedAt);
    expect(await page.locator('.fields dt', { hasText: /expir/i }).count()).toBe(0);
    await keep();
    await screenshot('binding-closed-laptop');
    await byTestId('nav-bindings').click();
    await byTestId('order-search').fill(orderToClose);
    await byTestId('order-search-button').click();
    await expectCount(byTestId('binding-row'), 1);
    await expectText(byTestId('binding-expiry'), /^Closed/);
  });

  it("shows the blocked promotion with the reasons it was blocked, and the buyer's keyword apart", async () => {
    await byTestId('nav-blocked').click();
    await expectText(byTestId('blocked-total'), /^1 text$/);
    await expectCount(byTestId('blocked-row'), 1);
    const row = (await byTestId('blocked-row').first().textContent()) ?? '';
    expect(row.toLowerCase()).toContain('marketing');
    expect(row).toContain('unsubscribe_footer');
    expect(row).toContain('Member Day');
    await keep();
    await screenshot('blocked-laptop');
    await screenshot('blocked-phone', PHONE);
    await byTestId('outcome-keyword').click();
    await expectText(byTestId('blocked-total'), /^1 text$/);
    await expectText(byTestId('blocked-row').first(), /keyword_help/);
    await keep();
  });

  it("lists buyers' spam reports with the masked sender, and undoes one", async () => {
    const courier = phone();
    const buyer = phone();
    const answer = await t.request('POST', '/v1/bindings', {
      token: shopKey,
      body: checkout({ buyerPhone: buyer, mode: 'shared', counterparts: [{ phone: courier, role: 'courier' }] }),
    });
    expect(answer.status).toBe(201);
    t.clock.advanceSeconds(5);
    await postWebhook(
      t.url,
      '/webhooks/twilio/sms',
      smsParams(courier, answer.body.relayNumber, "I'm outside, please come down"),
    );
    t.clock.advanceSeconds(5);
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(buyer, answer.body.relayNumber, '举报'));
    expect((await t.admin('GET', '/v1/admin/reports')).body.total).toBe(1);
    await byTestId('nav-audit').click();
    await byTestId('nav-blocked').click();
    await expectCount(byTestId('report-row'), 1);
    const row = (await byTestId('report-row').first().textContent()) ?? '';
    expect(row).toContain('courier');
    expect(row).toContain('****');
    expect(row).not.toContain(courier);
    expect(row).not.toContain(buyer);
    await byTestId('undo-report').click();
    await expectText(byTestId('report-row').first(), /undone/i);
    expect((await t.admin('GET', '/v1/admin/reports')).body.items[0].undoneAt).not.toBeNull();
    await keep();
    // The later tests count the active bindings of the setup.
    await t.request('POST', `/v1/bindings/${answer.body.id}/close`, { token: shopKey });
  });

  it('lists the admin actions in the audit log, naming tenants, with the changes as readable fields', async () => {
    await byTestId('nav-audit').click();
    await byTestId('audit-row').first().waitFor();
    const text = (await page.locator('body').textContent()) ?? '';
    for (const action of ['binding.closed', 'numbers.provisioned', 'tenant.created']) expect(text).toContain(action);
    const row = (action: string) => byTestId('audit-row').filter({ hasText: action }).first();
    // The closed binding's tenant and the created tenant read as the tenant's name, not its id.
    expect(await row('binding.closed').locator('[data-testid="audit-tenant"]').textContent()).toBe('Sneaker Shop');
    expect(await row('tenant.created').locator('[data-testid="audit-tenant"]').first().textContent()).toBe('Sneaker Shop');
    expect(await row('binding.closed').textContent()).not.toContain(shopId);
    // Fields, not JSON: a label per change and its value.
    const fields = async (action: string) => {
      const terms = await row(action).locator('[data-testid="audit-details"] dt').allTextContents();
      const values = await row(action).locator('[data-testid="audit-details"] dd').allTextContents();
      return Object.fromEntries(terms.map((term, i) => [term, values[i]]));
    };
    expect(await fields('binding.closed')).toEqual({ 'Order id': orderToClose, Tenant: 'Sneaker Shop' });
    expect(await fields('numbers.provisioned')).toMatchObject({ Pool: expect.any(String), Country: 'US', 'Area code': '—' });
    expect(await page.locator('[data-testid="audit-row"]').allTextContents()).not.toContainEqual(expect.stringContaining('{"'));
    await keep();
    await screenshot('audit-laptop');
  });

  it('opens at /admin/ with a trailing slash', async () => {
    const response = await page.goto(`${t.url}/admin/`);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/admin');
    // Still signed in (the token stays in the tab): the overview, not a 404.
    await byTestId('active-bindings').waitFor();
    expect((await byTestId('active-bindings').textContent())?.trim()).toBe('4');
  });

  it('never puts a real phone number in any page it rendered', () => {
    expect(pages.length).toBeGreaterThanOrEqual(6);
    const html = pages.join('\n');
    expect(html).toContain('****');
    for (const real of realNumbers) {
      expect(html).not.toContain(real);
      expect(html).not.toContain(real.slice(2));
    }
  });
});

/** What a chart draws, read from the Chart.js instance the dashboard keeps on the chart's box. */
interface DrawnChart {
  labels: unknown[];
  datasets: { label: string; data: unknown[]; stepped?: unknown; tension?: number }[];
}

async function expectText(locator: ReturnType<Page['locator']>, pattern: RegExp): Promise<void> {
  await locator.waitFor();
  for (let i = 0; i < 50; i++) {
    if (pattern.test((await locator.textContent()) ?? '')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await locator.textContent()).toMatch(pattern);
}

async function expectCount(locator: ReturnType<Page['locator']>, count: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if ((await locator.count()) === count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await locator.count()).toBe(count);
}
