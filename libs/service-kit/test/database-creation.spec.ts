// A service started against a DATABASE_URL whose database does not exist yet (the distributed mode without a
// createdb step): it creates it, also when replicas start together; a user who may not create databases gets the
// command to run.
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { InProcessBroker } from '@replenish/messaging';
import { StartupError, startService, type ServiceDefinition } from '@replenish/service-kit';
import { freshSchemaName, withDatabase } from '@replenish/test-infra';

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const def: ServiceDefinition = { name: 'inventory', schema: 'database_creation_it', defaultPort: 3002, entities: [], migrations: [], imports: [] };

async function admin(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: BASE_URL });
  await c.connect();
  try {
    return await c.query(sql, params);
  } finally {
    await c.end();
  }
}

describe('a service whose database does not exist yet', () => {
  const database = freshSchemaName('replenish_created');
  const broker = new InProcessBroker({ connectionString: BASE_URL, schema: `${database}_broker` });
  const start = (databaseUrl: string) =>
    startService(def, {
      broker,
      env: { DATABASE_URL: databaseUrl, KAFKA_BROKERS: undefined, PORT: '0', LOG_LEVEL: 'silent' },
      enableShutdownHooks: false,
      logStartup: false,
      exitOnStartupError: false,
    });

  afterAll(async () => {
    await broker.close();
    await admin(`DROP SCHEMA IF EXISTS "${database}_broker" CASCADE`);
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it('creates it and comes up healthy, two replicas started together included', async () => {
    const replicas: INestApplication[] = await Promise.all([start(withDatabase(BASE_URL, database)), start(withDatabase(BASE_URL, database))]);
    try {
      for (const app of replicas) {
        const health = await fetch(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/health`);
        expect(health.status).toBe(200);
      }
      expect((await admin('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount).toBe(1);
    } finally {
      for (const app of replicas) await app.close();
    }
  });

  it('stops with one line saying what to run when the user may not create databases', async () => {
    const role = freshSchemaName('replenish_nocreatedb');
    await admin(`CREATE ROLE "${role}" LOGIN PASSWORD 'secret' NOCREATEDB`);
    try {
      const url = new URL(withDatabase(BASE_URL, `${database}_denied`));
      url.username = role;
      url.password = 'secret';
      const failure = await start(url.toString()).then(
        () => new Error('started'),
        (e: unknown) => e as Error,
      );
      expect(failure).toBeInstanceOf(StartupError);
      expect(failure.message).toMatch(new RegExp(`^database "${database}_denied" does not exist and could not be created \\(permission denied to create database\\): run \`createdb .*-U ${role} ${database}_denied\` as a user who may create databases, then start again$`));
    } finally {
      await admin(`DROP ROLE "${role}"`);
    }
  });
});
