import 'reflect-metadata';
import { Global, Logger as NestLogger, Module, RequestMethod, type DynamicModule, type INestApplication, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerminusModule } from '@nestjs/terminus';
import helmet from 'helmet';
import type { Logger as PinoLogger } from 'pino';
import { SERVICE_CONFIG, SERVICE_SETTINGS, configValidator, validateServiceEnv, type ServiceConfig } from './config.js';
import { CorrelationMiddleware } from './correlation.js';
import { typeOrmOptions, withSchemaLock } from './database.js';
import { HealthController } from './health.js';
import { ServiceLogger, createRootLogger, keepServiceScope, requestLogger, runAsService } from './logging.js';
import { KafkaBroker, KafkaSecurityConfigError, MessagingModule, MessagingTransport, connectMessagingTransport, kafkaSecurityFromEnv, type Broker } from './messaging.js';
import { HttpMetricsMiddleware, METRICS_REGISTRY, MessagingMetrics, MetricsController, createMetricsRegistry } from './metrics.js';
import type { ServiceDefinition, ServiceOverrides } from './service-definition.js';
import { HttpShutdown } from './shutdown.js';
import { assertPortFree, explainingStartupErrors, listenOn } from './startup.js';
import { HttpErrorFilter } from './errors/error-filter.js';
import { requireJsonBody } from './errors/request-body.js';
import { createValidationPipe } from './validation.js';
import { setupOpenApi } from './openapi/document.js';
import { AUDIT_SCHEMA, AuditController, AuditInterceptor, auditMigration } from './auth/audit.js';
import { AUTH_SETTINGS, AuthGuard } from './auth/auth.guard.js';
import { readAuthSettings, type AuthSettings } from './auth/auth-settings.js';
import { MaxStringLengthPipe } from './auth/string-length.pipe.js';
import { WriteRateLimitGuard } from './auth/write-rate-limit.guard.js';
import { StartupError } from './startup.js';
import { jsonBodyParser, textBodyParser } from './body-limits.js';

/** Providers every feature module may inject: SERVICE_CONFIG, SERVICE_SETTINGS, METRICS_REGISTRY. */
@Global()
@Module({})
class ServiceKitCoreModule {}

@Module({})
class ServiceRootModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware, HttpMetricsMiddleware, requireJsonBody).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

/** The broker of a service: Kafka when KAFKA_BROKERS is set, else the one handed over (embedded mode). */
export function chooseBroker(def: ServiceDefinition, config: ServiceConfig, overrides: ServiceOverrides, logger?: PinoLogger): { broker: Broker; owned: boolean } {
  if (config.kafkaBrokers) {
    // The adapter's own warnings (a failed offset commit) go to the service's JSON log like everything else.
    const log = logger?.child({ context: 'kafka-broker' });
    const brokerLogger = log ? { log: (m: string) => log.info(m), warn: (m: string) => log.warn(m), error: (m: string) => log.error(m) } : undefined;
    const kafka = kafkaSecurity({ ...process.env, ...overrides.env });
    return { broker: new KafkaBroker(config.kafkaBrokers, config.kafkaClientId, { kafka, ...(brokerLogger ? { logger: brokerLogger } : {}) }), owned: true };
  }
  // A broker handed over is shared (the launcher's one InProcessBroker): its owner closes it.
  if (overrides.broker) return { broker: overrides.broker, owned: false };
  throw new Error(
    `service ${def.name}: KAFKA_BROKERS is not set and no in-process broker was given. ` +
      'Set KAFKA_BROKERS=host:9092[,host:9092] or run the embedded mode (npm start).',
  );
}

/** KAFKA_SASL_* and KAFKA_SSL_* (see kafkaSecurityFromEnv); a setting that cannot work stops the start with one line. */
function kafkaSecurity(env: Record<string, string | undefined>): ReturnType<typeof kafkaSecurityFromEnv> {
  try {
    return kafkaSecurityFromEnv(env);
  } catch (e) {
    throw e instanceof KafkaSecurityConfigError ? new StartupError(e.message) : e;
  }
}

function rootModule(
  def: ServiceDefinition,
  config: ServiceConfig,
  overrides: ServiceOverrides,
  broker: { broker: Broker; owned: boolean },
  logger: PinoLogger,
  auth: AuthSettings,
): DynamicModule {
  const registry = createMetricsRegistry();
  const core: DynamicModule = {
    module: ServiceKitCoreModule,
    providers: [
      { provide: SERVICE_CONFIG, useValue: config },
      { provide: SERVICE_SETTINGS, useValue: config.settings },
      { provide: METRICS_REGISTRY, useValue: registry },
    ],
    exports: [SERVICE_CONFIG, SERVICE_SETTINGS, METRICS_REGISTRY],
  };
  return {
    module: ServiceRootModule,
    imports: [
      core,
      ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: configValidator(def, overrides.env) }),
      TypeOrmModule.forRoot(typeOrmOptions({ ...def, migrations: [...def.migrations, auditMigration(def.schema)] }, config, logger)),
      MessagingModule.forRoot({
        serviceName: def.name, groupId: config.consumerGroup, schema: def.schema, broker: broker.broker, closeBroker: broker.owned,
        inboxRetentionDays: config.inboxRetentionDays,
      }),
      TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 }),
      ...def.imports,
    ],
    controllers: [HealthController, MetricsController, AuditController],
    providers: [
      HttpShutdown, MessagingMetrics, CorrelationMiddleware, HttpMetricsMiddleware,
      // Authentication, then the write rate limit (per authenticated caller), before any pipe or handler.
      { provide: AUTH_SETTINGS, useValue: auth },
      { provide: AUDIT_SCHEMA, useValue: def.schema },
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_GUARD, useClass: WriteRateLimitGuard },
      { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
    ],
  };
}

