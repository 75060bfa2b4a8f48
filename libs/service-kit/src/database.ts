import pg from 'pg';
import type { Logger as PinoLogger } from 'pino';
import type { DataSource, EntityManager, Logger as TypeOrmLoggerInterface, QueryRunner } from 'typeorm';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { ServiceConfig } from './config.js';
import { PG_DUPLICATE_DATABASE, PG_INVALID_CATALOG_NAME, pgCode } from './errors/pg-errors.js';
import { messagingMigration } from './messaging.js';
import type { ServiceDefinition } from './service-definition.js';
import { StartupError } from './startup.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}": use lower case letters, digits and _`);
}

/**
 * Creates the service's schema when missing, holding a PostgreSQL advisory lock (per schema) around `fn`
 * (the application boot, during which TypeORM runs the migrations): replicas started together migrate one
 * after the other instead of racing.
 */
export async function withSchemaLock<T>(databaseUrl: string, schema: string, fn: () => Promise<T>): Promise<T> {
  assertSchemaName(schema);
  const client = await connectCreatingDatabase(databaseUrl, `replenish-migrate-${schema}`);
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`replenish:migrations:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    return await fn();
  } catch (e) {
    // PostgreSQL going away while the service boots (a restart, a failover) is decision 0007's case too: one line.
    throw isConnectionLoss(e) ? unreachable(new URL(databaseUrl), e) : e;
  } finally {
    await client.end().catch(() => undefined); // ending the session releases the lock
  }
}

async function connect(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  // An idle client whose server goes away emits 'error'; unheard, it would end the process with a stack. The lock
  // it holds is gone with it; the boot's own statements then fail and say so (withSchemaLock).
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
}

/** One line for a server that does not let the service in: what failed, where, and which variable to check. */
const unreachable = (url: URL, e: unknown): StartupError =>
  new StartupError(`cannot connect to PostgreSQL at ${url.host || 'its default socket'} as ${url.username || 'the default user'}: ${(e as Error).message} (check DATABASE_URL)`);

const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLSTATE class 08 (connection exception) and 57P01-57P03 (admin or crash shutdown, cannot connect now). */
const CONNECTION_SQLSTATE = /^(08|57P0[123])/;
const CONNECTION_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** Whether an error (pg's, Node's, TypeORM's wrapping, an AggregateError of several addresses) means the server is not reachable. */
export function isConnectionLoss(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; errors?: unknown; driverError?: unknown } | undefined;
  if (!e || typeof e !== 'object') return false;
  const code = pgCode(e);
  if (code && (CONNECTION_SQLSTATE.test(code) || CONNECTION_ERRNOS.has(code))) return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGE.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some(isConnectionLoss)) return true;
  return e.driverError !== undefined && isConnectionLoss(e.driverError);
}

/**
 * Connects to DATABASE_URL, first creating its database when the server has none of that name, so the
 * distributed mode needs no `createdb` step. What only the operator can fix stops the start with one line.
 */
async function connectCreatingDatabase(databaseUrl: string, applicationName: string): Promise<pg.Client> {
  const url = new URL(databaseUrl);
  try {
    return await connect(databaseUrl, applicationName);
  } catch (e) {
    if (pgCode(e) !== PG_INVALID_CATALOG_NAME) throw unreachable(url, e);
  }
  await createDatabase(url);
  return connect(databaseUrl, applicationName).catch((e: unknown) => Promise.reject(unreachable(url, e)));
}

/**
 * CREATE DATABASE through the server's `postgres` database. Replicas starting together take an advisory lock
 * there first (concurrent CREATE DATABASE statements fail in several ways), so one creates it and the others
 * find it. A user who may not create databases gets the command to run instead.
 */
async function createDatabase(url: URL): Promise<void> {
  const name = decodeURIComponent(url.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const createdb = ['createdb', url.hostname && `-h ${url.hostname}`, url.port && `-p ${url.port}`, url.username && `-U ${decodeURIComponent(url.username)}`, name]
    .filter(Boolean)
    .join(' ');
  const cannot = (e: unknown) =>
    new StartupError(`database "${name}" does not exist and could not be created (${(e as Error).message}): run \`${createdb}\` as a user who may create databases, then start again`);
  const client = await connect(admin.toString(), 'replenish-create-database').catch((e: unknown) => Promise.reject(cannot(e)));
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`replenish:create-database:${name}`]);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (e) {
    if (pgCode(e) !== PG_DUPLICATE_DATABASE) throw cannot(e); // else: created by a start that took no lock
  } finally {
    await client.end().catch(() => undefined); // ending the session releases the lock
  }
}

export function typeOrmOptions(def: ServiceDefinition, config: ServiceConfig, logger: PinoLogger): TypeOrmModuleOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    schema: def.schema,
    entities: def.entities,
    migrations: [...def.migrations, messagingMigration(def.schema)],
    migrationsRun: true,
    migrationsTableName: `${def.schema}_migrations`,
    synchronize: false,
    // Two cores: a small pool keeps PostgreSQL busy without queueing hundreds of backends.
    // jit=off: PostgreSQL JIT-compiles a statement whose estimated cost passes jit_above_cost, which a batch
    // statement over unnest() arrays does (the planner cannot see the array's length); compiling took 60 ms of a
    // 15 ms query, on every execution (docs/benchmarks.md). Short OLTP statements never gain from it.
    extra: { max: config.dbPoolSize, application_name: `replenish-${def.name}`, connectionTimeoutMillis: 10_000, options: '-c jit=off' },
    maxQueryExecutionTime: 1000,
    logger: new PinoTypeOrmLogger(logger.child({ component: 'typeorm' })),
    logging: ['error', 'warn', 'migration', 'schema'],
    retryAttempts: 3,
    retryDelay: 1000,
  };
}

/** TypeORM's log lines as JSON through pino. Queries are not logged, slow ones (>1s) and failures are. */
export class PinoTypeOrmLogger implements TypeOrmLoggerInterface {
  constructor(private readonly pino: PinoLogger) {}

  logQuery(): void {}

  logQueryError(error: string | Error, query: string, parameters?: unknown, _qr?: QueryRunner): void {
    this.pino.error({ err: error, query, parameterCount: Array.isArray(parameters) ? parameters.length : 0 }, 'query failed');
  }

  logQuerySlow(time: number, query: string, _parameters?: unknown, _qr?: QueryRunner): void {
    this.pino.warn({ ms: time, query }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.pino.info(message);
  }

  logMigration(message: string): void {
    this.pino.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.pino.warn(String(message));
    else this.pino.debug(String(message));
  }
}

/**
 * Runs a read of several statements (a draft's header, lines and origins; a position's on hand and planned
 * moves) on one snapshot. Outside a transaction each statement sees the database as of its own start, on
 * whichever pool connection it gets: a draft read while make to order topped it up showed version 97 beside 146
 * origins. A read-only REPEATABLE READ transaction waits for no writer and never fails to serialize.
 */
export function readSnapshot<T>(db: DataSource, read: (tx: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction('REPEATABLE READ', read);
}
