import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Level, type Logger as PinoLogger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { resolveCorrelationId } from './correlation.js';
import { correlationStore } from './messaging.js';
import type { LogLevel } from './config.js';

const QUIET_PATHS = new Set(['/health', '/metrics']);

/**
 * One JSON line per log record. Inside an HTTP request the request logger is bound to the correlation id;
 * inside an event handler (no request) the mixin adds the correlation id and event id from correlationStore.
 */
export function createRootLogger(service: string, level: LogLevel, destination?: DestinationStream): PinoLogger {
  const boundToCorrelation = new WeakMap<object, boolean>();
  return pino(
    {
      level,
      base: { service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin(_obj, _level, logger) {
        const store = correlationStore.getStore();
        if (!store) return {};
        let bound = boundToCorrelation.get(logger);
        if (bound === undefined) {
          bound = 'correlationId' in logger.bindings();
          boundToCorrelation.set(logger, bound);
        }
        if (bound) return {};
        return store.eventId ? { correlationId: store.correlationId, eventId: store.eventId } : { correlationId: store.correlationId };
      },
    },
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

/** pino-http's middleware: one 'request completed' line per request, bound to the correlation id. */
export function requestLogger(logger: PinoLogger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => resolveCorrelationId(req, res),
    autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has((req.url ?? '').split('?')[0] ?? '') },
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'correlationId' },
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  });
}

/**
 * Nest's logger over pino, in nestjs-pino's record shape (which this replaces: its releases for NestJS 12 need
 * Node 22.12): Nest's last argument is the context, an Error goes under `err`, an object's fields are merged.
 * Minus one false alarm: @nestjs/typeorm warns that "a data source with the default name is already
 * registered" whenever a second application in the same process (the embedded launcher, tests) registers its
 * DataSource, although each application has its own DI container.
 */
export class ServiceLogger implements LoggerService {
  constructor(private readonly logger: PinoLogger) {}

  verbose(message: unknown, ...params: unknown[]): void { this.write('trace', message, params); }
  debug(message: unknown, ...params: unknown[]): void { this.write('debug', message, params); }
  log(message: unknown, ...params: unknown[]): void { this.write('info', message, params); }
  warn(message: unknown, ...params: unknown[]): void {
    if (params[params.length - 1] === 'DataSourceNameRegistry') return;
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void { this.write('error', message, params); }
  fatal(message: unknown, ...params: unknown[]): void { this.write('fatal', message, params); }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const context = params.length > 0 ? { context: params[params.length - 1] } : {};
    const rest = params.slice(0, -1) as [string?, ...unknown[]];
    if (message instanceof Error) this.logger[level]({ ...context, err: message }, ...rest);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ ...context, ...message }, ...rest);
    else if (isExceptionHandlerCall(level, rest)) {
      // Nest's exception handlers call error(message, stack, context): one error record carrying that stack.
      const err = new Error(String(message));
      err.stack = rest[0];
      this.logger.error({ ...context, err });
    } else this.logger[level](context, String(message), ...rest);
  }
}

function isExceptionHandlerCall(level: Level, rest: unknown[]): rest is [string] {
  return level === 'error' && rest.length === 1 && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0]);
}
