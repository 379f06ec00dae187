import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** What the rate limits keep of a presented credential: its SHA-256, never the credential itself. */
export function credentialHash(credential: string | null): string | null {
  return credential === null ? null : createHash('sha256').update(credential).digest('base64url');
}
