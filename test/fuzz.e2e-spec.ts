import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isISO31661Alpha2 } from 'class-validator';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import twilio from 'twilio';
import { createTenant, provisionNumbers, uniqueOrderId, uniquePhone } from './factories/index.js';
import { databaseFingerprint } from './support/db-fingerprint.js';
import { ADMIN_TOKEN, resetDatabase, startTestApp, TEST_ENV, type TestApp } from './support/test-app.js';
import { ACCOUNT_SID, callSid, messageSid, smsParams, voiceParams } from './support/twilio-webhooks.js';

/*
 * Property-based tests over every tenant, admin and webhook endpoint: whatever a client sends, the answer
 * is a 4xx JSON error with a stable code (webhooks: TwiML, 204, or 403 for a bad signature), never a 500
 * or an HTML page, and a rejected request writes nothing to the database.
 *
 * Reproducible: a fixed seed unless FC_SEED is set; FC_RUNS=<factor> scales the number of runs.
 */
const SEED = Number.parseInt(process.env.FC_SEED ?? '', 10);
const RUN_FACTOR = Number.parseFloat(process.env.FC_RUNS ?? '') || 1;
const runs = (numRuns: number) => ({
  seed: Number.isFinite(SEED) ? SEED : 20_261_201,
  numRuns: Math.max(1, Math.round(numRuns * RUN_FACTOR)),
});

// The contract's error codes, read from the one place that defines them.
const ERROR_CODES = new Set(
  [
    ...(
      /type DomainErrorCode =([^;]+);/.exec(readFileSync(join(process.cwd(), 'src/common/errors.ts'), 'utf8'))?.[1] ?? ''
    ).matchAll(/'([a-z_]+)'/g),
  ].map((m) => m[1]!),
);

// The test clock's start, the windows of the app under test, and the range XML 1.0 allows.
const NOW = new Date('2026-12-01T10:00:00.000Z').getTime();
const DAY = 86_400_000;
const MAX_WINDOW_DAYS = 60;
const DEFAULT_WINDOW_DAYS = 15;
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
const xml = new XMLParser({ ignoreAttributes: false });

interface Answer {
  status: number;
  contentType: string;
  text: string;
  body: any;
}

interface Send {
  token?: string | null;
  authorization?: string;
  json?: unknown;
  raw?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------------------

/** Percent-encodes every byte but the unreserved ones: any string can ride in a path segment or query. */
const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

const nasty = fc.constantFrom(
  '',
  ' ',
  '   ',
  '\u0000',
  'a\u0000b',
  '\u0007',
  '\u001b[31mred',
  '\t',
  '\r\n',
  '\u2028',
  '\u202eevil',
  'مرحبا',
  'שלום',
  '😀',
  '👩‍👩‍👧‍👦',
  '\ufeff',
  '\u200b',
  '\ufffe',
  '\uffff',
  '\ud800',
  'x\udfffy',
  '%00',
  '%',
  '\\',
  '"',
  "'",
  '<Response>',
  ']]>',
  '&amp;',
  '${x}',
  "' OR 1=1 --",
  'null',
  'NaN',
  '__proto__',
  'constructor',
);
const unicodeText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.constantFrom(
      'a',
      ' ',
      '\u0000',
      '\u0001',
      '\u001f',
      '\u007f',
      '\u0085',
      '\ud800',
      '\udc00',
      '😀',
      '\u202e',
      '\ufffe',
    ),
  }),
  nasty,
);
/** Longer than any field allows (128), but a whole body stays under the 64 KB limit. */
const longText = fc.oneof(
  fc.integer({ min: 129, max: 40_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 129, max: 9_000 }).map((n) => '😀'.repeat(n)),
);
const anyJson = fc.jsonValue({ maxDepth: 2 });
const notNullNotString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.array(anyJson, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 }),
);
const notNullNotNumber = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.array(anyJson, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 }),
);
const notNullNotBoolean = fc.oneof(
  fc.string(),
  fc.constantFrom('true', 'false', 1, 0, 'yes'),
  fc.integer(),
  fc.array(anyJson, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 }),
);

const badPhone = fc.oneof(
  fc.constantFrom(
    '+19005551234', // premium rate
    '+19765551234', // premium rate
    '+448712345678', // UK premium rate
    '+443001234567', // UK non-geographic (UAN)
    '+33899123456', // FR premium rate
    '+1900',
    '+1',
    '+',
    '++14155552671',
    '+0',
    '+01234567890',
    '+00441234567890',
    '911',
    '+1911',
    '112',
    '12345',
    '611',
    '4155552671', // national, without a country
    'abc',
    '+1415555ABCD',
    '+1 800 FLOWERS',
    'tel:+14155552671',
    '+1415555\u00002671',
    '+1415\u202e5552671',
    '+14155552671'.repeat(3),
  ),
  fc.stringMatching(/^\d{3,6}$/), // short codes
  fc.stringMatching(/^\+0\d{0,14}$/),
  fc.stringMatching(/^\+1900\d{7}$/),
  fc.stringMatching(/^\+?[a-zA-Z]{2,12}$/),
  unicodeText,
  longText,
  notNullNotString,
  fc.constant(null),
);
const badCountry = fc
  .oneof(fc.constantFrom('XX', 'ZZ', 'UK', 'EU', 'USA', 'U', '', ' ', 'U\u0000', '1'), notNullNotString, unicodeText)
  .filter((v) => typeof v !== 'string' || !isISO31661Alpha2(v));
