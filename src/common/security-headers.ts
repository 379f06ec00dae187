import helmet from '@fastify/helmet';
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

/**
 * Security headers on every answer (helmet's defaults: HSTS, nosniff, frame and referrer policies...)
 * with a strict Content-Security-Policy; the Swagger UI pages under /docs get the looser one above, and
 * the carrier's webhooks none.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Must be in place before the /docs routes are added: route options are read when a route registers.
  fastify.addHook('onRoute', (route) => {
    if (route.url === DOCS_PATH || route.url.startsWith(`${DOCS_PATH}/`)) {
      route.config = { ...(route.config ?? {}), helmet: { contentSecurityPolicy: { useDefaults: false, directives: DOCS } } };
    }
    // The carrier's webhooks answer TwiML to Twilio's servers, never a browser: the headers would protect
    // nothing there, and eleven of them on every routed call are a measurable share of its cost.
    if (route.url.startsWith(WEBHOOKS_PREFIX)) {
      route.config = { ...(route.config ?? {}), helmet: { skipRoute: true } };
    }
  });
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: STRICT },
    // No upgrade-insecure-requests (useDefaults: false): Veil is also tried on plain http://localhost.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    frameguard: { action: 'deny' },
  });
}
