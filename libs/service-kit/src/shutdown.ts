import type { Server } from 'node:http';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/**
 * First step of the graceful shutdown: stop accepting HTTP connections and let in-flight requests finish
 * (bounded). It runs in the root module's onModuleDestroy, which Nest calls before the messaging module
 * stops its consumers and relay and before TypeORM closes the pool (onApplicationShutdown).
 */
@Injectable()
export class HttpShutdown implements OnModuleDestroy {
  private readonly logger = new Logger('Shutdown');
  static graceMs = 10_000;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async onModuleDestroy(): Promise<void> {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    this.logger.log('closing HTTP server');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        server.closeAllConnections();
        resolve();
      }, HttpShutdown.graceMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      server.closeIdleConnections();
    });
    this.logger.log('HTTP server closed');
  }
}
