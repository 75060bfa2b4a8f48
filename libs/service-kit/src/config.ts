import { z } from 'zod';
import { DEFAULT_INBOX_RETENTION_DAYS } from './messaging.js';
import type { ServiceDefinition } from './service-definition.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The validated configuration of one service, read from the environment. */
export interface ServiceConfig {
  /** HTTP port; 0 picks a free one. */
  port: number;
  /** Address HTTP listens on (HOST): 127.0.0.1 by default, so only this machine reaches it; 0.0.0.0 in a container. */
  host: string;
  databaseUrl: string;
  /** Kafka bootstrap brokers; undefined means the in-process broker (embedded mode). */
  kafkaBrokers: string[] | undefined;
  kafkaClientId: string;
  /** Kafka consumer group (CONSUMER_GROUP); the service name by default. */
  consumerGroup: string;
  logLevel: LogLevel;
  /** Connections in this service's PostgreSQL pool. */
  dbPoolSize: number;
  /** Days an applied event stays in the messaging inbox (INBOX_RETENTION_DAYS); 0 keeps it forever. */
  inboxRetentionDays: number;
  /** Limits of the REST API (decision service-kit-005). */
  http: HttpLimits;
  /** The service's own variables (ServiceDefinition.settings), as its schema output them. */
  settings: Record<string, unknown>;
}

export interface HttpLimits {
  /** Largest request body (HTTP_BODY_LIMIT_KB, default 1024): larger answers 413. */
  bodyLimitBytes: number;
  /** Longest string anywhere in a body, query or path (HTTP_MAX_STRING_LENGTH, default 10000): longer answers 400. */
  maxStringLength: number;
  /** Write requests (POST, PUT, PATCH, DELETE) per client per minute (RATE_LIMIT_WRITES_PER_MINUTE, default 600; 0: no limit): more answer 429. */
  writesPerMinute: number;
}

/** Injection token for the validated ServiceConfig (also available as ConfigService.get('service')). */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** Injection token for the service's own validated variables (ServiceConfig.settings). */
export const SERVICE_SETTINGS = Symbol('SERVICE_SETTINGS');

export class ConfigValidationError extends Error {
  constructor(
    readonly service: string,
    readonly issues: { variable: string; message: string }[],
  ) {
    super(
      `Invalid environment for service ${service}: ` +
        issues.map((i) => `${i.variable} ${i.message}`).join('; '),
    );
    this.name = 'ConfigValidationError';
  }
}

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const intInRange = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.string().regex(/^\d+$/, `must be an integer between ${min} and ${max}`).transform(Number)
      .pipe(z.number().int().min(min, `must be an integer between ${min} and ${max}`).max(max, `must be an integer between ${min} and ${max}`)),
  );

/** A service's own variables (ServiceDefinition.settings), by name: `envInteger` and the like for each. */
export const defineSettings = <S extends z.ZodRawShape>(shape: S) => z.object(shape);

/** The validated values of a service's settings, as injected (SERVICE_SETTINGS). */
export type SettingsOf<T extends z.ZodObject> = z.output<T>;

/** A service setting (ServiceDefinition.settings): an optional integer in [min, max], `fallback` when unset or blank. */
export const envInteger = (min: number, max: number, fallback: number) =>
  z.preprocess(blankToUndefined, intInRange(min, max).optional()).transform((n) => n ?? fallback);

const hostPort = /^[A-Za-z0-9._-]+:\d{1,5}$/;

