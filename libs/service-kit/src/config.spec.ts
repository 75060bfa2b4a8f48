import { z } from 'zod';
import { ConfigValidationError, configValidator, envInteger, validateServiceEnv } from './config.js';

const def = { name: 'inventory' as const, defaultPort: 3002 };
const DB = 'postgres://postgres@127.0.0.1:5432/postgres';

function failure(env: Record<string, unknown>): ConfigValidationError {
  try {
    validateServiceEnv(def, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigValidationError);
    return e as ConfigValidationError;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('service config', () => {
  it('applies defaults', () => {
    expect(validateServiceEnv(def, { DATABASE_URL: DB })).toEqual({
      port: 3002,
      host: '127.0.0.1',
      databaseUrl: DB,
      kafkaBrokers: undefined,
      kafkaClientId: 'replenish-inventory',
      consumerGroup: 'inventory',
      logLevel: 'info',
      dbPoolSize: 10,
      inboxRetentionDays: 8,
      http: { bodyLimitBytes: 1024 * 1024, maxStringLength: 10_000, writesPerMinute: 600 },
      settings: {},
    });
  });

  it('reads every variable', () => {
    const c = validateServiceEnv(def, {
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://u:p@db:5432/replenish',
      KAFKA_BROKERS: ' kafka-1:9092, kafka-2:9092 ,',
      KAFKA_CLIENT_ID: 'inv-1',
      CONSUMER_GROUP: 'inventory-blue',
      LOG_LEVEL: 'DEBUG',
      DB_POOL_SIZE: '4',
      INBOX_RETENTION_DAYS: '30',
      HTTP_BODY_LIMIT_KB: '64',
      HTTP_MAX_STRING_LENGTH: '500',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
    });
    expect(c).toEqual({
      port: 0,
      host: '0.0.0.0',
      databaseUrl: 'postgresql://u:p@db:5432/replenish',
      kafkaBrokers: ['kafka-1:9092', 'kafka-2:9092'],
      kafkaClientId: 'inv-1',
      consumerGroup: 'inventory-blue',
      logLevel: 'debug',
      dbPoolSize: 4,
      inboxRetentionDays: 30,
      http: { bodyLimitBytes: 64 * 1024, maxStringLength: 500, writesPerMinute: 0 },
      settings: {},
    });
  });

  it('treats blank values as unset', () => {
    const c = validateServiceEnv(def, { DATABASE_URL: DB, PORT: '', KAFKA_BROKERS: '  ', LOG_LEVEL: '', INBOX_RETENTION_DAYS: ' ' });
    expect(c.port).toBe(3002);
    expect(c.kafkaBrokers).toBeUndefined();
    expect(c.logLevel).toBe('info');
    expect(c.inboxRetentionDays).toBe(8);
  });

  it('accepts INBOX_RETENTION_DAYS=0 (keep the inbox forever) and the upper bound', () => {
    expect(validateServiceEnv(def, { DATABASE_URL: DB, INBOX_RETENTION_DAYS: '0' }).inboxRetentionDays).toBe(0);
    expect(validateServiceEnv(def, { DATABASE_URL: DB, INBOX_RETENTION_DAYS: '3650' }).inboxRetentionDays).toBe(3650);
  });

  it('listens on this machine only unless HOST says otherwise, and refuses a HOST that is no address', () => {
    expect(validateServiceEnv(def, { DATABASE_URL: DB, HOST: ' ' }).host).toBe('127.0.0.1');
    expect(failure({ DATABASE_URL: DB, HOST: 'http://x/' }).issues.map((i) => i.variable)).toEqual(['HOST']);
  });

  it('names a missing DATABASE_URL', () => {
    const e = failure({});
    expect(e.issues.map((i) => i.variable)).toEqual(['DATABASE_URL']);
    expect(e.message).toMatch(/^Invalid environment for service inventory: DATABASE_URL is required/);
  });

  it.each([
    ['PORT', 'abc', /PORT must be an integer between 0 and 65535/],
    ['PORT', '70000', /PORT must be an integer between 0 and 65535/],
    ['DATABASE_URL', 'mysql://x@y/z', /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL must be a postgres/],
    ['KAFKA_BROKERS', 'localhost', /KAFKA_BROKERS must be a comma-separated list of host:port/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    ['DB_POOL_SIZE', '0', /DB_POOL_SIZE must be an integer between 1 and 100/],
    ['INBOX_RETENTION_DAYS', '-1', /INBOX_RETENTION_DAYS must be an integer between 0 and 3650/],
    ['INBOX_RETENTION_DAYS', '3651', /INBOX_RETENTION_DAYS must be an integer between 0 and 3650/],
    ['INBOX_RETENTION_DAYS', '7.5', /INBOX_RETENTION_DAYS must be an integer between 0 and 3650/],
  ])('names a bad %s=%s', (variable, value, message) => {
    const e = failure({ DATABASE_URL: DB, [variable]: value });
    expect(e.issues.map((i) => i.variable)).toEqual([variable]);
    expect(e.message).toMatch(message);
  });

  it('reports several bad variables at once', () => {
    const e = failure({ PORT: '-1', LOG_LEVEL: 'x' });
    expect(e.issues.map((i) => i.variable).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
  });

  it("validates a service's own settings with the common variables, and hands them over as settings", () => {
    const withSettings = { ...def, settings: z.object({ KEEP_DAYS: envInteger(0, 30, 7) }) };
    expect(validateServiceEnv(withSettings, { DATABASE_URL: DB }).settings).toEqual({ KEEP_DAYS: 7 });
    expect(validateServiceEnv(withSettings, { DATABASE_URL: DB, KEEP_DAYS: ' 0 ' }).settings).toEqual({ KEEP_DAYS: 0 });
    for (const bad of ['31', '-1', '1.5', 'week']) {
      try {
        validateServiceEnv(withSettings, { DATABASE_URL: DB, KEEP_DAYS: bad, PORT: 'x' });
        throw new Error(`KEEP_DAYS=${bad} accepted`);
      } catch (e) {
        expect((e as ConfigValidationError).issues.map((i) => i.variable).sort()).toEqual(['KEEP_DAYS', 'PORT']);
        expect((e as Error).message).toContain('KEEP_DAYS must be an integer between 0 and 30');
      }
    }
  });

  it('gives @nestjs/config a validate function whose overrides win over the environment', () => {
    const validate = configValidator(def, { PORT: '3999', KAFKA_BROKERS: undefined });
    expect(validate({ DATABASE_URL: DB, PORT: '1', KAFKA_BROKERS: 'k:9092' })).toEqual({
      service: expect.objectContaining({ port: 3999, kafkaBrokers: undefined }),
    });
  });
});
