import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { E2E_LOG_DIR, REPO_ROOT, currentTestName } from './paths.js';
import { freePort, sleep } from '@replenish/test-infra';

export type ServiceName = 'sales-orders' | 'inventory' | 'planning';

export interface ServiceProcess {
  name: ServiceName;
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  pid: number;
  /** The database the process uses (start another replica, or restart, with the same one). */
  databaseUrl: string;
  /** Its Kafka consumer group (CONSUMER_GROUP). */
  consumerGroup: string;
  /** Where its stdout and stderr go. */
  logFile: string;
  /** SIGTERM (graceful shutdown), then wait for the exit; SIGKILL after `graceMs` (default 30 s). */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL, and wait for the exit: a crash at an arbitrary moment. */
  kill(): Promise<void>;
  /** Exit code or signal once exited, else undefined. */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** The captured log so far. */
  logs(): string;
}

export interface StartServiceOptions {
  /** Extra environment variables (override the defaults below). */
  env?: Record<string, string | undefined>;
  /** How long to wait for /health to answer 200. Default 120 s. */
  healthTimeoutMs?: number;
  /** Resolve once /health answers at all (503 included: consumers joining, broker down) rather than 200. */
  untilListening?: boolean;
}

const databases = new Map<string, Promise<string>>();

/**
 * A database of its own for the current test file and run: `replenish_e2e_<file>_<random>`, created the
 * first time the file asks and reused by every process of that file (restarts, replicas). Leftovers of
 * earlier runs of the same file are dropped then, unless something is still connected to them (another
 * run in progress).
 */
export function testDatabaseUrl(baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'): Promise<string> {
  const prefix = `replenish_e2e_${currentTestName()}`.slice(0, 50);
  const key = `${baseUrl}|${prefix}`;
  let p = databases.get(key);
  if (!p) {
    p = (async () => {
      const name = `${prefix}_${randomBytes(3).toString('hex')}`;
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      try {
        const stale = await admin.query<{ datname: string }>(
          `SELECT d.datname FROM pg_database d
            WHERE d.datname LIKE $1 AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
          [`${prefix.replace(/_/g, '\\_')}\\_%`],
        );
        for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => undefined);
        await admin.query(`CREATE DATABASE "${name}"`);
      } finally {
        await admin.end();
      }
      const u = new URL(baseUrl);
      u.pathname = `/${name}`;
      return u.toString();
    })();
    databases.set(key, p);
    p.catch(() => databases.delete(key));
  }
  return p;
}

/**
 * Runs `node apps/<name>/dist/main.js` as a separate process (build first: `npm run build`) with PORT (a
 * free one), DATABASE_URL (the test file's own database unless given) and KAFKA_BROKERS (from the jest
 * global setup), logs to tmp/e2e-logs/<file>.<name>.<port>.log, and resolves once GET /health is 200 (or answers
 * at all, with `untilListening`).
 */
export async function startServiceProcess(name: ServiceName, envOrOptions: Record<string, string | undefined> | StartServiceOptions = {}): Promise<ServiceProcess> {
  const options: StartServiceOptions =
    'env' in envOrOptions || 'healthTimeoutMs' in envOrOptions || 'untilListening' in envOrOptions ? (envOrOptions as StartServiceOptions) : { env: envOrOptions as Record<string, string | undefined> };
  const main = resolve(REPO_ROOT, 'apps', name, 'dist/main.js');
  if (!existsSync(main)) throw new Error(`${main} does not exist: run npm run build first`);
  if (!process.env.KAFKA_BROKERS && !options.env?.KAFKA_BROKERS) {
    throw new Error('KAFKA_BROKERS is not set: e2e tests run over real Kafka (the jest global setup starts it)');
  }

  const port = options.env?.PORT ? Number(options.env.PORT) : await freePort();
  const databaseUrl = options.env?.DATABASE_URL ?? (await testDatabaseUrl());
  const env: Record<string, string | undefined> = {
    ...process.env,
    LOG_LEVEL: 'info',
    NODE_OPTIONS: undefined, // not jest's --experimental-vm-modules
    ...options.env,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: options.env?.KAFKA_BROKERS ?? process.env.KAFKA_BROKERS,
    // One group per service and database: replicas on one database share it; test files never steal each other's partitions.
    CONSUMER_GROUP: options.env?.CONSUMER_GROUP ?? `${name}-${new URL(databaseUrl).pathname.slice(1)}`,
  };

  mkdirSync(E2E_LOG_DIR, { recursive: true });
  const logFile = resolve(E2E_LOG_DIR, `${currentTestName()}.${name}.${port}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  log.write(`---- ${new Date().toISOString()} starting ${name} on port ${port}\n`);

  const child: ChildProcess = spawn(process.execPath, [main], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  // 'close' comes after 'exit' once stdout and stderr are drained: the log is complete then.
  const exitedPromise = new Promise<void>((done) => {
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      exit = { code, signal };
      log.end(`---- ${new Date().toISOString()} ${name} exited (code ${code}, signal ${signal})\n`, () => done());
    });
  });
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  const url = `http://127.0.0.1:${port}`;
  // The grace timer is cleared once the process exited: a pending timer would keep jest alive after the run.
  const waitExit = async (ms: number): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<boolean>((done) => {
      timer = setTimeout(() => done(false), ms);
    });
    try {
      return await Promise.race([exitedPromise.then(() => true), graceOver]);
    } finally {
      clearTimeout(timer);
    }
  };

  const proc: ServiceProcess = {
    name,
    url,
    port,
    pid: child.pid!,
    databaseUrl,
    consumerGroup: env.CONSUMER_GROUP!,
    logFile,
    exited: () => exit,
    logs: readLog,
    async stop(graceMs = 30_000) {
      if (exit) return;
      child.kill('SIGTERM');
      if (!(await waitExit(graceMs))) {
        child.kill('SIGKILL');
        await exitedPromise;
      }
    },
    async kill() {
      if (exit) return;
      child.kill('SIGKILL');
      await exitedPromise;
    },
  };

  const deadline = Date.now() + (options.healthTimeoutMs ?? 120_000);
  for (;;) {
    if (exit) {
      throw new Error(`${name} exited (code ${exit.code}, signal ${exit.signal}) before it was healthy. Log ${logFile}:\n${tail(readLog())}`);
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200 || options.untilListening) return proc;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await proc.kill();
      throw new Error(`${name} was not healthy after ${options.healthTimeoutMs ?? 120_000} ms. Log ${logFile}:\n${tail(readLog())}`);
    }
    await sleep(250);
  }
}

const tail = (s: string, lines = 40): string => s.split('\n').slice(-lines).join('\n');