const badOrderId = fc.oneof(
  fc.constantFrom('', ' ', '   ', '\t', 'A\u0000B', 'A\u0007B', 'A\nB', 'A\u202eB', 'A\ud800B', '\ufeff', 'x'.repeat(129)),
  fc
    .string({ unit: fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\u0085', '\u200b', '\ud800'), minLength: 1 })
    .map((s) => `A${s}`),
  longText,
  notNullNotString,
  fc.constant(null),
);
const badMode = fc.oneof(fc.constantFrom('DEDICATED', 'Shared', 'axb', 'axyb', '', ' dedicated'), notNullNotString, unicodeText);

/** Instants outside (from, to]: in the past, beyond the cap, absurd, or not dates at all. */
const badInstant = (from: number, to: number) =>
  fc.oneof(
    fc.constantFrom(
      '9999-12-31T23:59:59Z',
      '9999-12-31',
      '0000-01-01T00:00:00Z',
      '0000-00-00',
      '1970-01-01T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '2026-13-01',
      '2026-12-01T25:00:00Z',
      '2026-12-05T00:00:00+99:99',
      '2026-12-05T00:00:00+24:00',
      '2026-12-05T24:00:00Z',
      '2026-12-05T00:00:60Z',
      '+275760-09-13T00:00:00Z',
      '-000001-01-01T00:00:00Z',
      '2026-12-05 00:00:00',
      '20261205T000000Z',
      '2026-W50-1',
      '2026-340',
      '2026-12-10T00Z',
      '2026-12-10T00:00:00,5Z',
      '20261210',
      'P1D',
      'not-a-date',
      'tomorrow',
      'now',
      '',
    ),
    fc.date({ min: new Date(-8.64e15), max: new Date(from), noInvalidDate: true }).map((d) => d.toISOString()),
    fc.date({ min: new Date(to + 1), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
    fc.integer({ min: from - 1000 * DAY, max: from }).map((ms) => new Date(ms).toISOString()),
    fc.integer({ min: to + 1, max: to + 1000 * DAY }).map((ms) => new Date(ms).toISOString()),
    fc.integer({ min: 0, max: 2 ** 42 }),
    notNullNotString,
    unicodeText,
  );
const badDays = (validMax: number) =>
  fc.oneof(
    fc.integer({ min: -1_000_000, max: 0 }),
    fc.integer({ min: validMax + 1, max: 1_000_000 }),
    fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 2 ** 53),
    notNullNotNumber,
  );

const validPhone = (prefix: string) => fc.integer({ min: 0, max: 7_999 }).map((n) => `${prefix}${2_000 + n}`);
const validCounterparts = fc.array(
  fc.record({ phone: validPhone('+1212555'), role: fc.constantFrom('merchant', 'courier', 'caller') }),
  { maxLength: 2 },
);
const validCheckout = fc.record(
  {
    orderId: fc.stringMatching(/^FZ-[A-Za-z0-9]{8,16}$/),
    buyerPhone: validPhone('+1415555'),
    mode: fc.constantFrom('dedicated', 'shared'),
    windowDays: fc.integer({ min: 1, max: MAX_WINDOW_DAYS }),
    counterparts: validCounterparts,
    marketingConsent: fc.boolean(),
  },
  { requiredKeys: ['orderId', 'buyerPhone'] },
);

const CREATE_FIELDS = [
  'orderId',
  'buyerPhone',
  'country',
  'mode',
  'afterSalesEndsAt',
  'windowDays',
  'counterparts',
  'marketingConsent',
];
/** A key no DTO declares; `__proto__` and friends included (as own properties). */
const unknownKey = (known: string[]) =>
  fc
    .oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'email', 'tenantId', 'id', 'status', ''),
      fc.string({ maxLength: 12 }),
    )
    .filter((k) => !known.includes(k));

interface Patch {
  set?: Record<string, unknown>;
  drop?: string;
}
const set =
  (key: string) =>
  (value: unknown): Patch => ({ set: { [key]: value } });
const applyPatches = (base: Record<string, unknown>, patches: Patch[]) => {
  const body: Record<string, unknown> = { ...base };
  for (const p of patches) {
    if (p.drop) delete body[p.drop];
    for (const [k, v] of Object.entries(p.set ?? {}))
      Object.defineProperty(body, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return body;
};

const badCounterparts = fc.oneof(
  notNullNotString.filter((v) => !Array.isArray(v)),
  fc.string(),
  fc.array(fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(anyJson, { maxLength: 2 })), {
    minLength: 1,
    maxLength: 3,
  }),
  fc.record({ phone: badPhone, role: fc.constantFrom('merchant', 'courier') }).map((c) => [c]),
  fc
    .record({ phone: validPhone('+1212555'), role: fc.oneof(fc.constantFrom('buyer', 'MERCHANT', 'boss', ''), notNullNotString) })
    .map((c) => [c]),
  fc
    .tuple(validPhone('+1212555'), unknownKey(['phone', 'role']), anyJson)
    .map(([phone, k, v]) => [applyPatches({ phone, role: 'courier' }, [set(k)(v)])]),
  validPhone('+1212555').map((phone) => [{ role: 'courier' }, { phone, role: 'courier' }]),
  validPhone('+1212555').map((phone) => [
    { phone, role: 'courier' },
    { phone, role: 'merchant' },
  ]),
  fc.array(fc.record({ phone: validPhone('+1313555'), role: fc.constant('courier') }), { minLength: 21, maxLength: 25 }),
);

/** Each patch makes a checkout invalid on its own, so every combination must be refused. */
const createPatch: fc.Arbitrary<Patch> = fc.oneof(
  badOrderId.map(set('orderId')),
  badPhone.map(set('buyerPhone')),
  badCountry.map(set('country')),
  badMode.map(set('mode')),
  badInstant(NOW, NOW + MAX_WINDOW_DAYS * DAY).map(set('afterSalesEndsAt')),
  badDays(MAX_WINDOW_DAYS).map(set('windowDays')),
  badCounterparts.map(set('counterparts')),
  notNullNotBoolean.map(set('marketingConsent')),
  fc
    .integer({ min: 1, max: 30 })
    .map((days): Patch => ({ set: { windowDays: days, afterSalesEndsAt: new Date(NOW + DAY).toISOString() } })),
  fc.tuple(unknownKey(CREATE_FIELDS), anyJson).map(([k, v]) => set(k)(v)),
  fc.constantFrom<Patch>({ drop: 'orderId' }, { drop: 'buyerPhone' }),
);
const invalidCheckout = fc
  .tuple(validCheckout, fc.array(createPatch, { minLength: 1, maxLength: 3 }))
  .map(([base, patches]) => applyPatches(base, patches));

/** Bodies that are not JSON objects at all, or not JSON. */
const notAnObject = fc.oneof(
  fc.oneof(
    fc.constant(null),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.string(),
    fc.array(anyJson, { maxLength: 4 }),
  ),
  anyJson.filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)),
);
const rawJunk = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    'null',
    'true',
    '0',
    '-1',
    '1e999',
    '[]',
    '[{}]',
    '""',
    '"{}"',
    '{',
    '}',
    '{"orderId":',
    '{"orderId":"A1","buyerPhone":"+14155552671",}',
    "{'orderId':'A1'}",
    '{"a":1}{"b":2}',
    '\ufeff{}',
    '{"__proto__":{"x":1}}',
    '{"constructor":{"prototype":{"x":1}}}',
    'NaN',
    'Infinity',
    '{"orderId":NaN}',
    '/* */{}',
    '\u0000',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '{"a":1,"a":2}',
    '['.repeat(5000),
    `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`,
  ),
  anyJson.map((v) => JSON.stringify(v)),
  fc.tuple(validCheckout, fc.nat()).map(([body, n]) => {
    const text = JSON.stringify(body);
    return text.slice(0, n % (text.length - 1)); // truncated JSON
  }),
);
const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/JSON',
  'text/plain',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/octet-stream',
  'none',
);

const badIdSegment = fc
  .oneof(
    fc.uuid(),
    fc.uuid().map((u) => u.toUpperCase()),
    fc.string({ minLength: 1, maxLength: 40 }).map(pct),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).map(pct),
    fc.constantFrom(
      '0',
      '-1',
      'null',
      'undefined',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
      '%00',
      '%zz',
      '%',
      '%E0%A4%A',
      '%C0%AF',
      '%ED%A0%80',
      '%F0%9F%98%80',
      '%2F',
      '%5C',
      '%20',
      '+',
      '*',
      "'",
      'x'.repeat(101),
      'a'.repeat(3000),
    ),
    fc.uuid().map((u) => `%7B${u}%7D`),
    fc.uuid().map((u) => u.replace(/-/g, '')),
    fc.uuid().map((u) => `${u}%00`),
    fc.uuid().map((u) => `${u}%20`),
    fc.uuid().map((u) => `${u}x`),
  )
  // "." and ".." are path steps to a URL parser, not ids.
  .filter((s) => !/^(%2E|\.){1,2}$/i.test(s));

