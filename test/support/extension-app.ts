import { checkout, createTenant, provisionNumbers } from '../factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './test-app.js';

/** What the extension-mode tests share: the app, this test's tenant key and extension numbers. */
export interface ExtensionApp {
  readonly t: TestApp;
  readonly key: string;
  readonly numbers: { id: string; e164: string }[];
  /** A checkout in extension mode that must succeed: the binding it answers. */
  order(body?: Record<string, unknown>): Promise<any>;
}

/**
 * For the enclosing describe: one app started with `env`, and before each test clean tables, a new
 * tenant and `count` extension numbers.
 */
export function extensionApp(env: Record<string, string>, count = 1): ExtensionApp {
  let t: TestApp;
  let key: string;
  let numbers: { id: string; e164: string }[];
  beforeAll(async () => {
    t = await startTestApp(env);
  });
  beforeEach(async () => {
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
    numbers = await provisionNumbers(t, 'extension', count);
  });
  afterAll(() => t.close());
  return {
    get t() {
      return t;
    },
    get key() {
      return key;
    },
    get numbers() {
      return numbers;
    },
    async order(body = {}) {
      const answer = await t.request('POST', '/v1/bindings', { token: key, body: checkout({ mode: 'extension', ...body }) });
      expect(answer.status).toBe(201);
      return answer.body;
    },
  };
}
