/**
 * What the benches across the services share: the three services as child processes on real Kafka and PostgreSQL
 * (a fresh database, each service in its own consumer group `<service>-<database>` started at the end of every topic),
 * REST calls, bounded waits, and percentiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topics } from '@replenish/contracts';
import { freePort, setGroupOffsets, withClient } from '@replenish/test-infra';
import type { Admin } from 'kafkajs';

const APPS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../apps');

/** A number from the environment, `fallback` when unset. */
export const envNumber = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

/** What every bench reads: the server to create its databases on, and how to run the services. */
export const BENCH_ENV = {
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  /** Keep the bench database after the run, to inspect its tables and query plans. */
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1',
  /** Extra node flags for the three services, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them. */
  nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
};

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const logger = (bench: string) => (msg: string): void => void process.stderr.write(`[${bench}] ${msg}\n`);

/** Runs a bench's main: exit 0 once done (its clients may hold the event loop), 1 with the error on stderr. */
export function runBench(main: () => Promise<void>, log: (msg: string) => void): void {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      log(`failed: ${(e as Error).stack ?? String(e)}`);
      process.exit(1);
    },
  );
}

export async function waitUntil(what: string, timeoutMs: number, probe: () => boolean | Promise<boolean>, intervalMs = 20): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error(`${what}: not reached after ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

/** A JSON request; a status outside `ok` throws with the answer's text. */
export async function call(base: string, method: string, path: string, body: unknown, ok: number[]): Promise<unknown> {
  const r = await fetch(`${base}${path}`, body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await r.text();
  if (!ok.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 2000)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Runs `fn` over `items` with at most `n` at a time. */
export async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

export const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

export const adminSql = (adminUrl: string, sql: string): Promise<void> => withClient(adminUrl, async (c) => void (await c.query(sql)));

export interface Service { name: string; child: ChildProcess; url: string }
export type ServiceName = 'sales-orders' | 'inventory' | 'planning';
export const SERVICES: ServiceName[] = ['sales-orders', 'inventory', 'planning'];

/** Every topic one of the three services consumes. */
export const CONSUMED = [topics.upstreamOrders, topics.products, topics.stockMoves, topics.salesOrderEvents, topics.stockPositions, topics.draftOrders, topics.purchasingOrders, topics.manufacturingOrders, topics.transferOrders, topics.warehouses];

export interface StackOptions {
  dbName: string;
  kafkaBrokers: string;
  kadmin: Admin;
  log: (msg: string) => void;
}

/** The three services on a fresh database; `stop` ends them and drops it. */
export interface Stack {
  dbName: string;
  services: Record<ServiceName, Service>;
  stop(): Promise<void>;
}

async function startService(name: ServiceName, dbUrl: string, o: StackOptions): Promise<Service> {
  const port = await freePort();
  const child = spawn(process.execPath, [...BENCH_ENV.nodeArgs, resolve(APPS, name, 'dist/main.js')], {
    env: { ...process.env, DATABASE_URL: dbUrl, KAFKA_BROKERS: o.kafkaBrokers, CONSUMER_GROUP: `${name}-${o.dbName}`, PORT: String(port), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', PLANNING_SWEEP_INTERVAL_HOURS: '0', AUTH_DISABLED: 'true', RATE_LIMIT_WRITES_PER_MINUTE: '0' },
    // Their logs go to the bench's stderr: its stdout is the result.
    stdio: ['ignore', process.stderr, 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(`${name} /health`, 120_000, async () => (await fetch(`${url}/health`)).ok, 250);
  return { name, child, url };
}

export async function startStack(o: StackOptions): Promise<Stack> {
  await adminSql(BENCH_ENV.databaseUrl, `CREATE DATABASE ${o.dbName}`);
  const dbUrl = new URL(BENCH_ENV.databaseUrl);
  dbUrl.pathname = `/${o.dbName}`;
  const started: Service[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(started.map(({ child }) => child.exitCode === null
      ? new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); setTimeout(r, 15_000); })
      : undefined));
    if (BENCH_ENV.keepDatabase) o.log(`database ${o.dbName} kept (BENCH_KEEP_DATABASE=1)`);
    else await adminSql(BENCH_ENV.databaseUrl, `DROP DATABASE IF EXISTS ${o.dbName} WITH (FORCE)`).catch((e: unknown) => o.log(`drop database: ${(e as Error).message}`));
  };
  try {
    // The bench's own consumer groups, started at the end of every topic: no history of earlier runs is replayed,
    // and nothing is shared with other processes on this Kafka. One group join per group for all its topics
    // (kadmin.setOffsets joins once per topic, about 5 s each).
    const ends = new Map(
      await Promise.all(CONSUMED.map(async (t) => [t, (await o.kadmin.fetchTopicOffsets(t)).map((p) => ({ partition: p.partition, offset: p.offset }))] as const)),
    );
    await Promise.all(SERVICES.map((n) => setGroupOffsets(o.kafkaBrokers.split(','), `${n}-${o.dbName}`, ends)));
    o.log(`starting sales-orders, inventory, planning (db ${o.dbName})`);
    // Migrations one service at a time would also work; in parallel they take their own schema locks.
    await Promise.all(SERVICES.map(async (n) => started.push(await startService(n, dbUrl.toString(), o))));
  } catch (e) {
    await stop();
    throw e;
  }
  const byName = Object.fromEntries(started.map((s) => [s.name, s])) as Record<ServiceName, Service>;
  return { dbName: o.dbName, services: byName, stop };
}

/** A consumer group of a service and the topic it must have caught up on. */
export interface Flow { service: ServiceName; topic: string }

/** Waits until every group of `flow` has committed the end of its topic; returns how long that took. */
export async function settle(kadmin: Admin, dbName: string, flow: Flow[], timeoutMs = 300_000): Promise<number> {
  const t0 = performance.now();
  await waitUntil('services caught up', timeoutMs, async () => {
    for (const { service, topic } of flow) {
      const ends = new Map((await kadmin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
      const [committed] = await kadmin.fetchOffsets({ groupId: `${service}-${dbName}`, topics: [topic] });
      for (const p of committed?.partitions ?? []) if (BigInt(p.offset) < (ends.get(p.partition) ?? 0n)) return false;
    }
    return true;
  }, 250);
  return performance.now() - t0;
}

/** A process's memory from /proc/<pid>/status, in MB: peak resident set (VmHWM) and current (VmRSS). */
export function processMemory(pid: number): { peakMb: number; rssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peakMb: Math.round(kb('VmHWM') / 1024), rssMb: Math.round(kb('VmRSS') / 1024) };
}
