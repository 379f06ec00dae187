import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { AppConfig } from './config/app.config.js';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

const ANY_ADDRESS = new Set(['0.0.0.0', '::', '']);

/**
 * Where a browser on this machine or the network reaches Veil. Bound to every interface (0.0.0.0),
 * that is localhost and each external address, never "0.0.0.0"; bound to one address, that address.
 */
export function reachableUrls(host: string, port: number, interfaces: Interfaces = networkInterfaces()): string[] {
  const url = (address: string) => `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  if (!ANY_ADDRESS.has(host)) return [url(host === '::1' ? 'localhost' : host)];
  const external = Object.values(interfaces)
    .flat()
    .filter((i): i is NetworkInterfaceInfo => !!i && !i.internal)
    // IPv6 only when bound to `::` (0.0.0.0 is IPv4 only); never link-local addresses, which need a zone.
    .filter((i) => i.family === 'IPv4' || (host === '::' && !i.address.toLowerCase().startsWith('fe80:')))
    .map((i) => url(i.address));
  return [url('localhost'), ...new Set(external)];
}

/** The lines every start prints once Veil listens: where it is, where to look, what to do next. */
export function startSummary(config: AppConfig, port: number, embedded: boolean, interfaces?: Interfaces): string {
  const [local, ...others] = reachableUrls(config.host, port, interfaces);
  const adminToken = config.devSecretNames.includes('ADMIN_TOKEN')
    ? `kept in ${config.dataDir}/dev-secrets.json (ADMIN_TOKEN)`
    : 'the ADMIN_TOKEN setting';
  const demo = config.demoSeed && config.telephonyProvider === 'simulator' && config.nodeEnv !== 'production';
  const lines = [
    `Veil listening on ${local}${others.length ? `   (also ${others.join(', ')})` : ''}`,
    `  ${config.telephonyProvider} carrier, ${config.nodeEnv}; database: ${embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL'}`,
    `  Dashboard    ${local}/admin`,
    `  API docs     ${local}/docs`,
    ...(config.publicBaseUrl !== `http://localhost:${port}` ? [`  Carrier URL  ${config.publicBaseUrl} (PUBLIC_BASE_URL)`] : []),
    `  Admin token  ${adminToken}`,
    demo
      ? '  API key      missed the demo key? `npm run tenants -- create demo` prints a new one (or POST /v1/admin/tenants)'
      : '  API key      a tenant and its key: `npm run tenants -- create <name>` (or POST /v1/admin/tenants)',
  ];
  return ['', ...lines.map((l) => `  ${l}`), ''].join('\n');
}