const queryKey = (known: string[]) =>
  fc.oneof(
    fc.constantFrom(...known),
    fc.constantFrom(...known).map((k) => k.toUpperCase()),
    fc.constantFrom(...known).map((k) => `${k}[]`),
    fc.constantFrom(...known).map((k) => `${k}[0]`),
    fc.constantFrom(...known).map((k) => `%${k.charCodeAt(0).toString(16).toUpperCase()}${k.slice(1)}`),
    fc.constantFrom('', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '%00', '%zz'),
    fc.string({ maxLength: 10 }).map(pct),
  );
const queryValue = fc.oneof(
  fc.string({ maxLength: 40 }).map(pct),
  fc.string({ unit: 'binary', maxLength: 20 }).map(pct),
  fc.constantFrom(
    '',
    '%zz',
    '%',
    '%00',
    '%ED%A0%80',
    '%C0%AF',
    '+',
    '%2B',
    'a+b',
    '%E2%80%AE',
    'x'.repeat(300),
    '1',
    '0',
    '-1',
    '1e999',
    'true',
  ),
  fc.stringMatching(/^ORD-[a-z0-9]{2,8}$/),
);
const rawQuery = (known: string[]) =>
  fc
    .tuple(fc.array(fc.tuple(queryKey(known), queryValue), { maxLength: 5 }), fc.constantFrom('&', '&&', ';', '&amp;'))
    .map(([pairs, sep]) => pairs.map(([k, v]) => `${k}=${v}`).join(sep));

/** Authorization headers that name no tenant (header values are latin-1 on the wire). */
const badAuthorization = fc.oneof(
  fc.constantFrom(
    '',
    'Bearer',
    'Bearer ',
    'bearer x',
    'Basic dXNlcjpwYXNz',
    'Bearer veil_',
    'Bearer null',
    'Token abc',
    `Bearer ${ADMIN_TOKEN} x`,
  ),
  // Latin-1 without the controls a client refuses to send.
  fc
    .string({
      unit: fc
        .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff }))
        .map((c) => String.fromCharCode(c)),
      minLength: 1,
      maxLength: 60,
    })
    .filter((s) => s.trim() !== ''),
  fc
    .string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 80 })
    .map((s) => `Bearer ${s}`),
  fc
    .string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 80 })
    .map((s) => `Bearer veil_${s}`),
);

// ---------------------------------------------------------------------------------------------------------

