import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { checkout, createTenant, provisionNumbers } from './factories/index.js';
import { EventReceiver } from './support/event-receiver.js';
import { ADMIN_TOKEN, resetDatabase, startTestApp, type TestApp } from './support/test-app.js';

const CHROMIUM = '/usr/bin/chromium';

/** The dashboard's tenants page in Debian's Chromium: create, keys, endpoint health and replay. */
describe('dashboard: tenants, keys and event endpoints in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let receiver: EventReceiver;
  let failingId: string;
  const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
  const row = (name: string) => byTestId('tenant-row').filter({ hasText: name });

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    t = await startTestApp({ EVENT_POLL_MS: '20', EVENT_TIMEOUT_MS: '400' });
    await resetDatabase(t.dataSource);
    // A tenant whose endpoint refuses everything: its event fails at once (400) and waits for a replay.
    receiver = await new EventReceiver().start();
    receiver.script = [{ status: 400 }];
    const failing = await createTenant(t, 'Failing Shop');
    failingId = failing.id;
    await t.request('PUT', '/v1/webhook', { token: failing.apiKey, body: { url: receiver.url } });
    await provisionNumbers(t, 'dedicated', 1);
    await t.request('POST', '/v1/bindings', { token: failing.apiKey, body: checkout() });
    await receiver.waitFor(() => receiver.requests.length === 1, 'the refused push');
    for (let i = 0; i < 100; i++) {
      if ((await t.admin('GET', `/v1/admin/tenants/${failingId}/events`)).body.failed === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
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
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${t.url}/admin`);
    await byTestId('token-input').fill(ADMIN_TOKEN);
    await byTestId('sign-in').click();
    await byTestId('nav-tenants').click();
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await t?.close();
  });

  it('creates a tenant and shows its key once', async () => {
    await byTestId('tenant-name-input').fill('Garden Store');
    await byTestId('create-tenant').click();
    await byTestId('tenants-notice').filter({ hasText: 'Garden Store created' }).waitFor();
    const key = /veil_[\w-]{43}/.exec(await byTestId('tenants-notice').innerText())![0];
    // The key works, and the list shows only its prefix.
    expect((await t.request('GET', '/v1/bindings?orderId=x', { token: key })).status).toBe(404);
    await row('Garden Store').waitFor();
    expect(await row('Garden Store').innerText()).toContain(`${key.slice(0, 9)}…`);
    expect(await row('Garden Store').innerText()).not.toContain(key);
  });

  it('adds a second key, then revokes the first: refused at once', async () => {
    const [first] = (await t.admin('GET', '/v1/admin/tenants')).body.tenants.find(
      (x: { name: string }) => x.name === 'Garden Store',
    ).keys;
    await row('Garden Store').locator('[data-testid="add-key"]').click();
    await byTestId('tenants-notice').filter({ hasText: 'New key for Garden Store' }).waitFor();
    const second = /veil_[\w-]{43}/.exec(await byTestId('tenants-notice').innerText())![0];
    await row('Garden Store').locator('[data-testid="tenant-key"]').nth(1).waitFor();
    expect(await row('Garden Store').locator('[data-testid="add-key"]').count()).toBe(0);
    await row('Garden Store')
      .locator('[data-testid="tenant-key"]')
      .filter({ hasText: first.prefix })
      .locator('[data-testid="revoke-key"]')
      .click();
    await byTestId('tenants-notice').filter({ hasText: 'Revoked' }).waitFor();
    await expectCount(row('Garden Store').locator('[data-testid="tenant-key"]'), 1);
    const keys = (await t.admin('GET', '/v1/admin/tenants')).body.tenants.find(
      (x: { name: string }) => x.name === 'Garden Store',
    ).keys;
    expect(keys.map((k: { prefix: string }) => k.prefix)).toEqual([second.slice(0, 9)]);
    expect((await t.request('GET', '/v1/bindings?orderId=x', { token: second })).status).toBe(404);
  });

  it("shows a tenant's endpoint health and failed events, and replays them", async () => {
    const failing = row('Failing Shop');
    await failing.locator('[data-testid="endpoint"]').waitFor();
    expect(await failing.locator('[data-testid="endpoint"]').innerText()).toContain(receiver.url);
    expect(await failing.locator('[data-testid="endpoint-health"]').innerText()).toMatch(/1 failures in a row \(HTTP 400\)/);
    expect(await failing.innerText()).toContain('1 failed');
    await failing.locator('[data-testid="replay-events"]').click();
    await byTestId('tenants-notice').filter({ hasText: '1 failed event of Failing Shop sent again' }).waitFor();
    await receiver.waitFor(() => receiver.accepted.length === 1, 'the replayed event');
    expect(receiver.accepted[0]!.type).toBe('binding.created');
    expect((await t.admin('GET', `/v1/admin/tenants/${failingId}/events`)).body.failed).toBe(0);
  });
});

async function expectCount(locator: import('playwright-core').Locator, count: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await locator.count()) === count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(await locator.count()).toBe(count);
}
