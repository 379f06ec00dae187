import { registeredRoutes } from '../src/common/openapi.js';
import { checkout, createTenant, provisionNumbers } from './factories/index.js';
import { ADMIN_TOKEN, resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { postWebhook, smsParams } from './support/twilio-webhooks.js';

type Operation = {
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; example?: unknown; schema?: { example?: unknown } }[];
  requestBody?: {
    content: Record<string, { schema: { $ref?: string }; example?: unknown; examples?: Record<string, { value: unknown }> }>;
  };
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>;
};
type Schema = {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  items?: Schema;
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema & { maximum?: number; description?: string }>;
  required?: string[];
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    securitySchemes: Record<string, unknown>;
  };
};

/**
 * Where `value` breaks `schema` (an empty list: it conforms): a property the schema does not name, a
 * required one missing, a null where none is allowed, a wrong type or a value outside an enum.
 */
function mismatches(doc: Document, schema: Schema, value: unknown, at = '$'): string[] {
  if (schema.$ref) return mismatches(doc, doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]!, value, at);
  if (schema.allOf) return schema.allOf.flatMap((part) => mismatches(doc, part, value, at));
  if (schema.oneOf) {
    const each = schema.oneOf.map((option) => mismatches(doc, option, value, at));
    return each.some((problems) => problems.length === 0) ? [] : [`${at}: matches none of oneOf (${each.flat().join('; ')})`];
  }
  if (value === null) return schema.nullable ? [] : [`${at}: null, not nullable`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not in the enum`];
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'array':
      if (!Array.isArray(value)) return [`${at}: not an array`];
      return value.flatMap((item, i) => (schema.items ? mismatches(doc, schema.items, item, `${at}[${i}]`) : []));
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
      const record = value as Record<string, unknown>;
      const properties = schema.properties ?? {};
      return [
        ...Object.keys(record)
          .filter((key) => !(key in properties))
          .map((key) => `${at}.${key}: not in the schema`),
        ...(schema.required ?? []).filter((key) => !(key in record)).map((key) => `${at}.${key}: required, missing`),
        ...Object.entries(record)
          .filter(([key]) => key in properties)
          .flatMap(([key, v]) => mismatches(doc, properties[key]!, v, `${at}.${key}`)),
      ];
    }
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: not an integer`];
    case 'number':
    case 'string':
    case 'boolean':
      return typeof value === type ? [] : [`${at}: not a ${type}`];
    default:
      return [];
  }
}

