import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { DomainErrorFilter, errorBody } from './common/domain-error.filter.js';
import { NotFoundError } from './common/errors.js';
import { requireJsonBodies } from './common/json-body.js';
import { collectRoutes, setUpOpenApi } from './common/openapi.js';
import { createPinoLogger, PinoLoggerService, registerRequestLogging, requestId } from './common/request-logging.js';
import { registerSecurityHeaders } from './common/security-headers.js';
import { createValidationPipe } from './common/validation.pipe.js';
import type { TrustProxy } from './config/app.config.js';
import { MetricsService } from './health/metrics.service.js';

// Checkout and webhook bodies are small; anything larger is a mistake or abuse.
const BODY_LIMIT_BYTES = 64 * 1024;

/** The application exactly as production runs it (adapter, parsers, pipes, filters); tests use it too. */
export async function createVeilApp(options: AppModuleOptions): Promise<NestFastifyApplication> {
  const logger = createPinoLogger(options.config.logLevel, options.logStream);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(options),
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      trustProxy: trustProxy(options.config.trustProxy),
      genReqId: requestId,
      // The router refuses a path parameter it cannot decode (`%C0%AF`) or an over-long one before any Nest
      // filter runs. Every parameter here is an id, and such a value names nothing: 404 in the contract's shape.
      frameworkErrors: (_error: Error, _request: FastifyRequest, reply: FastifyReply) => {
        const body = errorBody(new NotFoundError('Not found'));
        void reply.status(body.statusCode).send(body);
      },
    }),
    { bufferLogs: true },
  );
  app.useLogger(PinoLoggerService.forProcess(logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestLogging(fastify, logger);
  requireJsonBodies(fastify);
  collectRoutes(fastify);
  app.get(MetricsService).instrument(fastify);
  registerSecurityHeaders(app);
  // The dashboard's bundled assets; hashed names, so they may be cached for good.
  await app.register(fastifyStatic, {
    root: join(options.config.adminUiDir, 'assets'),
    prefix: '/admin/assets/',
    decorateReply: false,
    maxAge: '365d',
    immutable: true,
  });
  // `/admin/`, as people type it and as links to a folder end, is the dashboard too (its assets are absolute).
  fastify.get('/admin/', (_request, reply) => reply.redirect('/admin', 301));
  setUpOpenApi(app);
  return app;
}

/** Whose X-Forwarded-For is believed: the per-address rate limits count `request.ip`. A number is hops. */
function trustProxy(setting: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}
