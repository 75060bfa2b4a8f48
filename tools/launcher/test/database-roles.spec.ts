// Each service connects as its own PostgreSQL role, which owns its schema and nothing else (deploy/postgres/roles.sql,
// as docker-compose runs it): each role runs its service's migrations, and no role reads another service's tables.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type pg from 'pg';
import { InProcessBroker } from '@replenish/messaging';
import { createServiceApp } from '@replenish/service-kit';
import { REPO_ROOT, freshSchemaName, withClient, withDatabase } from '@replenish/test-infra';
import { serviceDefinitions } from '../src/launcher.js';

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = freshSchemaName('replenish_roles');
const adminUrl = withDatabase(BASE_URL, database);
// Roles are cluster-wide: a fixed password, for servers that ask for one (the local test server trusts).
const PASSWORD = 'replenish-roles-test';
const definitions = serviceDefinitions();

const query = (url: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> => withClient(url, (c) => c.query(sql, params));

function roleUrl(role: string): string {
  const url = new URL(adminUrl);
  url.username = role;
  url.password = PASSWORD;
  return url.toString();
}

beforeAll(async () => {
  await query(BASE_URL, `CREATE DATABASE "${database}"`);
  await query(adminUrl, readFileSync(resolve(REPO_ROOT, 'deploy/postgres/roles.sql'), 'utf8'));
  for (const def of definitions) await query(adminUrl, `ALTER ROLE "${def.schema}" PASSWORD '${PASSWORD}'`);
  // Each service builds as docker-compose starts it, with its role's DATABASE_URL: its migrations run as that role.
  const broker = new InProcessBroker({ connectionString: adminUrl, schema: 'broker' });
  try {
    for (const def of definitions) {
      const env = { DATABASE_URL: roleUrl(def.schema), KAFKA_BROKERS: undefined, PORT: '0', LOG_LEVEL: 'silent' };
      await (await createServiceApp(def, { broker, env })).close();
    }
  } finally {
    await broker.close();
  }
});

afterAll(async () => {
  await query(BASE_URL, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
});

it('each service runs its migrations as its own role, which then owns every table of its schema', async () => {
  for (const def of definitions) {
    const { rows } = await query(adminUrl, 'SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = $1', [def.schema]);
    expect({ schema: def.schema, owners: rows.map((r) => r.tableowner) }).toEqual({ schema: def.schema, owners: [def.schema] });
  }
});

it("no service's role can read another service's tables", async () => {
  const tableOf = async (schema: string) =>
    (await query(adminUrl, 'SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename LIMIT 1', [schema])).rows[0]?.tablename as string;
  const refusals: string[] = [];
  for (const reader of definitions) {
    for (const owner of definitions.filter((d) => d !== reader)) {
      const table = await tableOf(owner.schema);
      expect(table).toBeDefined();
      const error = await query(roleUrl(reader.schema), `SELECT * FROM "${owner.schema}"."${table}"`).then(() => undefined, (e: Error) => e.message);
      refusals.push(`${reader.schema} -> ${owner.schema}: ${error}`);
    }
  }
  expect(refusals).toEqual(
    definitions.flatMap((reader) => definitions.filter((d) => d !== reader).map((owner) => `${reader.schema} -> ${owner.schema}: permission denied for schema ${owner.schema}`)),
  );
});