/**
 * Builds a service's Nest application without listening: validated config, TypeORM (schema created,
 * migrations run), messaging, /health, /metrics, /docs, JSON logs with correlation ids, validation; its consumers
 * have started (subscribed). Tests call `app.listen(0)` and use fetch; startService listens on PORT first.
 */
export async function createServiceApp(def: ServiceDefinition, overrides: ServiceOverrides = {}): Promise<INestApplication> {
  const { app, consume } = await buildServiceApp(def, overrides);
  try {
    await consume();
  } catch (e) {
    await app.close().catch(() => undefined);
    throw e;
  }
  return app;
}

/** The application, routes ready, consumers not started: `consume` starts them (as the service, so their log lines name it). */
async function buildServiceApp(def: ServiceDefinition, overrides: ServiceOverrides): Promise<{ app: INestApplication; consume: () => Promise<void> }> {
  const env = { ...process.env, ...overrides.env };
  const config = validateServiceEnv(def, env);
  const auth = readAuthSettings(env);
  const logger = createRootLogger(def.name, config.logLevel, overrides.logDestination);
  const broker = chooseBroker(def, config, overrides, logger);

  // TypeORM connects and runs the migrations while the application is created: under the schema lock. All of it
  // runs as this service's, so its consumers, relay and timers log under its name (runAsService).
  const app = await runAsService(logger, () => withSchemaLock(config.databaseUrl, def.schema, async () => {
    const app = await NestFactory.create<NestExpressApplication>(rootModule(def, config, overrides, broker, logger, auth), {
      bufferLogs: true,
      abortOnError: false,
    });
    keepServiceScope(app, logger);
    try {
      app.useLogger(new ServiceLogger(logger));
      app.use(requestLogger(logger));
      app.use(securityHeaders());
      // Global pipes and the docs routes must exist before init, when Nest registers the routes.
      // Instead of the default parser (100 KB): a larger body answers 413 before anything reads it. The routes the
      // service allows more (a batch endpoint) parse first; the global parser then skips their finished bodies.
      for (const [path, kb] of Object.entries(def.bodyLimitsKb ?? {})) app.use(path, jsonBodyParser(Math.max(kb * 1024, config.http.bodyLimitBytes)));
      for (const [path, types] of Object.entries(def.textBodyTypes ?? {})) {
        app.use(path, textBodyParser(Math.max((def.bodyLimitsKb?.[path] ?? 0) * 1024, config.http.bodyLimitBytes), types));
      }
      app.useBodyParser('json', { limit: config.http.bodyLimitBytes });
      app.useGlobalPipes(new MaxStringLengthPipe(config.http.maxStringLength), createValidationPipe());
      app.useGlobalFilters(new HttpErrorFilter(app.getHttpAdapter(), def.httpErrors));
      setupOpenApi(app, def);
      await app.init();
      // Consumers: the @EventPattern handlers of the controllers, through the messaging transport.
      connectMessagingTransport(app);
      return app;
    } catch (e) {
      await app.close().catch(() => undefined);
      throw e;
    }
  }));
  return { app, consume: () => runAsService(logger, () => app.startAllMicroservices()).then(() => undefined) };
}

/**
 * Resolves once the application's consumers subscribed (startService starts them after the HTTP server listens;
 * on Kafka the join may still be completing: /health says `joining` until it has).
 */
export function consumersSubscribed(app: INestApplication): Promise<void> {
  return app.get(MessagingTransport).whenSubscribed();
}

/**
 * helmet's headers (nosniff, frame options, a CSP...) on every answer, and no X-Powered-By (helmet removes it). Its
 * default CSP lets the Swagger UI at /docs load its own scripts and styles; only upgrade-insecure-requests goes, as
 * the services speak plain HTTP behind whatever terminates TLS.
 */
function securityHeaders(): ReturnType<typeof helmet> {
  return helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
}

/**
 * main.ts of every service: `await startService(salesOrdersService)`. Listens on PORT (default def.defaultPort).
 * A StartupError (port in use, database missing and not creatable) ends the process with one line, unless
 * exitOnStartupError is false (the launcher says it in its own words).
 */
export async function startService(
  def: ServiceDefinition,
  overrides: ServiceOverrides & { enableShutdownHooks?: boolean; exitOnStartupError?: boolean } = {},
): Promise<INestApplication> {
  const exitOnError = overrides.exitOnStartupError !== false;
  return explainingStartupErrors(def.name, exitOnError, async () => {
    await assertPortFree(validateServiceEnv(def, { ...process.env, ...overrides.env }).port);
    const { app, consume } = await buildServiceApp(def, overrides);
    if (overrides.enableShutdownHooks !== false) app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
    const config = app.get<ServiceConfig>(SERVICE_CONFIG);
    await listenOn(app, config.port, config.host);
    const url = await app.getUrl();
    const log = new NestLogger(def.name);
    if (overrides.logStartup !== false) log.log(`${def.name} listening on ${url} (docs: ${url}/docs)`);
    // The consumers join their groups after the server listens: a restarted service answers at once, /health says
    // `joining` until they are members (decision messaging-011). The transport retries a start the broker refuses;
    // what fails here is the service's own mistake (a handler the transport cannot take): it stops the service.
    consume().catch(async (e: unknown) => {
      log.error(`${def.name}: its consumers cannot start, stopping: ${(e as Error).message}`);
      if (exitOnError) process.exitCode = 1;
      await app.close().catch(() => undefined);
    });
    return app;
  });
}
