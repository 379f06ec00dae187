import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app.config.js';
import { UnauthorizedError } from '../common/errors.js';
import { bearerToken } from './bearer-token.js';

/** Admin API: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(config: AppConfig) {
    this.expected = digest(config.adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const token = bearerToken(context.switchToHttp().getRequest<FastifyRequest>());
    if (!token) throw new UnauthorizedError('Missing admin token: send Authorization: Bearer <admin token>');
    if (!timingSafeEqual(digest(token), this.expected)) throw new UnauthorizedError('Wrong admin token');
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
