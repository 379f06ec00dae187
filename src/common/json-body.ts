import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody } from './domain-error.filter.js';
import { UnsupportedMediaTypeError } from './errors.js';

// The JSON API; webhooks (Twilio's form posts) and the dashboard are not under it.
const JSON_API = /^\/v1\//;
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

/**
 * The API takes JSON bodies only. Without the header, Fastify would read `curl -d '{…}'` as a form (or as
 * text) and validation would then quote the whole body back, buyer's number included; refuse it first.
 */
export function requireJsonBodies(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!JSON_API.test(request.url) || !hasBody(request)) return done();
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'application/json' || type.endsWith('+json')) return done();
    const said = MEDIA_TYPE.test(type) ? `Content-Type ${type}` : 'no Content-Type';
    const body = errorBody(
      new UnsupportedMediaTypeError(
        `The body must be JSON sent with Content-Type: application/json (this request had ${said}); ` +
          `with curl add -H 'Content-Type: application/json'`,
      ),
    );
    void reply.status(body.statusCode).send(body);
  });
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
