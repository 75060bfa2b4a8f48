import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { Logger, type Params } from 'nestjs-pino';
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

export function loggerParams(logger: PinoLogger): Params {
  return {
    pinoHttp: {
      logger,
      genReqId: (req: IncomingMessage, res: ServerResponse) => resolveCorrelationId(req, res),
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has((req.url ?? '').split('?')[0] ?? '') },
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'correlationId' },
      serializers: {
        req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}

/**
 * nestjs-pino's Nest logger, minus one false alarm: @nestjs/typeorm warns that "a data source with the
 * default name is already registered" whenever a second application in the same process (the embedded
 * launcher, tests) registers its DataSource, although each application has its own DI container.
 */
export class ServiceLogger extends Logger {
  override warn(message: unknown, ...optionalParams: unknown[]): void {
    if (optionalParams[optionalParams.length - 1] === 'DataSourceNameRegistry') return;
    super.warn(message, ...optionalParams);
  }
}