// Not API routes: the documentation itself, static files, and `/admin/` (a redirect to the dashboard page).
const NOT_API = (url: string) => url === '/docs' || url.startsWith('/docs/') || url.includes('*') || url === '/admin/';

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
    // The contract's codes, written out here rather than read from the constant the document is built
    // from: a code dropped from (or slipped into) the code base shows up as a difference.
    expect((error.properties!.error as { enum: string[] }).enum.sort()).toEqual(
      [
        'validation_failed',
        'malformed_json',
        'unauthorized',
        'invalid_signature',
        'not_found',
        'order_conflict',
        'counterpart_conflict',
        'binding_ended',
        'binding_purged',
        'number_in_use',
        'extension_limit',
        'key_limit',
        'payload_too_large',
        'unsupported_media_type',
        'no_pool_for_country',
        'rate_limited',
        'pool_exhausted',
        'numbers_unavailable',
        'provider_error',
        'regulatory_requirement',
        'database_unavailable',
        'internal_error',
      ].sort(),
    );
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
    // The required properties are what every mode answers; extension mode answers every property.
    const binding = schemas.BindingResponseDto!;
    expect([...binding.required!].sort()).toEqual(Object.keys(answer.body).sort());
    await provisionNumbers(t, 'extension', 1);
    const extension = await t.request('POST', '/v1/bindings', { token: tenant.apiKey, body: checkout({ mode: 'extension' }) });
    expect(extension.status).toBe(201);
    expect(Object.keys(binding.properties!).sort()).toEqual(Object.keys(extension.body).sort());
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

  it('documents the answers of the events, history and key endpoints as schemas, with their error codes', () => {
    const answers: [string, string, string, string][] = [
      ['PUT', '/v1/webhook', '201', 'WebhookPutResponseDto'],
      ['PUT', '/v1/webhook', '200', 'WebhookPutResponseDto'],
      ['GET', '/v1/webhook', '200', 'WebhookEndpointResponseDto'],
      ['POST', '/v1/webhook/rotate-secret', '200', 'WebhookRotatedResponseDto'],
      ['POST', '/v1/webhook/test', '200', 'WebhookTestResponseDto'],
      ['GET', '/v1/bindings/{id}/records', '200', 'BindingRecordsResponseDto'],
      ['POST', '/v1/admin/tenants/{id}/keys', '201', 'CreatedTenantKeyResponseDto'],
      ['DELETE', '/v1/admin/tenants/{id}/keys/{keyId}', '200', 'RevokedTenantKeyResponseDto'],
      ['GET', '/v1/admin/tenants/{id}/events', '200', 'TenantEventsResponseDto'],
      ['POST', '/v1/admin/tenants/{id}/events/replay', '200', 'ReplayResponseDto'],
    ];
    for (const [method, path, status, schema] of answers) {
      const content = operation(method, path).responses[status]?.content?.['application/json'];
      expect([method, path, status, schemaName(content?.schema.$ref)]).toEqual([method, path, status, schema]);
    }
    const schemas = doc.components.schemas;
    const props = (name: string) => Object.keys(schemas[name]!.properties!).sort();
    expect(props('WebhookPutResponseDto')).toEqual(
      ['allEvents', 'createdAt', 'events', 'previousSecretValidUntil', 'secret', 'secretMasked', 'updatedAt', 'url'].sort(),
    );
    expect(props('WebhookEndpointResponseDto')).not.toContain('secret');
    expect(schemas.WebhookRotatedResponseDto!.properties!.secret!.nullable).toBeUndefined();
    expect(schemas.WebhookPutResponseDto!.properties!.secret!.nullable).toBe(true);
    expect(props('WebhookTestResponseDto')).toEqual(['delivered', 'error', 'status']);
    // Every event type an endpoint may ask for, the carrier's two included.
    expect((schemas.PutWebhookDto!.properties!.events!.items as Schema).enum).toEqual(
      expect.arrayContaining(['buyer.carrier_opt_out', 'carrier_block.cleared', 'reminder.sent']),
    );
    const records = schemas.BindingRecordsResponseDto!.properties!.records!;
    expect(records.items!.oneOf!.map((s) => schemaName(s.$ref)).sort()).toEqual(['CallHistoryRecordDto', 'TextHistoryRecordDto']);
    expect(props('TextHistoryRecordDto')).not.toContain('body');
    expect(props('TenantEventsResponseDto')).toEqual(['backlog', 'endpoint', 'failed', 'failedEvents', 'oldestPendingAt']);
    expect(props('WebhookHealthDto')).toEqual(
      ['consecutiveFailures', 'events', 'lastError', 'lastFailureAt', 'lastSuccessAt', 'url'].sort(),
    );

    // status -> the error code its description must name
    const errors: [string, string, Record<string, string>][] = [
      [
        'PUT',
        '/v1/webhook',
        { 400: 'validation_failed', 401: 'unauthorized', 415: 'unsupported_media_type', 429: 'rate_limited' },
      ],
      ['GET', '/v1/webhook', { 401: 'unauthorized', 404: 'not_found', 429: 'rate_limited' }],
      ['DELETE', '/v1/webhook', { 401: 'unauthorized', 404: 'not_found' }],
      ['POST', '/v1/webhook/rotate-secret', { 401: 'unauthorized', 404: 'not_found' }],
      ['POST', '/v1/webhook/test', { 401: 'unauthorized', 404: 'not_found' }],
      ['GET', '/v1/bindings/{id}/records', { 400: 'validation_failed', 401: 'unauthorized', 404: 'not_found' }],
      [
        'POST',
        '/v1/admin/tenants/{id}/keys',
        { 400: 'validation_failed', 401: 'unauthorized', 404: 'not_found', 409: 'key_limit' },
      ],
      ['DELETE', '/v1/admin/tenants/{id}/keys/{keyId}', { 400: 'validation_failed', 401: 'unauthorized', 404: 'not_found' }],
      ['GET', '/v1/admin/tenants/{id}/events', { 400: 'validation_failed', 401: 'unauthorized', 404: 'not_found' }],
      ['POST', '/v1/admin/tenants/{id}/events/replay', { 400: 'validation_failed', 401: 'unauthorized', 404: 'not_found' }],
    ];
    for (const [method, path, codes] of errors) {
      const responses = operation(method, path).responses;
      for (const [status, code] of Object.entries(codes)) {
        expect([method, path, status, responses[status]?.description]).toEqual([
          method,
          path,
          status,
          expect.stringContaining(code),
        ]);
        expect(schemaName(responses[status]!.content!['application/json']!.schema.$ref)).toBe('ErrorResponseDto');
      }
    }
    expect(statuses('DELETE', '/v1/webhook')).toEqual(expect.arrayContaining(['204']));
  });

  it('states the limits this Veil enforces (MAX_WINDOW_DAYS), and they hold', async () => {
    const cap = t.config.maxWindowDays;
    expect(cap).toBeLessThan(3650); // the validators' sanity bound, which the document used to show
    const windowDays = doc.components.schemas.CreateBindingDto!.properties!.windowDays!;
    expect(windowDays.maximum).toBe(cap);
    expect(windowDays.description).toContain(`${cap} here`);
    expect(doc.components.schemas.ExtendBindingDto!.properties!.days!.maximum).toBe(cap);
    const tenant = await createTenant(t, 'limits');
    await provisionNumbers(t, 'dedicated', 1);
    const at = (windowDays: number) =>
      t.request('POST', '/v1/bindings', { token: tenant.apiKey, body: checkout({ windowDays }) });
    expect((await at(cap + 1)).body.error).toBe('validation_failed');
    expect((await at(cap)).status).toBe(201);
  });

  it('calls the keys plain bearer keys, not JWTs', () => {
    expect(JSON.stringify(doc)).not.toMatch(/jwt/i);
    for (const scheme of Object.values(doc.components.securitySchemes) as { scheme: string; bearerFormat: string }[]) {
      expect(scheme).toMatchObject({ scheme: 'bearer', bearerFormat: expect.stringMatching(/^(API key|admin token)$/) });
    }
  });

  it('sends every operation as "Try it out" would, with the examples as they are, and gets what the document says', async () => {
    await resetDatabase(t.dataSource);
    // The order a reader goes in; the ids a reader pastes come from earlier answers.
    const order = [
      'GET /health/live',
      'GET /health/ready',
      'GET /metrics',
      'GET /admin',
      'POST /v1/admin/numbers',
      'GET /v1/admin/numbers',
      'POST /v1/admin/tenants',
      'GET /v1/admin/tenants',
      'POST /v1/admin/tenants/{id}/keys',
      'DELETE /v1/admin/tenants/{id}/keys/{keyId}',
      'PUT /v1/webhook',
      'GET /v1/webhook',
      'POST /v1/webhook/rotate-secret',
      'POST /v1/webhook/test',
      'POST /v1/bindings',
      'GET /v1/bindings',
      'GET /v1/bindings/{id}',
      'GET /v1/bindings/{id}/records',
      'PATCH /v1/bindings/{id}',
      'POST /v1/bindings/{id}/extend',
      'POST /v1/bindings/{id}/counterparts',
      'DELETE /v1/bindings/{id}/counterparts/{counterpartId}',
      'GET /v1/admin/overview',
      'GET /v1/admin/extensions',
      'GET /v1/admin/bindings',
      'GET /v1/admin/bindings/{id}',
      'GET /v1/admin/records',
      'GET /v1/admin/audit',
      'GET /v1/admin/reports',
      'POST /v1/admin/reports/{id}/undo',
      'POST /v1/bindings/{id}/close',
      'POST /v1/admin/bindings/{id}/close',
      'DELETE /v1/admin/numbers/{id}',
      'GET /v1/admin/tenants/{id}/events',
      'POST /v1/admin/tenants/{id}/events/replay',
      'DELETE /v1/webhook',
      'POST /webhooks/twilio/voice',
      'POST /webhooks/twilio/voice/status',
      'POST /webhooks/twilio/voice/screen',
      'POST /webhooks/twilio/voice/screen/accept',
      'POST /webhooks/twilio/voice/extension',
      'POST /webhooks/twilio/sms',
      'POST /webhooks/twilio/sms/status',
    ];
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect([...order].sort()).toEqual([...documented].sort()); // a new operation must be tried here too

    let apiKey = '';
    const ids: Record<string, string> = {};
    const conformed: string[] = [];
    for (const name of order) {
      const [method, path] = name.split(' ') as [string, string];
      const op = operation(method, path);
      const url = new URL(
        path.replace(
          /\{(\w+)\}/g,
          (_, param: string) =>
            ids[
              param === 'id' && path.startsWith('/v1/admin/numbers')
                ? 'numberId'
                : param === 'id' && path.startsWith('/v1/admin/tenants')
                  ? 'tenantId'
                  : param
            ]!,
        ),
        t.url,
      );
      for (const param of op.parameters ?? []) {
        if (param.in !== 'query') continue;
        const example = param.example ?? param.schema?.example;
        if (example === undefined) {
          // Optional and without an example: "Try it out" leaves it empty. A required one needs an example.
          expect(param.required ? `${name}: ${param.name} is required and has no example` : null).toBeNull();
          continue;
        }
        url.searchParams.set(param.name, String(example));
      }
      const headers: Record<string, string> = {};
      const scheme = Object.keys(op.security?.[0] ?? {})[0];
      if (scheme === 'tenant-api-key') headers.authorization = `Bearer ${apiKey}`;
      if (scheme === 'admin-token') headers.authorization = `Bearer ${ADMIN_TOKEN}`;
      let body: string | undefined;
      const json = op.requestBody?.content['application/json'];
      if (json) {
        const example = json.examples ? Object.values(json.examples)[0]!.value : json.example;
        expect([name, example === undefined ? 'no example' : 'example']).toEqual([name, 'example']);
        body = JSON.stringify(example);
        headers['content-type'] = 'application/json';
      } else if (op.requestBody?.content['application/x-www-form-urlencoded']) {
        // Swagger UI cannot sign a carrier webhook: the documented answer is 403.
        body = '';
        headers['content-type'] = 'application/x-www-form-urlencoded';
      }
      const response = await fetch(url, { method, headers, body });
      const text = await response.text();
      const answer = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
      const expected = path.startsWith('/webhooks/') ? 403 : response.status;
      expect([name, response.status, Object.keys(op.responses)]).toEqual([
        name,
        expected,
        expect.arrayContaining([String(response.status)]),
      ]);
      if (!path.startsWith('/webhooks/')) expect([name, response.status < 300 ? 'ok' : text]).toEqual([name, 'ok']);
      // The answer is what its documented schema says, field by field.
      const documentedSchema = op.responses[String(response.status)]?.content?.['application/json']?.schema;
      if (documentedSchema && typeof answer === 'object') {
        expect([name, mismatches(doc, documentedSchema, answer)]).toEqual([name, []]);
        conformed.push(name);
      }

      if (name === 'POST /v1/admin/tenants') {
        apiKey = answer.apiKey;
        ids.tenantId = answer.id;
      }
      if (name === 'POST /v1/bindings') {
        ids.id = ids.bindingId = answer.id;
        // A report to list and undo: the example's merchant texts its buyer, who answers 举报 (signed webhooks).
        const json = op.requestBody!.content['application/json']!;
        const example = (json.examples ? Object.values(json.examples)[0]!.value : json.example) as {
          buyerPhone: string;
          counterparts: { phone: string }[];
        };
        await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(example.counterparts[0]!.phone, answer.relayNumber, 'Hello'));
        await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(example.buyerPhone, answer.relayNumber, '举报'));
      }
      if (name === 'GET /v1/admin/reports') ids.id = answer.items[0].id;
      if (name === 'POST /v1/admin/reports/{id}/undo') ids.id = ids.bindingId!;
      if (name === 'POST /v1/admin/tenants/{id}/keys') ids.keyId = answer.id;
      if (name === 'POST /v1/bindings/{id}/counterparts') {
        ids.counterpartId = answer.counterparts.find((c: { role: string }) => c.role === 'courier').id;
      }
      if (name === 'POST /v1/bindings/{id}/close') {
        const free = (await t.admin('GET', '/v1/admin/numbers?status=available')).body.numbers;
        ids.numberId = free[0].id;
      }
    }
    // Every answer with a body was checked against a schema (none is described in prose only).
    expect(conformed).toEqual(
      expect.arrayContaining([
        'PUT /v1/webhook',
        'GET /v1/webhook',
        'POST /v1/webhook/rotate-secret',
        'POST /v1/webhook/test',
        'GET /v1/bindings/{id}/records',
        'POST /v1/admin/tenants/{id}/keys',
        'DELETE /v1/admin/tenants/{id}/keys/{keyId}',
        'GET /v1/admin/tenants/{id}/events',
        'POST /v1/admin/tenants/{id}/events/replay',
      ]),
    );
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
