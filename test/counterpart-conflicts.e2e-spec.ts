import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';

/**
 * A 409 on POST /counterparts tells whether a phone is active on a shared relay number, whoever's
 * binding holds it: a tenant could probe other tenants' customers. The 409 stays (the contract needs
 * it), but conflicts are counted per tenant, audited, and rate-limited.
 */
describe('counterpart conflicts: counted, audited, rate-limited per tenant', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ COUNTERPART_CONFLICTS_PER_HOUR: '3' });
    await resetDatabase(t.dataSource);
  });
  afterAll(() => t.close());

  it('answers 409 up to the limit, then 429 with Retry-After whatever the phone; the audit log names each, masked', async () => {
    const victim = await createTenant(t, 'victim');
    const prober = await createTenant(t, 'prober');
    await provisionNumbers(t, 'shared', 1);
    const as = (key: string) => (path: string, body: unknown) => t.request('POST', path, { token: key, body });
    const victimPost = as(victim.apiKey);
    const proberPost = as(prober.apiKey);

    // The victim's customers sit on the one shared number.
    const couriers = [uniquePhone(), uniquePhone(), uniquePhone(), uniquePhone()];
    await victimPost(
      '/v1/bindings',
      checkout({ mode: 'shared', counterparts: couriers.map((phone) => ({ phone, role: 'courier' })) }),
    );
    const probe = (await proberPost('/v1/bindings', checkout({ mode: 'shared' }))).body;

    for (const courier of couriers.slice(0, 3)) {
      const answer = await proberPost(`/v1/bindings/${probe.id}/counterparts`, { phone: courier, role: 'courier' });
      expect(answer.status).toBe(409);
      expect(answer.body.error).toBe('counterpart_conflict');
    }
    // Past the limit: refused before the phone is looked at, so a free phone and a taken one look alike.
    const taken = await proberPost(`/v1/bindings/${probe.id}/counterparts`, { phone: couriers[3], role: 'courier' });
    const free = await proberPost(`/v1/bindings/${probe.id}/counterparts`, { phone: uniquePhone(), role: 'courier' });
    for (const answer of [taken, free]) {
      expect(answer.status).toBe(429);
      expect(answer.body.error).toBe('rate_limited');
      expect(answer.body.message).toMatch(/counterpart conflicts/);
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(60);
      expect(retryAfter).toBeLessThanOrEqual(3600);
    }
    // The rest of the prober's API still works, and the victim is not limited by the prober's conflicts.
    expect((await t.request('GET', `/v1/bindings/${probe.id}`, { token: prober.apiKey })).status).toBe(200);
    const victimOrder = (await victimPost('/v1/bindings', checkout({ mode: 'shared' }))).body;
    expect(
      (await victimPost(`/v1/bindings/${victimOrder.id}/counterparts`, { phone: uniquePhone(), role: 'merchant' })).status,
    ).toBe(201);

    // Each conflict is in the audit log, by the tenant, with the masked phone only.
    const audit = await t.admin('GET', '/v1/admin/audit');
    const conflicts = audit.body.items.filter((item: { action: string }) => item.action === 'counterpart.conflict');
    expect(conflicts).toHaveLength(3);
    // The test clock stands still, so the log's time order cannot tell them apart: by their count.
    conflicts.sort((a: any, b: any) => a.details.conflictsThisHour - b.details.conflictsThisHour);
    for (const [i, entry] of conflicts.entries()) {
      expect(entry).toMatchObject({
        actor: `tenant:${prober.id}`,
        targetType: 'binding',
        targetId: probe.id,
        details: { tenantId: prober.id, relayNumber: probe.relayNumber, role: 'courier', conflictsThisHour: i + 1 },
      });
      expect(entry.details.phoneMasked).toMatch(/^\+1 \d{3}\*{4}\d{4}$/);
    }
    const everything = JSON.stringify(audit.body);
    for (const courier of couriers) {
      expect(everything).not.toContain(courier);
      expect(everything).not.toContain(courier.slice(2));
    }

    // The hour ends: the tenant may add counterparts again.
    t.clock.advanceSeconds(3600);
    expect((await proberPost(`/v1/bindings/${probe.id}/counterparts`, { phone: uniquePhone(), role: 'merchant' })).status).toBe(
      201,
    );
  });
});
