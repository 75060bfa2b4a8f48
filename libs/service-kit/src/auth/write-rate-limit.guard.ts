import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { SERVICE_CONFIG, type ServiceConfig } from '../config.js';
import { httpError } from '../errors/http-errors.js';
import type { AuthenticatedRequest } from './auth.guard.js';
import { isReadMethod } from './roles.js';

/**
 * At most RATE_LIMIT_WRITES_PER_MINUTE write requests (POST, PUT, PATCH, DELETE) per client and minute, per
 * service instance; more answer 429 with Retry-After. A client is the authenticated caller, else (authentication
 * disabled) the remote address. Runs after AuthGuard, so unauthenticated requests never use a caller's budget.
 */
@Injectable()
export class WriteRateLimitGuard implements CanActivate {
  private readonly limiter?: RateLimiterMemory;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    const points = config.http.writesPerMinute;
    if (points > 0) this.limiter = new RateLimiterMemory({ points, duration: 60 });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.limiter || context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest & IncomingMessage>();
    if (isReadMethod(req.method)) return true;
    const client = req.identity?.subject ?? req.socket.remoteAddress ?? 'unknown';
    try {
      await this.limiter.consume(client);
      return true;
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      context.switchToHttp().getResponse<ServerResponse>().setHeader('Retry-After', String(seconds));
      throw httpError(429, `Too many write requests: at most ${this.limiter.points} per minute, retry in ${seconds} s`);
    }
  }
}
