import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { ADMIN_TOKEN, resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { postWebhook, smsParams } from './support/twilio-webhooks.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = 'docs/screenshots';
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

  const phone = (prefix?: string) => {
    const p = uniquePhone(prefix);
    realNumbers.push(p);
    return p;
  };
  const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
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
    await provisionNumbers(t, 'dedicated', 3);
    await provisionNumbers(t, 'shared', 2);
    const courier = phone();
    for (let i = 0; i < 4; i++) {
      const answer = await t.request('POST', '/v1/bindings', {
        token: shop.apiKey,
        body: checkout({ buyerPhone: phone(), mode: i % 2 ? 'shared' : 'dedicated', counterparts: [{ phone: courier, role: 'courier' }] }),
      });
      expect(answer.status).toBe(201);
    }
    const merchant = phone();
    const promoted = await t.request('POST', '/v1/bindings', {
      token: shop.apiKey,
      body: checkout({ buyerPhone: phone(), counterparts: [{ phone: merchant, role: 'merchant' }] }),
    });
    orderToClose = promoted.body.orderId;
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(merchant, promoted.body.relayNumber, PROMOTION));
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(merchant, promoted.body.relayNumber, 'Your sneakers shipped today'));
    await t.flushRecords();

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    context = await browser.newContext({ viewport: LAPTOP });
    page = await context.newPage();
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
    await keep();
    await screenshot('binding-detail-laptop');
    await byTestId('close-binding').click();
    await expectText(byTestId('binding-status'), /closed/i);
    const api = (await t.admin('GET', `/v1/admin/bindings?orderId=${encodeURIComponent(orderToClose)}`)).body;
    expect(api.items[0].status).toBe('closed');
    await keep();
  });

  it('shows the blocked promotion with the reasons it was blocked', async () => {
    await byTestId('nav-blocked').click();
    await expectCount(byTestId('blocked-row'), 1);
    const row = (await byTestId('blocked-row').first().textContent()) ?? '';
    expect(row.toLowerCase()).toContain('marketing');
    expect(row).toContain('unsubscribe_footer');
    expect(row).toContain('Member Day');
    await keep();
    await screenshot('blocked-laptop');
    await screenshot('blocked-phone', PHONE);
  });

  it('lists the admin actions in the audit log', async () => {
    await byTestId('nav-audit').click();
    await byTestId('audit-row').first().waitFor();
    const text = (await page.locator('body').textContent()) ?? '';
    for (const action of ['binding.closed', 'numbers.provisioned', 'tenant.created']) expect(text).toContain(action);
    await keep();
    await screenshot('audit-laptop');
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