function envSchema(def: Pick<ServiceDefinition, 'name' | 'defaultPort' | 'settings'>) {
  return z.object({
    PORT: z.preprocess(blankToUndefined, intInRange(0, 65535).optional()).transform((p) => p ?? def.defaultPort),
    HOST: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9.:_-]{1,255}$/, 'must be an address or host name (127.0.0.1, 0.0.0.0, ::)').optional())
      .transform((h) => h ?? '127.0.0.1'),
    DATABASE_URL: z.preprocess(
      blankToUndefined,
      z
        .string({ error: (iss) => (iss.input === undefined ? 'is required (e.g. postgres://user:pass@host:5432/db)' : 'must be a string') })
        .refine((s) => {
          try {
            const u = new URL(s);
            return u.protocol === 'postgres:' || u.protocol === 'postgresql:';
          } catch {
            return false;
          }
        }, 'must be a postgres:// or postgresql:// URL'),
    ),
    KAFKA_BROKERS: z.preprocess(
      blankToUndefined,
      z
        .string()
        .transform((s) => s.split(',').map((b) => b.trim()).filter((b) => b.length > 0))
        .refine((list) => list.length > 0 && list.every((b) => hostPort.test(b)), 'must be a comma-separated list of host:port')
        .optional(),
    ),
    KAFKA_CLIENT_ID: z.preprocess(blankToUndefined, z.string().max(200).optional()).transform((c) => c ?? `replenish-${def.name}`),
    CONSUMER_GROUP: z.preprocess(blankToUndefined, z.string().max(200).optional()).transform((g) => g ?? def.name),
    LOG_LEVEL: z.preprocess(
      (v) => (typeof v === 'string' ? blankToUndefined(v.toLowerCase()) : v),
      z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
    ).transform((l) => l ?? 'info'),
    DB_POOL_SIZE: z.preprocess(blankToUndefined, intInRange(1, 100).optional()).transform((n) => n ?? 10),
    // At least the consumed topics' retention (decision messaging-003); 3650 only catches typos.
    INBOX_RETENTION_DAYS: z.preprocess(blankToUndefined, intInRange(0, 3650).optional()).transform((n) => n ?? DEFAULT_INBOX_RETENTION_DAYS),
    HTTP_BODY_LIMIT_KB: z.preprocess(blankToUndefined, intInRange(1, 102400).optional()).transform((n) => n ?? 1024),
    HTTP_MAX_STRING_LENGTH: z.preprocess(blankToUndefined, intInRange(1, 10_000_000).optional()).transform((n) => n ?? 10_000),
    RATE_LIMIT_WRITES_PER_MINUTE: z.preprocess(blankToUndefined, intInRange(0, 1_000_000).optional()).transform((n) => n ?? 600),
    ...def.settings?.shape,
  });
}

/**
 * Validates the environment of a service. Throws ConfigValidationError naming every bad variable, so the
 * service refuses to start with a message that says what to fix.
 */
export function validateServiceEnv(
  def: Pick<ServiceDefinition, 'name' | 'defaultPort' | 'settings'>,
  env: Record<string, unknown>,
): ServiceConfig {
  const parsed = envSchema(def).safeParse(env);
  if (!parsed.success) {
    throw new ConfigValidationError(
      def.name,
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '(environment)'), message: i.message })),
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    kafkaBrokers: e.KAFKA_BROKERS,
    kafkaClientId: e.KAFKA_CLIENT_ID,
    consumerGroup: e.CONSUMER_GROUP,
    logLevel: e.LOG_LEVEL,
    dbPoolSize: e.DB_POOL_SIZE,
    inboxRetentionDays: e.INBOX_RETENTION_DAYS,
    http: { bodyLimitBytes: e.HTTP_BODY_LIMIT_KB * 1024, maxStringLength: e.HTTP_MAX_STRING_LENGTH, writesPerMinute: e.RATE_LIMIT_WRITES_PER_MINUTE },
    settings: Object.fromEntries(Object.keys(def.settings?.shape ?? {}).map((k) => [k, (e as Record<string, unknown>)[k]])),
  };
}

/** The validate function given to @nestjs/config's ConfigModule.forRoot (ConfigService.get('service')). */
export const configValidator =
  (def: Pick<ServiceDefinition, 'name' | 'defaultPort' | 'settings'>, overrides: Record<string, string | undefined> = {}) =>
  (raw: Record<string, unknown>): { service: ServiceConfig } => ({ service: validateServiceEnv(def, { ...raw, ...overrides }) });
