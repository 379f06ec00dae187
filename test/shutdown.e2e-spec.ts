import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { testDatabaseUrl } from './support/database-url.js';
import { resetDatabase, startTestApp, TEST_ENV } from './support/test-app.js';

describe('graceful shutdown', () => {
  it('a SIGTERM during a checkout storm loses no acknowledged binding, and the process exits cleanly', async () => {
    if (!existsSync('dist/main.js')) throw new Error('dist/main.js is missing: `npm test` builds it first (pretest)');
    const setup = await startTestApp();
    let apiKey: string;
    try {
      await resetDatabase(setup.dataSource);
      apiKey = (await createTenant(setup)).apiKey;
      await provisionNumbers(setup, 'shared', 5);
    } finally {
      await setup.close();
    }

    // The real process, as production runs it.
    const child = spawn(process.execPath, ['dist/main.js'], {
      env: {
        ...process.env,
        ...TEST_ENV,
        DATABASE_URL: testDatabaseUrl(),
        VEIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'veil-shutdown-')),
        PORT: '0',
        HOST: '127.0.0.1',
        MIGRATIONS_RUN: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /Veil listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.on('exit', () => reject(new Error(`Veil exited before listening:\n${out}`)));
    });

    const acknowledged: string[] = [];
    let refused = 0;
    let signalled = false;
    const worker = async () => {
      for (let i = 0; i < 60; i++) {
        try {
          const response = await fetch(`${url}/v1/bindings`, {
            method: 'POST',
            headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ orderId: `TERM-${uniquePhone()}`, buyerPhone: uniquePhone('+1212555'), mode: 'shared' }),
          });
          const body = (await response.json()) as { id?: string };
          if (response.status === 201) acknowledged.push(body.id!);
        } catch {
          refused += 1; // the server has stopped accepting: expected once it is shutting down
          if (signalled) return;
        }
        if (acknowledged.length >= 80 && !signalled) {
          signalled = true;
          child.kill('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    expect(signalled).toBe(true);
    expect(await exited).toBe(0);
    expect(refused).toBeGreaterThan(0);

    const verify = await startTestApp();
    try {
      const rows = await verify.dataSource.query(`SELECT id FROM binding WHERE id = ANY($1::uuid[]) AND status = 'active'`, [
        acknowledged,
      ]);
      expect(rows).toHaveLength(acknowledged.length);
      expect(acknowledged.length).toBeGreaterThanOrEqual(80);
    } finally {
      await verify.close();
    }
  });
});
