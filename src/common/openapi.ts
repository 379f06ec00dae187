import { applyDecorators } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiProperty, ApiPropertyOptional, ApiResponse, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
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
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A tenant API key (POST /v1/admin/tenants)' }, TENANT_AUTH)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The admin token (ADMIN_TOKEN)' }, ADMIN_AUTH)
    .build();
  // Built on the first request, when every controller is registered.
  SwaggerModule.setup(DOCS_PATH, app, () => SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto] }), {
    jsonDocumentUrl: DOCS_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Veil API',
    // No calls to validator.swagger.io: the page works offline and under our CSP.
    swaggerOptions: { validatorUrl: null },
  });
}
