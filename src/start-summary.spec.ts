import { mkdtempSync } from 'node:fs';
import type { NetworkInterfaceInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config/app.config.js';
import { reachableUrls, startSummary } from './start-summary.js';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null }) as unknown as NetworkInterfaceInfo;
const INTERFACES = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  eth0: [nic('192.168.1.20', 'IPv4'), nic('fe80::1', 'IPv6'), nic('2001:db8::20', 'IPv6')],
  docker0: [nic('172.17.0.1', 'IPv4')],
};

describe('where Veil says it can be reached', () => {
  it('bound to 0.0.0.0: localhost and each external IPv4 address, never 0.0.0.0 or 127.0.0.1', () => {
    expect(reachableUrls('0.0.0.0', 3000, INTERFACES)).toEqual([
      'http://localhost:3000',
      'http://192.168.1.20:3000',
      'http://172.17.0.1:3000',
    ]);
  });

  it('bound to :: also the global IPv6 addresses (not link-local ones); bound to one address, that one', () => {
    expect(reachableUrls('::', 8080, INTERFACES)).toEqual([
      'http://localhost:8080',
      'http://192.168.1.20:8080',
      'http://[2001:db8::20]:8080',
      'http://172.17.0.1:8080',
    ]);
    expect(reachableUrls('127.0.0.1', 3000, INTERFACES)).toEqual(['http://127.0.0.1:3000']);
    expect(reachableUrls('10.0.0.5', 3000, INTERFACES)).toEqual(['http://10.0.0.5:3000']);
  });

  it('names the dashboard, the docs, where the admin token is, and how to get an API key', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'veil-summary-'));
    const summary = startSummary(loadConfig({ VEIL_DATA_DIR: dataDir }, { persistDevSecrets: false }), 3000, true, INTERFACES);
    expect(summary).toContain(
      'Veil listening on http://localhost:3000   (also http://192.168.1.20:3000, http://172.17.0.1:3000)',
    );
    expect(summary).toContain('simulator carrier, development; database: embedded PostgreSQL in');
    expect(summary).toContain('Dashboard    http://localhost:3000/admin');
    expect(summary).toContain('API docs     http://localhost:3000/docs');
    expect(summary).toContain(`Admin token  kept in ${dataDir}/dev-secrets.json (ADMIN_TOKEN)`);
    expect(summary).toContain('`npm run tenants -- create demo`');
    expect(summary).not.toContain('Carrier URL'); // the default public URL is the local one

    const production = startSummary(
      loadConfig(
        {
          NODE_ENV: 'production',
          VEIL_DATA_DIR: dataDir,
          DATABASE_URL: 'postgres://veil@db/veil',
          ADMIN_TOKEN: 'a-production-admin-token-0123456789',
          DATA_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
          LOOKUP_HASH_KEY: 'a-production-lookup-hash-key-0123456789',
          TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
          TWILIO_AUTH_TOKEN: 'a-production-twilio-auth-token',
          PUBLIC_BASE_URL: 'https://veil.example.com',
          HOST: '10.0.0.5',
        },
        { persistDevSecrets: false },
      ),
      3000,
      false,
      INTERFACES,
    );
    expect(production).toContain('Veil listening on http://10.0.0.5:3000\n');
    expect(production).toContain('twilio carrier, production; database: DATABASE_URL');
    expect(production).toContain('Carrier URL  https://veil.example.com (PUBLIC_BASE_URL)');
    expect(production).toContain('Admin token  the ADMIN_TOKEN setting');
    expect(production).toContain('`npm run tenants -- create <name>`');
    expect(production).not.toContain('demo');
  });
});
