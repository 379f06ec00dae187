import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../config/app.config.js';

/**
 * The dashboard page, served by Veil itself. Its assets (built by `npm run build:ui`) are static files
 * under /admin/assets/; the page asks for the admin token and calls the admin API.
 */
@Controller('admin')
export class DashboardController {
  private page: string | null = null;

  constructor(private readonly config: AppConfig) {}

  @Get()
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
