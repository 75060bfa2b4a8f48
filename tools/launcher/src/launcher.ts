import type { INestApplication } from '@nestjs/common';
import { InProcessBroker, forgetRunningSystem, recordRunningSystem } from '@replenish/messaging';
import { PortInUseError, StartupError, assertPortFree, consumersSubscribed, startService, type ServiceDefinition, type ServiceOverrides } from '@replenish/service-kit';
import * as inventory from '@replenish/inventory';
import * as planning from '@replenish/planning';
import * as salesOrders from '@replenish/sales-orders';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres.js';
import { consoleStaticDir, startConsole, type RunningConsole } from '@replenish/console';

export interface LaunchOptions {
  repoRoot: string;
  demo: boolean;
  env: NodeJS.ProcessEnv;
  print: (line: string) => void;
  /** Where the services' JSON log lines go; default stdout (tests read them here). */
  logDestination?: ServiceOverrides['logDestination'];
}

export interface RunningSystem {
  services: { def: ServiceDefinition; app: INestApplication; url: string }[];
  /** Services (in reverse start order: HTTP, consumers, relay, pool each), the broker, then PostgreSQL. */
  stop(): Promise<void>;
}

const PORT_VARIABLES: Record<ServiceDefinition['name'], string> = {
  'sales-orders': 'SALES_ORDERS_PORT',
  inventory: 'INVENTORY_PORT',
  planning: 'PLANNING_PORT',
};

/** The services in start order. Each package exports its ServiceDefinition from src/index.ts. */
export function serviceDefinitions(): ServiceDefinition[] {
  return [salesOrders.salesOrdersService, inventory.inventoryService, planning.planningService];
}

function portOf(def: ServiceDefinition, env: NodeJS.ProcessEnv): number {
  const raw = env[PORT_VARIABLES[def.name]];
  if (raw === undefined || raw === '') return def.defaultPort;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StartupError(`${PORT_VARIABLES[def.name]}=${raw} is not a port number`);
  return port;
}

/** A port in use, in the launcher's words: its own variables, not the PORT of a service started alone. */
async function claimingPort<T>(def: ServiceDefinition, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (e) {
    if (!(e instanceof PortInUseError)) throw e;
    throw new StartupError(
      `port ${e.port} (${def.name}) is already in use (is Replenish already running?): stop it, or set ${Object.values(PORT_VARIABLES).join(', ')} to free ports`,
    );
  }
}

/**
 * The embedded mode: PostgreSQL (DATABASE_URL, else embedded-postgres), one in-process broker shared by
 * the three services, and the services themselves, all in this process.
 */
