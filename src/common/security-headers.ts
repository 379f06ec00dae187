import helmet from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DOCS_PATH } from './openapi.js';

type Directives = Record<string, string[]>;

// The dashboard loads its own bundled script and styles from /admin/assets/ and inlines nothing.
const STRICT: Directives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
};

const WEBHOOKS_PREFIX = '/webhooks/';

// Swagger UI's page has an inline <style> and style attributes; its scripts are files, so only styles loosen.
const DOCS: Directives = { ...STRICT, 'style-src': ["'self'", "'unsafe-inline'"] };

// No upgrade-insecure-requests (useDefaults: false): Veil is also tried on plain http://localhost.
const COMMON = {
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  frameguard: { action: 'deny' as const },
};

/**
 * Security headers on every answer (helmet's defaults: HSTS, nosniff, frame and referrer policies...)
 * with a strict Content-Security-Policy; the Swagger UI pages under /docs get the looser one above, and
 * the carrier's webhooks none. helmet's middleware is built once per policy here: the Fastify plugin
 * rebuilt it, parsing every directive again, on each request (about 50 us of every API call).
 */
export function registerSecurityHeaders(app: NestFastifyApplication): void {
  const strict = helmet({ ...COMMON, contentSecurityPolicy: { useDefaults: false, directives: STRICT } });
  const docs = helmet({ ...COMMON, contentSecurityPolicy: { useDefaults: false, directives: DOCS } });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const route = request.routeOptions.url ?? '';
      // The carrier's webhooks answer TwiML to Twilio's servers, never a browser: nothing to protect.
      if (route.startsWith(WEBHOOKS_PREFIX)) return done();
      const headers = route === DOCS_PATH || route.startsWith(`${DOCS_PATH}/`) ? docs : strict;
      headers(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
    });
}
