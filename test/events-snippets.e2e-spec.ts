import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTenant } from './factories/index.js';
import { EventReceiver } from './support/event-receiver.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

const README = readFileSync('README.md', 'utf8');
const API = readFileSync('docs/API.md', 'utf8');
const blocks = (markdown: string, language: string) =>
  [...markdown.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1]!);
const verifierIn = (markdown: string, language: string, name: string) => {
  const found = blocks(markdown, language).filter((code) => code.includes(name));
  expect(found).toHaveLength(1);
  return found[0]!;
};
const hasPython = spawnSync('python3', ['--version']).status === 0;

/** A batch as a receiver gets it: the signature header and the raw body. */
interface Batch {
  header: string;
  body: string;
}

/**
 * The verification helpers the README and docs/API.md give receivers, run as they are printed, on
 * batches a running Veil signed: they accept its signature (with either secret during a rotation) and
 * refuse a wrong secret, a changed body and an old timestamp.
 */
describe('the signature check the docs give, against real batches', () => {
  let t: TestApp;
  let receiver: EventReceiver;
  let fresh: Batch;
  let stale: Batch;
  let secrets: { current: string; previous: string };

  beforeAll(async () => {
    // The helpers compare `t` with the receiver's own clock: Veil's test clock starts at the real time.
    t = await startTestApp({}, new TestClock(new Date()));
    await resetDatabase(t.dataSource);
    receiver = await new EventReceiver().start();
    const { apiKey } = await createTenant(t);
    const put = await t.request('PUT', '/v1/webhook', { token: apiKey, body: { url: receiver.url } });
    const rotated = await t.request('POST', '/v1/webhook/rotate-secret', { token: apiKey });
    secrets = { current: rotated.body.secret, previous: put.body.secret };
    expect((await t.request('POST', '/v1/webhook/test', { token: apiKey })).body.delivered).toBe(true);
    t.clock.advanceSeconds(3600); // an hour later: replayed by someone who caught it, say
    expect((await t.request('POST', '/v1/webhook/test', { token: apiKey })).body.delivered).toBe(true);
    [fresh, stale] = receiver.requests.map((r) => ({ header: r.signature, body: r.body })) as [Batch, Batch];
    expect(fresh.header.match(/v1=/g)).toHaveLength(2);
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  /** [current secret, previous secret, wrong secret, changed body, old timestamp] as the helper answers them. */
  const cases = (): [Batch, string][] => [
    [fresh, secrets.current],
    [fresh, secrets.previous],
    [fresh, 'whsec_not_the_secret'],
    [{ header: fresh.header, body: fresh.body.replace('"ping"', '"pong"') }, secrets.current],
    [stale, secrets.current],
  ];
  const EXPECTED = [true, true, false, false, false];

  it.each([
    ['README.md', README],
    ['docs/API.md', API],
  ])('the Node helper in %s', async (_file, markdown) => {
    const dir = mkdtempSync(join(tmpdir(), 'veil-snippet-'));
    const file = join(dir, 'verify.mjs');
    writeFileSync(file, verifierIn(markdown, 'js', 'verifyVeil'));
    const { verifyVeil } = (await import(pathToFileURL(file).href)) as {
      verifyVeil: (header: string, body: string, secret: string) => boolean;
    };
    expect(cases().map(([batch, secret]) => verifyVeil(batch.header, batch.body, secret))).toEqual(EXPECTED);
  });

  (hasPython ? it : it.skip)('the Python helper in docs/API.md', () => {
    const driver = `${verifierIn(API, 'python', 'verify_veil')}
import json, sys
print(json.dumps([verify_veil(h, b.encode(), s) for h, b, s in json.load(sys.stdin)]))
`;
    const input = JSON.stringify(cases().map(([batch, secret]) => [batch.header, batch.body, secret]));
    const run = spawnSync('python3', ['-c', driver], { input, encoding: 'utf8' });
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(run.stdout)).toEqual(EXPECTED);
  });
});
