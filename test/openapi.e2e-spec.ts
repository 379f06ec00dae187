import { ERROR_CODES } from '../src/common/domain-error.filter.js';
import { registeredRoutes } from '../src/common/openapi.js';
import { checkout, createTenant, provisionNumbers } from './factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';

type Operation = {
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>;
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
    securitySchemes: Record<string, unknown>;
  };
};

// Not API routes: the documentation itself and static files.
const NOT_API = (url: string) => url === '/docs' || url.startsWith('/docs/') || url.includes('*');

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Document;

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    const answer = await t.request('GET', '/docs/json');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/application\/json/);
    doc = answer.body;
  });
  afterAll(() => t.close());

  const operation = (method: string, path: string): Operation => {
    const op = doc.paths[path]?.[method.toLowerCase()];
    if (!op) throw new Error(`${method} ${path} is not in the document`);
    return op;
  };
  const statuses = (method: string, path: string) => Object.keys(operation(method, path).responses).sort();
  const schemaName = (ref?: string) => ref?.replace('#/components/schemas/', '');

  it('has every route the app registers, with its method', () => {
    const routes = registeredRoutes(t.app).filter((r) => !NOT_API(r.url));
    expect(routes.length).toBeGreaterThan(25);
    const missing = routes
      .map((r) => ({ method: r.method, path: r.url.replace(/:(\w+)/g, '{$1}') }))
      .filter((r) => !doc.paths[r.path]?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
    // ...and nothing documented that does not exist.
    const registered = new Set(routes.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`));
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.filter((d) => !registered.has(d))).toEqual([]);
  });

  it('states the contract of the tenant API: statuses, the error shape, the tenant key', () => {
    expect(statuses('POST', '/v1/bindings')).toEqual(expect.arrayContaining(['200', '201', '400', '401', '409', '429', '503']));
    expect(statuses('GET', '/v1/bindings/{id}')).toEqual(expect.arrayContaining(['200', '401', '404']));
    expect(statuses('GET', '/v1/bindings')).toEqual(expect.arrayContaining(['200', '404']));
    expect(statuses('POST', '/v1/bindings/{id}/extend')).toEqual(expect.arrayContaining(['200', '409', '422']));
    expect(statuses('POST', '/v1/bindings/{id}/counterparts')).toEqual(expect.arrayContaining(['201', '409']));
    expect(statuses('DELETE', '/v1/bindings/{id}/counterparts/{counterpartId}')).toEqual(expect.arrayContaining(['200']));
    expect(statuses('PATCH', '/v1/bindings/{id}')).toEqual(expect.arrayContaining(['200']));
    expect(statuses('POST', '/v1/bindings/{id}/close')).toEqual(expect.arrayContaining(['200', '409']));

    const create = operation('POST', '/v1/bindings');
    expect(create.security).toEqual([{ 'tenant-api-key': [] }]);
    expect(schemaName(create.requestBody?.content['application/json']?.schema.$ref)).toBe('CreateBindingDto');
    expect(schemaName(create.responses['201']!.content!['application/json']!.schema.$ref)).toBe('BindingResponseDto');
    expect(schemaName(create.responses['409']!.content!['application/json']!.schema.$ref)).toBe('ErrorResponseDto');
    expect(create.responses['409']!.description).toMatch(/order_conflict/);
    expect(create.responses['503']!.description).toMatch(/pool_exhausted/);
    expect(create.responses['429']!.description).toMatch(/Retry-After/);

    const body = doc.components.schemas.CreateBindingDto!;
    expect(Object.keys(body.properties!).sort()).toEqual(
      ['afterSalesEndsAt', 'buyerPhone', 'counterparts', 'country', 'marketingConsent', 'mode', 'orderId', 'windowDays'].sort(),
    );
    expect(body.required).toEqual(expect.arrayContaining(['orderId', 'buyerPhone']));
    expect(operation('GET', '/v1/bindings').parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'orderId', in: 'query', required: true })]),
    );

    const error = doc.components.schemas.ErrorResponseDto!;
    expect(Object.keys(error.properties!).sort()).toEqual(['details', 'error', 'message', 'statusCode']);
    expect((error.properties!.error as { enum: string[] }).enum.sort()).toEqual([...ERROR_CODES].sort());
  });

  it('documents the binding exactly as the API answers it', async () => {
    const tenant = await createTenant(t, 'openapi');
    await provisionNumbers(t, 'dedicated', 1);
    const answer = await t.request('POST', '/v1/bindings', {
      token: tenant.apiKey,
      body: checkout({ counterparts: [{ phone: '+12125550000', role: 'merchant' }] }),
    });
    expect(answer.status).toBe(201);
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas.BindingResponseDto!.properties!).sort()).toEqual(Object.keys(answer.body).sort());
    expect(Object.keys(schemas.CounterpartResponseDto!.properties!).sort()).toEqual(
      Object.keys(answer.body.counterparts[0]).sort(),
    );
  });

  it('puts the admin API under the admin token and the webhooks under Twilio signatures, form-encoded, answering TwiML', () => {
    const admin = operation('POST', '/v1/admin/tenants');
    expect(admin.security).toEqual([{ 'admin-token': [] }]);
    expect(Object.keys(admin.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '429']));
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['admin-token', 'tenant-api-key']);

    for (const path of ['/webhooks/twilio/voice', '/webhooks/twilio/voice/status', '/webhooks/twilio/sms']) {
      const hook = operation('POST', path);
      expect(Object.keys(hook.requestBody!.content)).toEqual(['application/x-www-form-urlencoded']);
      expect(hook.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'X-Twilio-Signature', in: 'header', required: true })]),
      );
      expect(Object.keys(hook.responses['200']!.content!)).toEqual(['text/xml']);
      expect(hook.responses['403']!.description).toMatch(/invalid_signature/);
      expect(hook.security).toBeUndefined();
    }
    expect(Object.keys(operation('POST', '/webhooks/twilio/sms/status').responses)).toEqual(
      expect.arrayContaining(['204', '403']),
    );
    expect(operation('GET', '/metrics').tags).toEqual(['operations']);
  });

  it('serves Swagger UI from Veil itself', async () => {
    const page = await t.request('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const sources = [...page.text.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(2);
    // Every script and stylesheet is local: no CDN.
    expect(sources.filter((s) => /^(https?:)?\/\//.test(s))).toEqual([]);
    for (const source of sources.filter((s) => /\.(js|css)$/.test(s))) {
      const asset = await fetch(new URL(source, `${t.url}/docs`));
      expect([source, asset.status]).toEqual([source, 200]);
      // Read to the end: an unread body keeps the connection busy, and the app's close would wait for it.
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });
});
