import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { DomainErrorFilter } from './common/domain-error.filter.js';
import { createValidationPipe } from './common/validation.pipe.js';

// Checkout and webhook bodies are small; anything larger is a mistake or abuse.
const BODY_LIMIT_BYTES = 64 * 1024;

/** The application exactly as production runs it (adapter, parsers, pipes, filters); tests use it too. */
export async function createVeilApp(options: AppModuleOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(options),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());
  // The dashboard's bundled assets; hashed names, so they may be cached for good.
  await app.register(fastifyStatic, {
    root: join(options.config.adminUiDir, 'assets'),
    prefix: '/admin/assets/',
    decorateReply: false,
    maxAge: '365d',
    immutable: true,
  });
  return app;
}
