import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTenant, provisionNumbers, checkout } from './factories/index.js';
import { testDatabaseUrl } from './support/database-url.js';
import { EventReceiver } from './support/event-receiver.js';
import { resetDatabase, startTestApp, TEST_ENV } from './support/test-app.js';

/** The real process, as production runs it, against the test database. */
function startVeil(env: Record<string, string>): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...process.env,
      ...TEST_ENV,
      DATABASE_URL: testDatabaseUrl(),
      VEIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'veil-crash-')),
      PORT: '0',
      HOST: '127.0.0.1',
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Veil listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', () => reject(new Error(`Veil exited before listening:\n${out}`)));
  });
  return { child, url };
}

describe('events survive a crash', () => {
  it('Veil killed with SIGKILL while the push is in flight: the event is delivered after the restart', async () => {
    if (!existsSync('dist/main.js')) throw new Error('dist/main.js is missing: `npm test` builds it first (pretest)');
    const setup = await startTestApp();
    let apiKey: string;
    try {
      await resetDatabase(setup.dataSource);
      apiKey = (await createTenant(setup)).apiKey;
      await provisionNumbers(setup, 'dedicated', 1);
    } finally {
      await setup.close();
    }
    const receiver = await new EventReceiver().start();
    // The first push never gets an answer: Veil dies with it in flight.
    receiver.script = ['hang'];
    const env = { EVENT_POLL_MS: '50', EVENT_TIMEOUT_MS: '500', EVENT_RETRY_BASE_MS: '100', SWEEPER_ENABLED: 'false' };
    const first = startVeil(env);
    try {
      const url = await first.url;
      const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
      const put = await fetch(`${url}/v1/webhook`, { method: 'PUT', headers, body: JSON.stringify({ url: receiver.url }) });
      receiver.secrets = [((await put.json()) as { secret: string }).secret];
      const created = await fetch(`${url}/v1/bindings`, { method: 'POST', headers, body: JSON.stringify(checkout()) });
      expect(created.status).toBe(201);
      await receiver.waitFor(() => receiver.openRequests() === 1, 'the push in flight');
    } finally {
      first.child.kill('SIGKILL');
    }
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(receiver.accepted).toHaveLength(0);

    const second = startVeil(env);
    try {
      await second.url;
      // Its lease on the tenant runs out (3 request timeouts), then the restarted process delivers.
      await receiver.waitFor(() => receiver.accepted.length === 1, 'the event after the restart');
      expect(receiver.accepted[0]!.type).toBe('binding.created');
      expect(receiver.requests.at(-1)!.validSignature).toBe(true);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
      await receiver.close();
    }
  });
});
