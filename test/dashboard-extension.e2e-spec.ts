import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { checkout, createTenant, provisionNumbers } from './factories/index.js';
import { ADMIN_TOKEN, resetDatabase, startTestApp, type TestApp } from './support/test-app.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = process.env.VEIL_SCREENSHOTS_DIR || join(tmpdir(), 'veil-screenshots');

/** The overview's extension occupancy and forecast in Debian's Chromium, against the admin API's figures. */
describe('dashboard: the extension pool in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let numbers: { id: string; e164: string }[];
  const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
  const cells = (row: ReturnType<typeof byTestId>) => row.locator('td').allInnerTexts();

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    // A cap of five live orders per number, small enough to fill in a test.
    t = await startTestApp({ EXTENSION_DIGITS: '4', EXTENSION_OCCUPANCY: '0.0005' });
    await resetDatabase(t.dataSource);
    const shop = await createTenant(t, 'Parcel Shop');
    numbers = await provisionNumbers(t, 'extension', 2);
    const orders: { id: string; relayNumber: string }[] = [];
    for (let i = 0; i < 7; i++) {
      const answer = await t.request('POST', '/v1/bindings', { token: shop.apiKey, body: checkout({ mode: 'extension' }) });
      expect(answer.status).toBe(201);
      orders.push(answer.body);
    }
    // The allocator fills one number (five orders) before the other: that one first, then the other.
    const full = numbers.find((n) => orders.filter((b) => b.relayNumber === n.e164).length === 5)!;
    numbers = [full, ...numbers.filter((n) => n !== full)];
    const closed = orders.find((b) => b.relayNumber === full.e164)!;
    expect((await t.request('POST', `/v1/bindings/${closed.id}/close`, { token: shop.apiKey })).status).toBe(200);
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
    await page.clock.setFixedTime(t.clock.now());
    await page.goto(`${t.url}/admin`);
    await byTestId('token-input').fill(ADMIN_TOKEN);
    await byTestId('sign-in').click();
    await byTestId('extension-forecast-row').first().waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the forecast per country as the API gives it', async () => {
    const api = (await t.admin('GET', '/v1/admin/overview')).body;
    const [f] = api.headroom.extension;
    expect(f).toMatchObject({ numbers: 2, live: 6, capacity: 10, quarantined: 1, growthPerDay: 6, numbersToAdd: 36 });
    expect(await byTestId('extension-forecast-row').count()).toBe(1);
    expect(await cells(byTestId('extension-forecast-row'))).toEqual([
      'US',
      '2',
      '6 / 10',
      '1',
      '6',
      String(f.daysUntilFull),
      '36',
      'under a week left',
    ]);
    await expect(byTestId('extension-forecast').innerText()).resolves.toMatch(/Each number holds 5 live orders/);
  });

  it('shows each extension number live and resting against the cap, the fullest first, with a meter', async () => {
    const rows = byTestId('extension-number-row');
    expect(await rows.count()).toBe(2);
    expect((await cells(rows.nth(0))).slice(0, 3)).toEqual([numbers[0]!.e164, '4 / 5', '1']);
    expect((await cells(rows.nth(1))).slice(0, 3)).toEqual([numbers[1]!.e164, '2 / 5', '0']);
    const meter = rows.nth(0).locator('[role="meter"]');
    expect(await meter.getAttribute('aria-valuenow')).toBe('4');
    expect(await meter.getAttribute('aria-valuemax')).toBe('5');
    // The pool card: live orders against the capacity, not numbers in use.
    expect((await byTestId('pool-extension-live').textContent())?.trim()).toBe('6');
    expect((await byTestId('pool-extension-resting').textContent())?.trim()).toBe('1');
    expect((await byTestId('pool-extension-share').textContent())?.trim()).toBe('60%');
    // Both tables fit a 1280 px screen.
    for (const id of ['extension-forecast', 'extension-numbers']) {
      const fits = await byTestId(id).evaluate((card) =>
        [...card.querySelectorAll('table')].every((t) => t.scrollWidth <= card.clientWidth),
      );
      expect([id, fits]).toEqual([id, true]);
    }
    await page.screenshot({ path: `${SCREENSHOTS}/extension-laptop.png`, fullPage: true });
  });
});
