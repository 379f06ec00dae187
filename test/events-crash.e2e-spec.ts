import { createTenant, provisionNumbers, checkout } from './factories/index.js';
import { EventReceiver } from './support/event-receiver.js';
import { resetDatabase, startTestApp } from './support/test-app.js';
import { spawnVeil, testServerEnv } from './support/veil-process.js';

describe('events survive a crash', () => {
  it('Veil killed with SIGKILL while the push is in flight: the event is delivered after the restart', async () => {
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
    // The real process, as production runs it, against the test database.
    const env = testServerEnv({
      EVENT_POLL_MS: '50',
      EVENT_TIMEOUT_MS: '500',
      EVENT_RETRY_BASE_MS: '100',
      SWEEPER_ENABLED: 'false',
    });
    const first = spawnVeil(env);
    try {
      const url = await first.listening;
      const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
      const put = await fetch(`${url}/v1/webhook`, { method: 'PUT', headers, body: JSON.stringify({ url: receiver.url }) });
      receiver.secrets = [((await put.json()) as { secret: string }).secret];
      const created = await fetch(`${url}/v1/bindings`, { method: 'POST', headers, body: JSON.stringify(checkout()) });
      expect(created.status).toBe(201);
      await receiver.waitFor(() => receiver.openRequests() === 1, 'the push in flight');
    } finally {
      first.child.kill('SIGKILL');
    }
    await first.exited;
    expect(receiver.accepted).toHaveLength(0);

    const second = spawnVeil(env);
    try {
      await second.listening;
      // Its lease on the tenant runs out (3 request timeouts), then the restarted process delivers.
      await receiver.waitFor(() => receiver.accepted.length === 1, 'the event after the restart');
      expect(receiver.accepted[0]!.type).toBe('binding.created');
      expect(receiver.requests.at(-1)!.validSignature).toBe(true);
    } finally {
      await second.stop();
      await receiver.close();
    }
  });
});
