import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where Veil may POST events. In production: https only, and never to a private, loopback, link-local
 * or otherwise non-public address, checked when the endpoint is registered and again on every
 * connection (the address the connection uses, so a DNS answer that changes after the check cannot
 * point Veil at an internal service). In development and tests: plain http and loopback too.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  // An IPv4-mapped IPv6 address is its IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]!);
  return !NOT_PUBLIC.check(address, 'ipv6');
}

export class EndpointRefusedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'EndpointRefusedError';
  }
}

/** The URL's own rules; answers the problem, or null when the URL may be used. */
export function urlProblem(raw: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !production)) {
    return production ? 'must use https' : 'must use https (or http while not in production)';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.hash) return 'must not have a #fragment';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (production) {
    if (isIP(host) && !isPublicAddress(host)) return 'must not point at a private, loopback or link-local address';
    if (/^localhost$|\.localhost$|\.local$|\.internal$/i.test(host)) return 'must name a public host';
  }
  return null;
}

/** Production: resolves the host and checks every address (registration). Elsewhere any host may be used. */
export async function checkEndpointHost(raw: string, production: boolean): Promise<void> {
  if (!production) return;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await resolveAll(host);
  if (addresses.some((address) => !isPublicAddress(address))) {
    throw new EndpointRefusedError('resolves to a private, loopback or link-local address');
  }
}

function resolveAll(host: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true }, (error, addresses: LookupAddress[]) => {
      if (error) reject(new EndpointRefusedError(`host does not resolve (${error.code ?? 'error'})`));
      else resolve(addresses.map((a) => a.address));
    });
  });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that refuses non-public addresses: used for every connection Veil opens
 * to an endpoint in production, so that the address checked is the address connected to.
 */
export function publicOnlyLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void {
  dnsLookup(hostname, { all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused || addresses.length === 0) {
      const e: NodeJS.ErrnoException = new EndpointRefusedError('resolves to a private, loopback or link-local address');
      e.code = 'EADDRNOTPUBLIC';
      return callback(e, []);
    }
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}