export async function launch(options: LaunchOptions): Promise<RunningSystem> {
  const { env, print } = options;
  // Before PostgreSQL: a second npm start while one runs stops here, with one line.
  for (const def of serviceDefinitions()) await claimingPort(def, () => assertPortFree(portOf(def, env)));
  const consolePort = consolePortOf(env);
  await claimingConsolePort(consolePort, () => assertPortFree(consolePort));
  let database: EmbeddedPostgresHandle | undefined;
  let databaseUrl = env.DATABASE_URL;
  if (databaseUrl) {
    print(`PostgreSQL: DATABASE_URL (${redact(databaseUrl)})`);
  } else {
    const port = Number(env.EMBEDDED_PG_PORT ?? 54320);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new StartupError(`EMBEDDED_PG_PORT=${env.EMBEDDED_PG_PORT} is not a port number`);
    const dataDir = resolve(options.repoRoot, '.data/embedded-pg');
    print(`PostgreSQL: starting embedded server on port ${port} (data ${dataDir})...`);
    const t0 = Date.now();
    // The services connect as their roles, as in docker-compose; the broker and npm run dlq as the superuser.
    const serviceRoles = { sql: readFileSync(resolve(options.repoRoot, 'deploy/postgres/roles.sql'), 'utf8'), roles: serviceDefinitions().map((d) => d.schema) };
    database = await startEmbeddedPostgres({ dataDir, port, database: 'replenish', logFile: resolve(options.repoRoot, '.data/embedded-pg.log'), serviceRoles });
    databaseUrl = database.url;
    print(`PostgreSQL: ${database.started ? `started in ${Date.now() - t0} ms` : 'already running, reused'} (${redact(databaseUrl)})`);
  }

  const broker = new InProcessBroker({ connectionString: databaseUrl });
  const services: RunningSystem['services'] = [];
  let planner: RunningConsole | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      forgetRunningSystem(options.repoRoot, process.pid);
      if (planner) {
        await planner.close().catch((e: unknown) => print(`console: error while stopping: ${(e as Error).message}`));
        print('console: stopped');
      }
      for (const s of [...services].reverse()) {
        await s.app.close().catch((e: unknown) => print(`${s.def.name}: error while stopping: ${(e as Error).message}`));
        print(`${s.def.name}: stopped`);
      }
      await broker.close().catch(() => undefined);
      if (database?.started) {
        await database.stop().catch((e: unknown) => print(`PostgreSQL: error while stopping: ${(e as Error).message}`));
        print('PostgreSQL: stopped');
      }
    })());

  try {
    if (env.KAFKA_BROKERS) print(`Kafka: KAFKA_BROKERS=${env.KAFKA_BROKERS} is set, the services use it instead of the in-process broker`);
    for (const def of serviceDefinitions()) {
      const app = await claimingPort(def, () => startService(def, {
        broker,
        // Quiet by default: the framework's boot lines of three services drown the URLs. LOG_LEVEL=info shows
        // requests, debug every batch of events; each line names its service and the correlation id of its work.
        // The embedded demo runs open (said below); a service started on its own requires credentials.
        env: { DATABASE_URL: database?.roleUrl(def.schema) ?? databaseUrl, PORT: String(portOf(def, env)), LOG_LEVEL: env.LOG_LEVEL || 'warn', AUTH_DISABLED: 'true' },
        ...(options.logDestination ? { logDestination: options.logDestination } : {}),
        enableShutdownHooks: false, // one shutdown for the whole process, below
        logStartup: false,
        exitOnStartupError: false, // said in the launcher's words (claimingPort), then everything started stops
      }));
      const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost').replace('127.0.0.1', 'localhost');
      services.push({ def, app, url });
    }
    // Each service listened before its consumers subscribed: they joined meanwhile, in parallel.
    await Promise.all(services.map((s) => consumersSubscribed(s.app)));
    // The planner console: the built front end and a proxy to the services' REST APIs, live from this broker.
    const serviceUrl = (name: ServiceDefinition['name']) => services.find((s) => s.def.name === name)!.url;
    planner = await claimingConsolePort(consolePort, () => startConsole({
      port: consolePort,
      services: { 'sales-orders': serviceUrl('sales-orders'), inventory: serviceUrl('inventory'), planning: serviceUrl('planning') },
      broker,
      staticDir: consoleStaticDir(),
      warn: print,
    }));
  } catch (e) {
    await stop();
    throw e;
  }

  // npm run dlq finds the in-process broker through this record (removed by stop()).
  recordRunningSystem(options.repoRoot, { pid: process.pid, databaseUrl, ...(env.KAFKA_BROKERS ? { kafkaBrokers: env.KAFKA_BROKERS } : {}) });
  print('');
  print('Replenish is running (embedded mode: one process, in-process broker):');
  for (const s of services) print(`  ${s.def.name.padEnd(13)} ${s.url}   docs ${s.url}/docs   health ${s.url}/health`);
  if (planner) print(`  ${'console'.padEnd(13)} ${planner.url}   (the planner console: open it in a browser)`);
  print('Security: OFF (embedded demo: every endpoint is open to whoever reaches these ports; run the services on their own for authentication, see the README, Security).');
  print(`Logs: JSON on stdout at level ${env.LOG_LEVEL || 'warn'}, each line naming its service (LOG_LEVEL=info shows every request, debug every batch of events, with their correlation ids).`);
  print('Press Ctrl-C to stop.');
  print('');

  if (options.demo) {
    const urlOf = (name: ServiceDefinition['name']) => `${services.find((s) => s.def.name === name)!.url}/`;
    const loader = (planning as Record<string, unknown>).loadDemoCatalog;
    if (typeof loader === 'function') {
      print('Demo: loading the demo catalog (its warehouse into inventory, the rest into planning)...');
      try {
        await (loader as typeof planning.loadDemoCatalog)({ planning: urlOf('planning'), inventory: urlOf('inventory') });
        print('Demo: catalog loaded. Try the README\'s "Try it" section.');
      } catch (e) {
        print(`Demo: could not load the catalog: ${(e as Error).message}`);
      }
    } else {
      print('Demo: not available (apps/planning does not export loadDemoCatalog).');
    }
  }
  return { services, stop };
}

/**
 * The console's port: CONSOLE_PORT; else 3000 beside the services' default ports, and any free port (printed) when
 * a service port is set, so that a second system (or a test) started on other ports does not collide on 3000.
 */
function consolePortOf(env: NodeJS.ProcessEnv): number {
  const raw = env.CONSOLE_PORT;
  if (raw === undefined || raw === '') return Object.values(PORT_VARIABLES).some((v) => env[v]) ? 0 : 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StartupError(`CONSOLE_PORT=${raw} is not a port number`);
  return port;
}

async function claimingConsolePort<T>(port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (e) {
    if (!(e instanceof PortInUseError) && (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    throw new StartupError(`port ${port} (console) is already in use (is Replenish already running?): stop it, or set CONSOLE_PORT to a free port`);
  }
}

const redact = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
