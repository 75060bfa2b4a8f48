import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Level, type Logger as PinoLogger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { resolveCorrelationId } from './correlation.js';
import { correlationLogFields } from './messaging.js';
import type { LogLevel } from './config.js';

const QUIET_PATHS = new Set(['/health', '/metrics']);

/**
 * One JSON line per log record, each naming its service. Inside an HTTP request the request logger is bound to
 * the correlation id; elsewhere (an event's handling, a batch of events) the mixin adds the correlation from
 * correlationStore: `correlationId` and `eventId`, or a batch's `correlationIds`.
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
        const fields = correlationLogFields();
        if (fields.correlationId === undefined && fields.correlationIds === undefined) return fields;
        let bound = boundToCorrelation.get(logger);
        if (bound === undefined) {
          bound = 'correlationId' in logger.bindings();
          boundToCorrelation.set(logger, bound);
        }
        return bound ? {} : fields;
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

/** The logger of the service whose work is running: see `runAsService`. */
const serviceScope = new AsyncLocalStorage<PinoLogger>();

/**
 * Runs `fn`, and every piece of work it starts (requests of a server listening meanwhile, consumers, relay,
 * timers), as the service's whose logger this is: Nest's loggers (`new Logger(context)`, the framework's own)
 * write there. Several services in one process (the embedded launcher, tests) share Nest's one static logger,
 * which otherwise writes every service's lines to the logger of the service started last, under its name.
 */
export const runAsService = <T>(logger: PinoLogger, fn: () => T): T => serviceScope.run(logger, fn);

/**
 * Makes the app's own `listen` and `close` run as the service (runAsService), whoever calls them: a server's
 * connections, and so its requests with their bodies, belong to the scope it started listening in; the lines of
 * a shutdown to the service shut down. Defined rather than assigned: Nest's application proxy ignores
 * assignments, and forwards definitions to the application.
 */
export function keepServiceScope(app: INestApplication, logger: PinoLogger): void {
  const proto = Object.getPrototypeOf(app) as Record<'listen' | 'close', (...args: unknown[]) => Promise<unknown>>;
  for (const name of ['listen', 'close'] as const) {
    const original = proto[name];
    Object.defineProperty(app, name, {
      configurable: true,
      // `this`: the application itself, which the proxy calls its methods on
      value: function (this: INestApplication, ...args: unknown[]) {
        return runAsService(logger, () => original.apply(this, args));
      },
    });
  }
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
    const logger = serviceScope.getStore() ?? this.logger;
    const context = params.length > 0 ? { context: params[params.length - 1] } : {};
    const rest = params.slice(0, -1) as [string?, ...unknown[]];
    if (message instanceof Error) logger[level]({ ...context, err: message }, ...rest);
    else if (typeof message === 'object' && message !== null) logger[level]({ ...context, ...message }, ...rest);
    else if (isExceptionHandlerCall(level, rest)) {
      // Nest's exception handlers call error(message, stack, context): one error record carrying that stack.
      const err = new Error(String(message));
      err.stack = rest[0];
      logger.error({ ...context, err });
    } else logger[level](context, String(message), ...rest);
  }
}

function isExceptionHandlerCall(level: Level, rest: unknown[]): rest is [string] {
  return level === 'error' && rest.length === 1 && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0]);
}
