// PostgreSQL going away while a service boots (a restart during its migrations, as the chaos suite's
// postgres-restart does): the start ends with decision 0007's one line, not a stack, and not an unheard 'error'
// event of the idle migration-lock client ending the process.
import 'reflect-metadata';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { InProcessBroker } from '@replenish/messaging';
import { StartupError, startService, type ServiceDefinition } from '@replenish/service-kit';
import { freshSchemaName } from '@replenish/test-infra';
import pg from 'pg';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const schema = freshSchemaName('database_lost_it');

/** What a server restart does to the booting service: every session of it, the migration lock's and its own, ended. */
class EndsItsSessions1700000000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [`replenish-migrate-${schema}`]);
    await q.query('SELECT pg_terminate_backend(pg_backend_pid())');
  }
  async down(): Promise<void> {}
}

const def: ServiceDefinition = { name: 'inventory', schema, defaultPort: 3002, entities: [], migrations: [EndsItsSessions1700000000000], imports: [] };

describe('a service whose PostgreSQL goes away during its start', () => {
  const broker = new InProcessBroker({ connectionString: DATABASE_URL, schema: `${schema}_broker` });

  afterAll(async () => {
    await broker.close();
    const c = new pg.Client({ connectionString: DATABASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_broker" CASCADE`);
    await c.end();
  });

  it('stops with the one line naming PostgreSQL and DATABASE_URL', async () => {
    const start = startService(def, {
      broker,
      env: { DATABASE_URL, KAFKA_BROKERS: undefined, PORT: '0', LOG_LEVEL: 'silent' },
      enableShutdownHooks: false,
      logStartup: false,
      exitOnStartupError: false,
    });
    const error = await start.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/^cannot connect to PostgreSQL at 127\.0\.0\.1:5432 as postgres: terminating connection due to administrator command \(check DATABASE_URL\)$/);
  }, 60_000);
});