describe('fuzzing: bad input and abuse never break Veil', () => {
  let t: TestApp;
  let key: string;
  /** A live dedicated binding with a merchant, a live shared one with a courier, and a closed one. */
  let live: { id: string; orderId: string; relayNumber: string; expiresAt: string; maxExpiresAt: string; counterpartId: string };
  let shared: { id: string; relayNumber: string; counterpartId: string };
  let numberIds: string[];
  let closed: { id: string };
  let buyer: string;
  let merchant: string;
  let courier: string;
  const known = new Set<string>();

  beforeAll(async () => {
    t = await startTestApp({
      DEFAULT_WINDOW_DAYS: String(DEFAULT_WINDOW_DAYS),
      MAX_WINDOW_DAYS: String(MAX_WINDOW_DAYS),
      SMS_RATE_PER_HOUR: '100000',
      TENANT_RATE_PER_MINUTE: '100000',
      ADMIN_RATE_PER_MINUTE: '100000',
      FAILED_AUTH_PER_MINUTE: '100000',
    });
    await resetDatabase(t.dataSource);
    expect(ERROR_CODES.size).toBeGreaterThan(10);
    const tenant = await createTenant(t, 'fuzz-shop');
    key = tenant.apiKey;
    known.add(tenant.id);
    numberIds = [...(await provisionNumbers(t, 'dedicated', 4)), ...(await provisionNumbers(t, 'shared', 2))].map((n) => n.id);
    numberIds.forEach((id) => known.add(id));
    buyer = uniquePhone();
    merchant = uniquePhone('+1212555');
    courier = uniquePhone('+1312555');
    const make = async (body: Record<string, unknown>) => {
      const answer = await send('POST', '/v1/bindings', { json: { orderId: uniqueOrderId(), ...body } });
      expect(answer.status).toBe(201);
      known.add(answer.body.id);
      for (const c of answer.body.counterparts) known.add(c.id);
      return answer.body;
    };
    const a = await make({ buyerPhone: buyer, counterparts: [{ phone: merchant, role: 'merchant' }] });
    live = { ...a, counterpartId: a.counterparts[0].id };
    const s = await make({ buyerPhone: uniquePhone(), mode: 'shared', counterparts: [{ phone: courier, role: 'courier' }] });
    shared = { ...s, counterpartId: s.counterparts[0].id };
    closed = await make({ buyerPhone: uniquePhone() });
    expect((await send('POST', `/v1/bindings/${closed.id}/close`)).status).toBe(200);
    expect(live.expiresAt).toBe(new Date(NOW + DEFAULT_WINDOW_DAYS * DAY).toISOString());
  });
  afterAll(() => t.close());

  async function send(method: string, path: string, options: Send = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const token = options.token === undefined ? key : options.token;
    // An empty authorization means none at all (a client will not send an empty one).
    if (options.authorization !== undefined) {
      if (options.authorization !== '') headers.authorization = options.authorization;
    } else if (token) headers.authorization = `Bearer ${token}`;
    let body: string | Buffer | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      if (options.contentType === 'none') body = Buffer.from(options.raw);
      else if (options.contentType) headers['content-type'] = options.contentType;
    } else if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await fetch(`${t.url}${path}`, { method, headers, body });
    } catch (error) {
      throw new Error(
        `${method} ${path.slice(0, 200)}: no HTTP answer (${(error as Error).message}; ${String((error as Error).cause)})`,
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, body: parsed };
  }

  /** A 4xx (or one of `statuses`) JSON error of the contract's shape with a known code. */
  function expectError(answer: Answer, statuses?: number[], code?: string): void {
    const seen = `${answer.status} ${answer.contentType} ${answer.text.slice(0, 300)}`;
    const statusOk = statuses
      ? statuses.includes(answer.status)
      : answer.status >= 400 && answer.status < 500 && answer.status !== 429;
    if (!statusOk) throw new Error(`expected ${statuses?.join('/') ?? 'a 4xx'} error, got ${seen}`);
    if (!/^application\/json/.test(answer.contentType)) throw new Error(`expected a JSON error, got ${seen}`);
    const b = answer.body as { statusCode?: unknown; error?: unknown; message?: unknown; details?: unknown } | undefined;
    if (!b || typeof b !== 'object') throw new Error(`expected an error object, got ${seen}`);
    if (b.statusCode !== answer.status) throw new Error(`statusCode ${String(b.statusCode)} differs from the status: ${seen}`);
    if (typeof b.error !== 'string' || !ERROR_CODES.has(b.error)) throw new Error(`unknown error code: ${seen}`);
    if (code && b.error !== code) throw new Error(`expected ${code}, got ${seen}`);
    if (typeof b.message !== 'string' || !Array.isArray(b.details)) throw new Error(`error without message or details: ${seen}`);
  }

  /** Sends, expects a contract error, and proves that the database did not change. */
  async function rejected(request: () => Promise<Answer>, statuses?: number[], code?: string): Promise<Answer> {
    await t.flushRecords();
    const before = await databaseFingerprint(t.dataSource);
    const answer = await request();
    expectError(answer, statuses, code);
    await t.flushRecords();
    const after = await databaseFingerprint(t.dataSource);
    // A counterpart conflict is written to the audit log on purpose (it may be a probe); nothing else changes.
    const audited = (table: string) => table === 'audit_log' && answer.body?.error === 'counterpart_conflict';
    const changed = Object.keys(after).filter((table) => after[table] !== before[table] && !audited(table));
    if (changed.length > 0)
      throw new Error(`a rejected request (${answer.status} ${answer.body?.error}) changed ${changed.join(', ')}`);
    return answer;
  }

  /** A GET: any 200 JSON answer or a contract error; never a 5xx, never a write. */
  async function readOnly(request: () => Promise<Answer>): Promise<Answer> {
    const before = await databaseFingerprint(t.dataSource);
    const answer = await request();
    if (answer.status !== 200) expectError(answer);
    else if (!/^application\/json/.test(answer.contentType) || answer.body === undefined) {
      throw new Error(`200 without JSON: ${answer.contentType} ${answer.text.slice(0, 200)}`);
    }
    const after = await databaseFingerprint(t.dataSource);
    if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error(`a read changed the database: ${answer.status}`);
    return answer;
  }

  // -------------------------------------------------------------------------------------------------------
  // Tenant API
  // -------------------------------------------------------------------------------------------------------

  /** The live binding must come out of every rejected request exactly as it went in. */
  async function expectLiveUntouched(): Promise<void> {
    const answer = await send('GET', `/v1/bindings/${live.id}`);
    expect(answer.body).toMatchObject({ status: 'active', expiresAt: live.expiresAt, marketingConsent: false });
    expect(answer.body.counterparts.map((c: { id: string }) => c.id)).toEqual([live.counterpartId]);
  }

  describe('tenant API', () => {
    afterEach(expectLiveUntouched);

    it('POST /v1/bindings refuses every invalid checkout with 400-class errors and creates nothing', async () => {
      await fc.assert(
        fc.asyncProperty(invalidCheckout, async (body) => {
          await rejected(() => send('POST', '/v1/bindings', { json: body }));
        }),
        runs(150),
      );
    });

    it('POST /v1/bindings refuses bodies that are not a JSON object, or not JSON', async () => {
      await fc.assert(
        fc.asyncProperty(notAnObject, async (body) => {
          await rejected(() => send('POST', '/v1/bindings', { json: body }), [400], 'validation_failed');
        }),
        runs(60),
      );
      await fc.assert(
        fc.asyncProperty(rawJunk, contentTypes, async (raw, contentType) => {
          await rejected(() => send('POST', '/v1/bindings', { raw, contentType }));
        }),
        runs(120),
      );
    });

    it('every endpoint with a body answers 413 payload_too_large beyond 64 KB', async () => {
      const endpoints: [string, string, string | null][] = [
        ['POST', '/v1/bindings', key],
        ['POST', `/v1/bindings/${live.id}/extend`, key],
        ['POST', `/v1/bindings/${live.id}/counterparts`, key],
        ['PATCH', `/v1/bindings/${live.id}`, key],
        ['POST', `/v1/bindings/${live.id}/close`, key],
        ['POST', '/v1/admin/numbers', ADMIN_TOKEN],
        ['POST', '/v1/admin/tenants', ADMIN_TOKEN],
        ['POST', `/v1/admin/bindings/${live.id}/close`, ADMIN_TOKEN],
        ['POST', '/webhooks/twilio/voice', null],
        ['POST', '/webhooks/twilio/sms', null],
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...endpoints),
          fc.integer({ min: 65 * 1024, max: 100 * 1024 }),
          fc.constantFrom('x', 'é', '😀', '\u0000'),
          async ([method, path, token], size, unit) => {
            const filler = unit.repeat(Math.ceil(size / (Buffer.byteLength(JSON.stringify(unit)) - 2)));
            await rejected(
              () => send(method, path, { token, json: { orderId: filler, buyerPhone: '+14155552671' } }),
              [413],
              'payload_too_large',
            );
          },
        ),
        runs(30),
      );
    });

    it('every /v1/bindings/:id route answers 404 not_found for ids that are not UUIDs or name nothing', async () => {
      const routes: [string, (id: string, cid: string) => string, unknown][] = [
        ['GET', (id) => `/v1/bindings/${id}`, undefined],
        ['PATCH', (id) => `/v1/bindings/${id}`, { marketingConsent: true }],
        ['POST', (id) => `/v1/bindings/${id}/extend`, { days: 1 }],
        ['POST', (id) => `/v1/bindings/${id}/counterparts`, { phone: '+12125559999', role: 'courier' }],
        ['DELETE', (id, cid) => `/v1/bindings/${id}/counterparts/${cid}`, undefined],
        ['POST', (id) => `/v1/bindings/${id}/close`, undefined],
        // The live binding with a counterpart id that is not one of its own.
        ['DELETE', (_id, cid) => `/v1/bindings/${live.id}/counterparts/${cid}`, undefined],
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes.keys()),
          badIdSegment.filter((s) => !known.has(s.toLowerCase())),
          // Another binding's counterpart is no counterpart of the live binding.
          fc.oneof(
            badIdSegment.filter((s) => !known.has(s.toLowerCase())),
            fc.constant(shared.counterpartId),
          ),
          async (route, id, cid) => {
            const [method, path, json] = routes[route]!;
            await rejected(() => send(method, path(id, cid), { json }), [404], 'not_found');
          },
        ),
        runs(150),
      );
    });

    it('GET /v1/bindings?orderId= answers 400 or 404 to any query string, and reads nothing it should not', async () => {
      await fc.assert(
        fc.asyncProperty(rawQuery(['orderId']), async (query) => {
          await rejected(() => send('GET', `/v1/bindings?${query}`), [400, 404]);
        }),
        runs(150),
      );
    });

    it('POST /v1/bindings/:id/extend refuses bad days and until on a live binding and leaves it as it was', async () => {
      const cap = NOW + MAX_WINDOW_DAYS * DAY;
      const expires = NOW + DEFAULT_WINDOW_DAYS * DAY;
      const validDays = MAX_WINDOW_DAYS - DEFAULT_WINDOW_DAYS;
      const body = fc.oneof(
        badDays(3650).map((days) => ({ days })),
        badDays(validDays).map((days) => ({ days })),
        badInstant(expires, cap).map((until) => ({ until })),
        fc.record({ days: fc.integer({ min: 1, max: 10 }), until: fc.constant(new Date(expires + DAY).toISOString()) }),
        fc.constant({}),
        fc
          .tuple(unknownKey(['days', 'until']), anyJson, fc.integer({ min: 1, max: 5 }))
          .map(([k, v, days]) => applyPatches({ days }, [set(k)(v)])),
        notAnObject,
      );
      await fc.assert(
        fc.asyncProperty(body, async (json) => {
          await rejected(() => send('POST', `/v1/bindings/${live.id}/extend`, { json }));
        }),
        runs(150),
      );
    });

    it('POST /v1/bindings/:id/counterparts refuses bad counterparts and adds nothing', async () => {
      const body = fc.oneof(
        badPhone.map((phone) => ({ phone, role: 'courier' })),
        fc
          .oneof(fc.constantFrom('buyer', 'Merchant', 'admin', ''), notNullNotString, fc.constant(null))
          .map((role) => ({ phone: '+12125559999', role })),
        badCountry.map((country) => ({ phone: '2125559999', role: 'courier', country })),
        fc.constant({ phone: '2125559999', role: 'courier' }), // national, no country
        fc.constantFrom({ role: 'courier' }, { phone: '+12125559999' }, {}),
        // Already on this binding, or the buyer: (phone, relay number) is taken.
        fc.constantFrom('buyer', 'merchant').map((who) => ({ phone: who === 'buyer' ? buyer : merchant, role: 'courier' })),
        fc
          .tuple(unknownKey(['phone', 'role', 'country']), anyJson)
          .map(([k, v]) => applyPatches({ phone: '+12125559999', role: 'courier' }, [set(k)(v)])),
        notAnObject,
      );
      await fc.assert(
        fc.asyncProperty(body, async (json) => {
          await rejected(() => send('POST', `/v1/bindings/${live.id}/counterparts`, { json }));
        }),
        runs(150),
      );
    });

    it('PATCH /v1/bindings/:id refuses anything but a boolean marketingConsent and changes nothing', async () => {
      const body = fc.oneof(
        notNullNotBoolean.map((marketingConsent) => ({ marketingConsent })),
        fc.constant({ marketingConsent: null }),
        fc.constant({}),
        fc
          .tuple(unknownKey(['marketingConsent']), anyJson, fc.boolean())
          .map(([k, v, consent]) => applyPatches({ marketingConsent: consent }, [set(k)(v)])),
        notAnObject,
      );
      await fc.assert(
        fc.asyncProperty(body, async (json) => {
          await rejected(() => send('PATCH', `/v1/bindings/${live.id}`, { json }));
        }),
        runs(100),
      );
    });

    it('malformed bodies on a live binding are refused before anything runs (close, extend, counterparts, patch)', async () => {
      const malformed = fc.oneof(
        fc.constantFrom(
          '{',
          '{"days":',
          '{"marketingConsent":tru}',
          "{'a':1}",
          '{"a":1,}',
          'NaN',
          '\u0000',
          '{"__proto__":{"x":1}}',
          '',
        ),
        fc
          .tuple(
            fc.constantFrom('{"days":5}', '{"marketingConsent":true}', '{"phone":"+12125559999","role":"courier"}'),
            fc.nat(),
          )
          .map(([s, n]) => s.slice(0, 1 + (n % (s.length - 2)))),
      );
      const routes: [string, string][] = [
        ['POST', `/v1/bindings/${live.id}/close`],
        ['POST', `/v1/bindings/${live.id}/extend`],
        ['POST', `/v1/bindings/${live.id}/counterparts`],
        ['PATCH', `/v1/bindings/${live.id}`],
        ['POST', `/v1/admin/bindings/${live.id}/close`],
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes),
          malformed,
          fc.constantFrom('application/json', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x'),
          async ([method, path], raw, contentType) => {
            const token = path.startsWith('/v1/admin') ? ADMIN_TOKEN : key;
            // Close takes no body: a plain-text one is no error to it, but JSON that does not parse is.
            const type = path.endsWith('/close') && contentType === 'text/plain' ? 'application/json' : contentType;
            await rejected(() => send(method, path, { token, raw, contentType: type }));
          },
        ),
        runs(100),
      );
    });

    it('every tenant endpoint answers 401 unauthorized to keys that name no tenant, and writes nothing', async () => {
      const requests: [string, string, unknown][] = [
        ['POST', '/v1/bindings', { orderId: 'FZ-AUTH', buyerPhone: '+14155559876' }],
        ['GET', `/v1/bindings/${live.id}`, undefined],
        ['GET', `/v1/bindings?orderId=${encodeURIComponent(live.orderId)}`, undefined],
        ['POST', `/v1/bindings/${live.id}/extend`, { days: 1 }],
        ['POST', `/v1/bindings/${live.id}/counterparts`, { phone: '+12125559999', role: 'courier' }],
        ['DELETE', `/v1/bindings/${live.id}/counterparts/${live.counterpartId}`, undefined],
        ['PATCH', `/v1/bindings/${live.id}`, { marketingConsent: true }],
        ['POST', `/v1/bindings/${live.id}/close`, undefined],
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...requests),
          fc.oneof(badAuthorization, fc.constant(`Bearer ${ADMIN_TOKEN}`)),
          async ([method, path, json], authorization) => {
            await rejected(() => send(method, path, { json, authorization }), [401], 'unauthorized');
          },
        ),
        runs(100),
      );
    });
  });

  // -------------------------------------------------------------------------------------------------------
  // Admin API
  // -------------------------------------------------------------------------------------------------------

  describe('admin API', () => {
    afterEach(expectLiveUntouched);

    const admin = (method: string, path: string, options: Send = {}) => send(method, path, { token: ADMIN_TOKEN, ...options });

    it('POST /v1/admin/numbers refuses every invalid request and provisions nothing', async () => {
      const base = fc.record({
        country: fc.constant('US'),
        count: fc.integer({ min: 1, max: 3 }),
        pool: fc.constantFrom('dedicated', 'shared'),
      });
      const patch: fc.Arbitrary<Patch> = fc.oneof(
        badCountry.map(set('country')),
        fc.oneof(fc.constantFrom('1', '123456', 'abc', '4 15', '', '٤١٥', '４１５'), notNullNotString).map(set('areaCode')),
        fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 501 }), badDays(500)).map(set('count')),
        fc.oneof(fc.constantFrom('Dedicated', 'premium', ''), notNullNotString).map(set('pool')),
        fc.tuple(unknownKey(['country', 'areaCode', 'count', 'pool']), anyJson).map(([k, v]) => set(k)(v)),
        fc.constantFrom<Patch>({ drop: 'country' }, { drop: 'count' }, { drop: 'pool' }),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.tuple(base, fc.array(patch, { minLength: 1, maxLength: 3 })).map(([b, p]) => applyPatches(b, p)),
            notAnObject,
          ),
          async (json) => {
            await rejected(() => admin('POST', '/v1/admin/numbers', { json }));
          },
        ),
        runs(120),
      );
    });

    it('POST /v1/admin/tenants refuses every invalid name and creates no tenant', async () => {
      const name = fc.oneof(
        fc.string({ unit: fc.constantFrom(' ', '\t', '\u00a0', '\u2003', '\u3000'), minLength: 1, maxLength: 5 }),
        fc.constantFrom('', ' ', '   ', '\t', 'a\u0000b', 'a\u0007b', 'shop\n', '\u202e', '\ud800', 'x'.repeat(101)),
        fc
          .string({ unit: fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\u200b', '\ud800'), minLength: 1 })
          .map((s) => `shop${s}`),
        longText,
        notNullNotString,
        fc.constant(null),
      );
      const body = fc.oneof(
        name.map((n) => ({ name: n })),
        fc.tuple(unknownKey(['name']), anyJson).map(([k, v]) => applyPatches({ name: 'fuzz' }, [set(k)(v)])),
        fc.constant({}),
        notAnObject,
      );
      await fc.assert(
        fc.asyncProperty(body, async (json) => {
          await rejected(() => admin('POST', '/v1/admin/tenants', { json }));
        }),
        runs(100),
      );
    });

    it('admin routes with an id answer 404 not_found for ids that are not UUIDs or name nothing', async () => {
      const routes: [string, (id: string) => string][] = [
        ['DELETE', (id) => `/v1/admin/numbers/${id}`],
        ['GET', (id) => `/v1/admin/bindings/${id}`],
        ['POST', (id) => `/v1/admin/bindings/${id}/close`],
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes),
          badIdSegment.filter((s) => !known.has(s.toLowerCase())),
          async ([method, path], id) => {
            await rejected(() => admin(method, path(id)), [404], 'not_found');
          },
        ),
        runs(100),
      );
    });

    const LISTS: Record<string, Record<string, fc.Arbitrary<string>>> = {
      '/v1/admin/numbers': {
        status: fc.constantFrom('available', 'in_use', 'quarantined', 'retired'),
        pool: fc.constantFrom('dedicated', 'shared'),
      },
      '/v1/admin/bindings': {
        status: fc.constantFrom('active', 'expired', 'closed'),
        orderId: fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/),
        tenant: fc.uuid(),
        page: fc.integer({ min: 1, max: 1000 }).map(String),
        pageSize: fc.integer({ min: 1, max: 100 }).map(String),
      },
      '/v1/admin/records': {
        kind: fc.constantFrom('call', 'sms'),
        outcome: fc.constantFrom(
          'connected',
          'no_answer',
          'busy',
          'failed',
          'not_in_service',
          'refused',
          'blocked',
          'rate_limited',
        ),
        bindingId: fc.uuid(),
        page: fc.integer({ min: 1, max: 1000 }).map(String),
        pageSize: fc.integer({ min: 1, max: 100 }).map(String),
      },
      '/v1/admin/audit': {
        page: fc.integer({ min: 1, max: 1000 }).map(String),
        pageSize: fc.integer({ min: 1, max: 100 }).map(String),
      },
    };
    const BAD_VALUES: Record<string, fc.Arbitrary<string>> = {
      status: fc.oneof(
        fc.constantFrom('ACTIVE', 'Active', 'gone', '', '%00', 'active%00', '%20active'),
        fc.string({ maxLength: 10 }).map(pct),
      ),
      pool: fc.constantFrom('Dedicated', 'premium', '', '%00'),
      // (Bytes that are not UTF-8, such as %ED%A0%80, decode to U+FFFD: a printable, if odd, order id.)
      orderId: fc.constantFrom('', '%00', 'A%07B', '%20%20', 'x'.repeat(129), '%E2%80%AE'),
      tenant: fc.oneof(
        fc.constantFrom('', 'null', '0', '%00', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz'),
        fc.uuid().map((u) => `${u}x`),
      ),
      bindingId: fc.oneof(
        fc.constantFrom('', 'null', '0', '%00'),
        fc.uuid().map((u) => u.replace(/-/g, '')),
      ),
      page: fc.constantFrom('0', '-1', '1.5', 'abc', '', '1e999', 'Infinity', 'NaN', '100001', '%00', '99999999999999999999'),
      pageSize: fc.constantFrom('0', '-1', '101', '2.5', 'abc', '', '1e999', '1000000', '%00'),
      kind: fc.constantFrom('fax', 'CALL', '', 'sms%00', 'voice'),
      outcome: fc.constantFrom('CONNECTED', 'ok', '', 'blocked%00', 'opted_out'),
    };

    it('admin lists refuse invalid filters (unknown or repeated keys, bad values) with 400 and write nothing', async () => {
      const invalidQuery = fc.constantFrom(...Object.keys(LISTS)).chain((path) => {
        const fields = LISTS[path]!;
        const names = Object.keys(fields);
        const good = fc
          .subarray(names)
          .chain((chosen) => fc.tuple(...chosen.map((n) => fields[n]!.map((v) => `${n}=${pct(v)}`))));
        const bad = fc.oneof(
          fc.constantFrom(...names).chain((n) => BAD_VALUES[n]!.map((v) => `${n}=${v}`)),
          fc
            .constantFrom(...names)
            .chain((n) => fc.tuple(fields[n]!, fields[n]!).map(([a, b]) => `${n}=${pct(a)}&${n}=${pct(b)}`)),
          fc
            .tuple(
              unknownKey(names).filter((k) => k !== ''),
              queryValue,
            )
            .map(([k, v]) => `${pct(k)}=${v}`),
        );
        return fc
          .tuple(fc.constant(path), good, fc.array(bad, { minLength: 1, maxLength: 2 }), fc.boolean())
          .map(([p, g, b, badFirst]) => `${p}?${(badFirst ? [...b, ...g] : [...g, ...b]).join('&')}`);
      });
      await fc.assert(
        fc.asyncProperty(invalidQuery, async (path) => {
          await rejected(() => admin('GET', path), [400], 'validation_failed');
        }),
        runs(150),
      );
    });

    it('every admin read answers 200 JSON or a contract error to any query string, and never writes', async () => {
      const paths = ['/v1/admin/overview', '/v1/admin/tenants', ...Object.keys(LISTS)];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...paths),
          rawQuery(['status', 'pool', 'orderId', 'tenant', 'page', 'pageSize', 'kind', 'outcome', 'bindingId']),
          async (path, query) => {
            await readOnly(() => admin('GET', `${path}?${query}`));
          },
        ),
        runs(150),
      );
    });

    it('every admin endpoint answers 401 unauthorized to a wrong token, a tenant key, or none, and writes nothing', async () => {
      const requests: [string, string, unknown][] = [
        ['GET', '/v1/admin/overview', undefined],
        ['GET', '/v1/admin/numbers', undefined],
        ['POST', '/v1/admin/numbers', { country: 'US', count: 1, pool: 'dedicated' }],
        ['DELETE', `/v1/admin/numbers/${numberIds[0]}`, undefined],
        ['GET', '/v1/admin/bindings', undefined],
        ['GET', `/v1/admin/bindings/${live.id}`, undefined],
        ['POST', `/v1/admin/bindings/${live.id}/close`, undefined],
        ['GET', '/v1/admin/records', undefined],
        ['GET', '/v1/admin/audit', undefined],
        ['GET', '/v1/admin/tenants', undefined],
        ['POST', '/v1/admin/tenants', { name: 'intruder' }],
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...requests),
          fc.oneof(badAuthorization, fc.constant(`Bearer ${key}`), fc.constant(`Bearer ${ADMIN_TOKEN}x`)),
          async ([method, path, json], authorization) => {
            await rejected(() => send(method, path, { json, authorization }), [401], 'unauthorized');
          },
        ),
        runs(100),
      );
    });
  });

  // -------------------------------------------------------------------------------------------------------
  // What the fuzzing found, pinned down
  // -------------------------------------------------------------------------------------------------------

  describe('regressions found by fuzzing', () => {
    afterEach(expectLiveUntouched);

    it.each(['constructor', 'prototype', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
      'refuses an unknown field named %s (once dropped silently, so the request went through)',
      async (name) => {
        const extra = (body: Record<string, unknown>) => JSON.stringify(body).replace(/^\{/, `{"${name}":{"x":1},`);
        const requests: [string, string, string][] = [
          ['POST', '/v1/bindings', extra({ orderId: uniqueOrderId(), buyerPhone: uniquePhone() })],
          [
            'POST',
            '/v1/bindings',
            JSON.stringify({
              orderId: uniqueOrderId(),
              buyerPhone: uniquePhone(),
              counterparts: [JSON.parse(extra({ phone: uniquePhone('+1212555'), role: 'courier' }))],
            }),
          ],
          ['POST', `/v1/bindings/${live.id}/extend`, extra({ days: 1 })],
          ['POST', `/v1/bindings/${live.id}/counterparts`, extra({ phone: uniquePhone('+1212555'), role: 'courier' })],
          ['PATCH', `/v1/bindings/${live.id}`, extra({ marketingConsent: true })],
        ];
        for (const [method, path, raw] of requests) {
          const answer = await rejected(() => send(method, path, { raw, contentType: 'application/json' }), [400]);
          expect(answer.body.error).toMatch(/^(validation_failed|malformed_json)$/);
        }
        const query = await rejected(() => send('GET', `/v1/admin/numbers?${name}=1`, { token: ADMIN_TOKEN }), [400]);
        expect(query.body.error).toBe('validation_failed');
      },
    );

    it('answers JSON nested thousands deep with 400, not a 500 from a stack overflow', async () => {
      for (const raw of [`${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`, `${'['.repeat(3000)}${']'.repeat(3000)}`]) {
        const answer = await rejected(() => send('POST', '/v1/bindings', { raw, contentType: 'application/json' }), [400]);
        expect(answer.body.error).toBe('validation_failed');
      }
    });

    it('answers ids the router cannot decode or that are over-long with 404 not_found in the contract shape', async () => {
      for (const id of ['%C0%AF', '%E0%A4%A', '%ED%A0%80', 'x'.repeat(101)]) {
        await rejected(() => send('GET', `/v1/bindings/${id}`), [404], 'not_found');
        await rejected(() => send('DELETE', `/v1/bindings/${live.id}/counterparts/${id}`), [404], 'not_found');
        await rejected(() => send('DELETE', `/v1/admin/numbers/${id}`, { token: ADMIN_TOKEN }), [404], 'not_found');
      }
    });

    it.each(['20261210', '2026-W50-1', '2026-340', '2026-12-10T00Z', '2026-12-10T00:00:00,5Z'])(
      'refuses extend until %s, ISO 8601 that Date cannot read, with 400 (was a 500)',
      async (until) => {
        const answer = await rejected(
          () => send('POST', `/v1/bindings/${live.id}/extend`, { json: { until } }),
          [400],
          'validation_failed',
        );
        expect(answer.body.details).toEqual([expect.objectContaining({ field: 'until' })]);
      },
    );

    it('refuses a tenant name of spaces only', async () => {
      for (const name of [' ', '   ', '\u00a0\u2003']) {
        await rejected(
          () => send('POST', '/v1/admin/tenants', { token: ADMIN_TOKEN, json: { name } }),
          [400],
          'validation_failed',
        );
      }
    });
  });

  describe('regressions found by fuzzing: texts', () => {
    const sign = (path: string, params: Record<string, string>) =>
      twilio.getExpectedTwilioSignature(TEST_ENV.TWILIO_AUTH_TOKEN, `${TEST_ENV.PUBLIC_BASE_URL}${path}`, params);
    const text = async (body: string) => {
      const sid = messageSid();
      const params = smsParams(merchant, live.relayNumber, body, sid);
      const answer = await send('POST', '/webhooks/twilio/sms', {
        token: null,
        raw: new URLSearchParams(params).toString(),
        contentType: 'application/x-www-form-urlencoded',
        headers: { 'x-twilio-signature': sign('/webhooks/twilio/sms', params) },
      });
      await t.flushRecords();
      const [record] = await t.dataSource.query(`SELECT outcome, reason, body FROM message_record WHERE provider_sid = $1`, [
        sid,
      ]);
      return { answer, record };
    };

    it('forwards a text with control characters, without them (the TwiML builder threw, and the text was lost)', async () => {
      const { answer, record } = await text('At the door\u0001, code\u000b 4821\ufffe');
      expect(answer.status).toBe(200);
      expect(XMLValidator.validate(answer.text)).toBe(true);
      expect(xml.parse(answer.text).Response.Message['#text']).toBe('At the door, code 4821');
      expect(record).toMatchObject({ outcome: 'connected', reason: null });
    });

    it('keeps the record of a blocked marketing text that holds U+0000 (PostgreSQL refused it, and the record was lost)', async () => {
      const { answer, record } = await text(
        'BLACK FRIDAY: extra 30% off sitewide with code BF30, shop now bit.ly/bf \u0000 Reply STOP to end',
      );
      expect(answer.text).not.toContain('<Message');
      expect(record).toMatchObject({ outcome: 'blocked', reason: 'marketing' });
      expect(record.body).toContain('\ufffd');
    });
  });
  // -------------------------------------------------------------------------------------------------------
  // Carrier webhooks
  // -------------------------------------------------------------------------------------------------------

  describe('carrier webhooks', () => {
    const PATHS = [
      '/webhooks/twilio/voice',
      '/webhooks/twilio/voice/status',
      '/webhooks/twilio/sms',
      '/webhooks/twilio/sms/status',
    ];
    const sign = (path: string, params: Record<string, string>, token = TEST_ENV.TWILIO_AUTH_TOKEN) =>
      twilio.getExpectedTwilioSignature(token, `${TEST_ENV.PUBLIC_BASE_URL}${path}`, params);

    async function postForm(path: string, params: Record<string, string>, signature: string | null): Promise<Answer> {
      const headers: Record<string, string> = {};
      if (signature !== null) headers['x-twilio-signature'] = signature;
      return send('POST', path, {
        token: null,
        raw: new URLSearchParams(params).toString(),
        contentType: 'application/x-www-form-urlencoded',
        headers,
      });
    }

    /** 200 TwiML that an XML parser takes, with a <Response> root; 204 with no body for sms/status. */
    function expectCarrierAnswer(path: string, answer: Answer): void {
      const seen = `${answer.status} ${answer.contentType} ${answer.text.slice(0, 300)}`;
      if (path.startsWith('/webhooks/twilio/sms/status')) {
        if (answer.status !== 204 || answer.text !== '') throw new Error(`expected 204, got ${seen}`);
        return;
      }
      if (answer.status !== 200) throw new Error(`expected 200 TwiML, got ${seen}`);
      if (!/^text\/xml/.test(answer.contentType)) throw new Error(`expected text/xml, got ${seen}`);
      const valid = XMLValidator.validate(answer.text);
      if (valid !== true) throw new Error(`TwiML does not parse (${JSON.stringify(valid.err)}): ${seen}`);
      const bad = NOT_XML_CHAR.exec(answer.text);
      if (bad) throw new Error(`TwiML holds U+${bad[0].codePointAt(0)!.toString(16)}, which XML 1.0 forbids: ${seen}`);
      const doc = xml.parse(answer.text) as Record<string, unknown>;
      if (!('Response' in doc)) throw new Error(`TwiML without a <Response> root: ${seen}`);
    }

    const phoneish = () =>
      fc
        .oneof(
          fc.constantFrom(
            buyer,
            merchant,
            courier,
            live.relayNumber,
            shared.relayNumber,
            'anonymous',
            'Anonymous',
            '+266696687',
            '',
            'client:alice',
            'sip:a@b.c',
          ),
          validPhone('+1646555'),
          badPhone.filter((v): v is string => typeof v === 'string'),
          unicodeText,
        )
        // As long as a caller ID can be: the form stays under the body limit.
        .map((s) => s.slice(0, 200));
    const relayish = () => fc.oneof(fc.constantFrom(live.relayNumber, shared.relayNumber), phoneish());
    const paramValue = fc.oneof(
      unicodeText,
      fc.string({ maxLength: 2000 }),
      fc.constantFrom('-1', '1e309', '99999999999999999999', 'NaN', '0x10', ' 42 '),
    );
    const extraParams = fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,15}$/), paramValue, {
      maxKeys: 4,
      noNullPrototype: true,
    });
    const twilioParams = () =>
      fc
        .record(
          {
            AccountSid: fc.oneof(fc.constant(ACCOUNT_SID), unicodeText),
            CallSid: fc.oneof(
              fc.constant('').map(() => callSid()),
              unicodeText,
            ),
            MessageSid: fc.oneof(
              fc.constant('').map(() => messageSid()),
              unicodeText,
            ),
            SmsSid: unicodeText,
            From: phoneish(),
            To: relayish(),
            Body: fc.oneof(
              unicodeText,
              longText.map((s) => s.slice(0, 1600)),
            ),
            NumMedia: fc.constantFrom('0', '1', '-1', 'x'),
            CallStatus: fc.oneof(fc.constantFrom('ringing', 'completed', 'busy'), unicodeText),
            DialCallStatus: fc.oneof(
              fc.constantFrom('completed', 'no-answer', 'busy', 'failed', 'canceled', 'answered'),
              unicodeText,
            ),
            DialCallDuration: paramValue,
            MessageStatus: fc.oneof(fc.constantFrom('delivered', 'failed', 'undelivered', 'sent', 'queued'), unicodeText),
            SmsStatus: unicodeText,
          },
          { requiredKeys: [] },
        )
        .chain((base) => extraParams.map((extra) => ({ ...extra, ...base }) as Record<string, string>))
        // As long as Twilio sends them (a text is at most 1,600 characters): the form stays under the body limit.
        .map((params) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.slice(0, k === 'Body' ? 1600 : 200)])));
    const statusQuery = fc.oneof(
      fc.constant(''),
      fc
        .oneof(
          unicodeText.map(pct),
          fc.constant('').map(() => messageSid()),
          fc.constantFrom('%zz', '%00', ''),
        )
        .map((v) => `?record=${v}`),
      fc.tuple(unicodeText.map(pct), unicodeText.map(pct)).map(([a, b]) => `?record=${a}&record=${b}`),
    );

    it('refuses unsigned, wrongly signed and tampered webhooks with 403 invalid_signature, and writes nothing', async () => {
      const signature = fc.oneof(
        fc.constant<'none'>('none'),
        fc.constant<'wrong token'>('wrong token'),
        fc.constant<'other path'>('other path'),
        fc.constant<'tampered'>('tampered'),
        fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...PATHS), twilioParams(), signature, async (path, params, how) => {
          let header: string | null;
          let body = params;
          if (how === 'none') header = null;
          else if (how === 'wrong token') header = sign(path, params, 'not-the-auth-token');
          else if (how === 'other path') header = sign(PATHS[(PATHS.indexOf(path) + 1) % PATHS.length]!, params);
          else if (how === 'tampered') {
            header = sign(path, params);
            body = { ...params, To: `${params.To ?? ''}0` };
          } else header = how;
          await rejected(() => postForm(path, body, header), [403], 'invalid_signature');
        }),
        runs(120),
      );
    });

    it('answers every signed webhook, whatever its parameters, with TwiML (or 204 for sms/status)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...PATHS), twilioParams(), statusQuery, async (path, params, query) => {
          const target = path === '/webhooks/twilio/sms/status' ? `${path}${query}` : path;
          const answer = await postForm(target, params, sign(target, params));
          expectCarrierAnswer(path, answer);
        }),
        runs(200),
      );
    });

    it('forwards or blocks a counterpart text with any body, as TwiML, and records it once, never as a failure', async () => {
      // Marketing is blocked and its body kept for review: odd characters in it must not lose the record.
      const marketing = fc
        .tuple(
          fc.constantFrom(
            'BLACK FRIDAY starts NOW 🔥 Extra 30% off sitewide with code BF30. Ends midnight. Shop: bit.ly/bf-sale Txt STOP to end',
            "Flash sale! Everything under $20 for the next 6 hours. Don't miss out: shpfy.link/a8Kd",
          ),
          unicodeText,
        )
        .map(([ad, junk]) => `${ad} ${junk}`);
      const body = fc.oneof(
        unicodeText,
        marketing,
        longText.map((s) => s.slice(0, 1600)),
        fc.string({ unit: 'binary', maxLength: 300 }),
      );
      await fc.assert(
        fc.asyncProperty(body, async (text) => {
          const sid = messageSid();
          const params = smsParams(merchant, live.relayNumber, text, sid);
          const answer = await postForm('/webhooks/twilio/sms', params, sign('/webhooks/twilio/sms', params));
          expectCarrierAnswer('/webhooks/twilio/sms', answer);
          await t.flushRecords();
          const rows = await t.dataSource.query(`SELECT outcome, reason FROM message_record WHERE provider_sid = $1`, [sid]);
          if (rows.length !== 1)
            throw new Error(`expected one record for the text, found ${rows.length}: ${answer.text.slice(0, 200)}`);
          // A merchant's text to a live binding is forwarded or blocked by policy; an internal failure drops it.
          const [{ outcome, reason }] = rows;
          if (outcome === 'failed' || reason === 'internal_error') throw new Error(`the text failed: ${outcome} ${reason}`);
          if ((outcome === 'connected') !== answer.text.includes('<Message')) {
            throw new Error(`recorded ${outcome} but answered ${answer.text.slice(0, 200)}`);
          }
        }),
        runs(100),
      );
    });

    it('connects or turns away any caller, as TwiML, and records the call once, never as a failure', async () => {
      await fc.assert(
        fc.asyncProperty(phoneish(), fc.constantFrom(live.relayNumber, shared.relayNumber), async (from, to) => {
          const sid = callSid();
          const params = voiceParams(from, to, sid);
          const answer = await postForm('/webhooks/twilio/voice', params, sign('/webhooks/twilio/voice', params));
          expectCarrierAnswer('/webhooks/twilio/voice', answer);
          await t.flushRecords();
          const rows = await t.dataSource.query(`SELECT outcome, reason FROM call_record WHERE provider_sid = $1`, [sid]);
          if (rows.length !== 1)
            throw new Error(`expected one record for the call, found ${rows.length}: ${answer.text.slice(0, 200)}`);
          if (rows[0].reason === 'internal_error') throw new Error(`the call failed inside Veil: ${answer.text.slice(0, 200)}`);
        }),
        runs(100),
      );
    });

    it('answers raw, malformed or non-form bodies without a 5xx: 403 unsigned, or a contract error', async () => {
      const raw = fc.oneof(
        rawJunk,
        fc.constantFrom('%zz=1', '=&=&', 'From=%E0%A4%A&To=%', 'a=1&a=2&a=3', '&&&', 'From'),
        longText,
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...PATHS), raw, contentTypes, async (path, body, contentType) => {
          await rejected(() => send('POST', path, { token: null, raw: body, contentType }));
        }),
        runs(100),
      );
    });
  });
});
