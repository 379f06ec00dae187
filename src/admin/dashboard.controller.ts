import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../config/app.config.js';

/**
 * The dashboard page, served by Veil itself. Its assets (built by `npm run build:ui`) are static files
 * under /admin/assets/; the page asks for the admin token and calls the admin API.
 */
@ApiTags('admin')
@Controller('admin')
export class DashboardController {
  private page: string | null = null;

  constructor(private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: 'The dashboard page (it asks for the admin token)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The dashboard page', schema: { type: 'string' } })
  @ApiServiceUnavailableResponse({ description: 'The dashboard is not built (`npm run build:ui`)', schema: { type: 'string' } })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  index(@Res({ passthrough: true }) reply: FastifyReply): string {
    this.page ??= this.load();
    if (!this.page) {
      void reply.status(503);
      return '<!doctype html><title>Veil</title><p>The dashboard is not built: run <code>npm run build:ui</code>.</p>';
    }
    return this.page;
  }

  private load(): string | null {
    const file = join(this.config.adminUiDir, 'index.html');
    return existsSync(file) ? readFileSync(file, 'utf8') : null;
  }
}
