// npm start as the launcher library runs it: a database named by DATABASE_URL that does not exist yet is created,
// the running system is recorded for npm run dlq while it runs, and a service port in use stops the start with one
// line naming the launcher's port variables, before PostgreSQL is touched.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findRunningSystem, runningSystemFile } from '@replenish/messaging';
import { StartupError } from '@replenish/service-kit';
import { freshSchemaName, withDatabase } from '@replenish/test-infra';
import { launch, type LaunchOptions } from '../src/launcher.js';

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const repoRoot = mkdtempSync(join(tmpdir(), 'replenish-launcher-start-'));
const printed: string[] = [];

/** As `npm start` runs it, on the in-process broker (the test workers get KAFKA_BROKERS from the global setup). */
async function start(env: LaunchOptions['env']) {
  const kafkaBrokers = process.env.KAFKA_BROKERS;
  delete process.env.KAFKA_BROKERS;
  try {
    return await launch({ repoRoot, demo: false, env: { SALES_ORDERS_PORT: '0', INVENTORY_PORT: '0', PLANNING_PORT: '0', LOG_LEVEL: 'warn', ...env }, print: (l) => printed.push(l) });
  } finally {
    process.env.KAFKA_BROKERS = kafkaBrokers;
  }
}

afterAll(() => rmSync(repoRoot, { recursive: true, force: true }));

it('creates a missing database, and records itself for npm run dlq while it runs', async () => {
  const databaseUrl = withDatabase(BASE_URL, freshSchemaName('replenish_launcher'));
  const running = await start({ DATABASE_URL: databaseUrl });
  try {
    for (const s of running.services) expect((await fetch(`${s.url}/health`)).status).toBe(200);
    expect(findRunningSystem(repoRoot)).toEqual({ pid: process.pid, databaseUrl });
  } finally {
    await running.stop();
    const admin = new pg.Client({ connectionString: BASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(databaseUrl).pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
  }
  expect(existsSync(runningSystemFile(repoRoot))).toBe(false);
});

it('stops with one line naming the port and the port variables when a service port is taken, before PostgreSQL', async () => {
  const blocker = createServer();
  const port = await new Promise<number>((resolve) => blocker.listen(0, () => resolve((blocker.address() as { port: number }).port)));
  printed.length = 0;
  try {
    // An unreachable DATABASE_URL: the start must fail on the port before it connects.
    const failure = await start({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', PLANNING_PORT: String(port) }).then(
      () => new Error('started'),
      (e: unknown) => e as Error,
    );
    expect(failure).toBeInstanceOf(StartupError);
    expect(failure.message).toBe(
      `port ${port} (planning) is already in use (is Replenish already running?): stop it, or set SALES_ORDERS_PORT, INVENTORY_PORT, PLANNING_PORT to free ports`,
    );
    expect(printed).toEqual([]);
    expect(existsSync(runningSystemFile(repoRoot))).toBe(false);
  } finally {
    blocker.close();
  }
});
