import { applyDecorators } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ApiBody,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { AppConfig } from '../config/app.config.js';
import { ERROR_CODES } from './domain-error.filter.js';

/** The two bearer schemes of the API. */
export const TENANT_AUTH = 'tenant-api-key';
export const ADMIN_AUTH = 'admin-token';

export const DOCS_PATH = '/docs';
export const DOCS_JSON_PATH = '/docs/json';

export class ErrorDetailDto {
  @ApiPropertyOptional({ description: 'The request field at fault', example: 'buyerPhone' })
  field?: string;

  @ApiProperty({ example: 'buyerPhone must be a valid phone number' })
  message!: string;
}

/** Every error answer: a stable snake_case `error` code, a readable message, and per-field details. */
export class ErrorResponseDto {
  @ApiProperty({ description: 'The HTTP status, repeated', example: 400 })
  statusCode!: number;

  @ApiProperty({ description: 'Stable error code', enum: ERROR_CODES, example: 'validation_failed' })
  error!: string;

  @ApiProperty({ example: 'buyerPhone must be a valid phone number' })
  message!: string;

  @ApiProperty({ type: [ErrorDetailDto] })
  details!: ErrorDetailDto[];
}

/** Error answers of a route or a whole controller: status -> which `error` codes and when. */
export function ApiErrors(errors: Record<number, string>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(errors).map(([status, description]) =>
      ApiResponse({ status: Number(status), description, type: ErrorResponseDto }),
    ),
  );
}

/**
 * The request body "Try it out" sends. Without one, Swagger UI builds a body from the schema: every
 * optional field, with made-up values (both `afterSalesEndsAt` and `windowDays`, a date of now), which
 * the API rightly refuses. An example here is sent as it is, and the OpenAPI test sends each one.
 */
export function ApiExampleBody(type: new () => object, summary: string, value: Record<string, unknown>): MethodDecorator {
  return ApiBody({ type, examples: { example: { summary, value } } });
}

/** What every API route with a body may answer when the body is not declared as JSON. */
export const JSON_BODY = '`unsupported_media_type`: a body sent without `Content-Type: application/json`';

/** What every rate-limited API may answer besides its own errors. */
export const RATE_LIMITED = '`rate_limited`: too many requests (see the `Retry-After` header, in seconds)';

export interface RegisteredRoute {
  method: string;
  url: string;
}

const routesByServer = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** The routes Fastify registers from now on (HEAD twins of GET excluded); the OpenAPI test compares them. */
export function collectRoutes(fastify: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  routesByServer.set(fastify, routes);
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url });
    }
  });
}

export function registeredRoutes(app: NestFastifyApplication): RegisteredRoute[] {
  return [...(routesByServer.get(app.getHttpAdapter().getInstance()) ?? [])];
}

/** `GET /docs` (Swagger UI, served from the installed swagger-ui-dist) and `GET /docs/json`, built from the code. */
export function setUpOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Veil')
    .setDescription(
      'Number-masking relay: a temporary relay number per order, forwarding calls and texts while the order is live. ' +
        'Errors have the shape `{ statusCode, error, message, details }` with a stable snake_case `error`.',
    )
    .setVersion('v1')
    // Plain bearer keys, not JWTs (the library's default format): an opaque string sent as it was given.
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'API key',
        description:
          'A tenant API key, `Authorization: Bearer veil_…` (POST /v1/admin/tenants, or the demo key printed at first start)',
      },
      TENANT_AUTH,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'admin token',
        description: 'The admin token, `Authorization: Bearer …` (ADMIN_TOKEN; in development kept in .veil/dev-secrets.json)',
      },
      ADMIN_AUTH,
    )
    .build();
  const limits = app.get(AppConfig);
  // Built on the first request, when every controller is registered.
  SwaggerModule.setup(
    DOCS_PATH,
    app,
    () => withConfiguredLimits(SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto] }), limits),
    {
      jsonDocumentUrl: DOCS_JSON_PATH,
      raw: ['json'],
      customSiteTitle: 'Veil API',
      // No calls to validator.swagger.io: the page works offline and under our CSP.
      swaggerOptions: { validatorUrl: null },
    },
  );
}

type SchemaProperties = Record<string, { maximum?: number; description?: string }>;

/**
 * The window limits are configuration (MAX_WINDOW_DAYS), not constants: the document states the values
 * this Veil enforces, where the validators only hold a sanity bound.
 */
function withConfiguredLimits(document: OpenAPIObject, config: AppConfig): OpenAPIObject {
  const properties = (schema: string) =>
    (document.components?.schemas?.[schema] as { properties?: SchemaProperties } | undefined)?.properties ?? {};
  const cap = config.maxWindowDays;
  const windowDays = properties('CreateBindingDto').windowDays;
  if (windowDays) {
    windowDays.maximum = cap;
    windowDays.description =
      `Window in days from now, at most MAX_WINDOW_DAYS (${cap} here); default DEFAULT_WINDOW_DAYS ` +
      `(${config.defaultWindowDays} here). Give this or \`afterSalesEndsAt\`, not both`;
  }
  const afterSales = properties('CreateBindingDto').afterSalesEndsAt;
  if (afterSales) {
    afterSales.description = `End of the after-sales window (ISO 8601, in the future, within ${cap} days); give this or \`windowDays\`, not both`;
  }
  const days = properties('ExtendBindingDto').days;
  if (days) {
    days.maximum = cap;
    days.description = `Days to add; give this or \`until\`. The window never passes creation + MAX_WINDOW_DAYS (${cap} here)`;
  }
  return document;
}
