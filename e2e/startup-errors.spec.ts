// What a user sees when a start cannot succeed: one line on stderr saying what to change, exit code 1, no stack.
// The processes run as the README starts them (build first: npm run build).
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { REPO_ROOT } from './support/index.js';

let blocker: Server;
let port: number;

beforeAll(async () => {
  blocker = createServer();
  port = await new Promise<number>((done) => blocker.listen(0, () => done((blocker.address() as { port: number }).port)));
});
afterAll(() => blocker.close());

/** Runs a compiled entry point to its end; KAFKA_BROKERS and DATABASE_URL as given (never reached here). */
async function run(main: string, env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  // Not spawnSync: the test's own listeners must keep answering while the child runs.
  const child = spawn(process.execPath, [resolve(REPO_ROOT, main)], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS: '', KAFKA_BROKERS: '127.0.0.1:1', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/replenish', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, lines: stderr.split('\n').filter((l) => l.trim() !== '') };
}

it('a service started on a port in use says so in one line naming PORT', async () => {
  expect(await run('apps/inventory/dist/main.js', { PORT: String(port) })).toEqual({
    code: 1,
    lines: [`inventory: port ${port} is already in use (is Replenish already running?): stop what uses it, or set PORT to a free port (0: any)`],
  });
});

it('a service whose PostgreSQL does not answer says so in one line naming DATABASE_URL', async () => {
  expect(await run('apps/sales-orders/dist/main.js', { PORT: '0' })).toEqual({
    code: 1,
    lines: ['sales-orders: cannot connect to PostgreSQL at 127.0.0.1:1 as postgres: connect ECONNREFUSED 127.0.0.1:1 (check DATABASE_URL)'],
  });
});

it('a service started without credentials says in one line which variables to set, or AUTH_DISABLED=true', async () => {
  expect(await run('apps/planning/dist/main.js', { PORT: '0', AUTH_DISABLED: '' })).toEqual({
    code: 1,
    lines: ['planning: no authentication configured: set AUTH_API_KEYS, AUTH_JWT_SECRET or AUTH_JWKS_URL (with AUTH_ISSUER), or AUTH_DISABLED=true to run every endpoint open'],
  });
});

it('a second npm start says in one line which port is taken and which variables choose others', async () => {
  expect(await run('tools/launcher/dist/main.js', { SALES_ORDERS_PORT: String(port), KAFKA_BROKERS: '' })).toEqual({
    code: 1,
    lines: [
      `Replenish could not start: port ${port} (sales-orders) is already in use (is Replenish already running?): stop it, or set SALES_ORDERS_PORT, INVENTORY_PORT, PLANNING_PORT to free ports`,
    ],
  });
});

it('npm start with the embedded PostgreSQL port taken by something else says in one line to set EMBEDDED_PG_PORT', async () => {
  const other = createServer((socket) => socket.destroy()); // answers no PostgreSQL handshake
  const otherPort = await new Promise<number>((done) => other.listen(0, () => done((other.address() as { port: number }).port)));
  try {
    const { code, lines } = await run('tools/launcher/dist/main.js', { EMBEDDED_PG_PORT: String(otherPort), DATABASE_URL: '', KAFKA_BROKERS: '' });
    expect({ code, last: lines.at(-1) }).toEqual({
      code: 1,
      last: `Replenish could not start: port ${otherPort} is in use by something other than an embedded PostgreSQL the launcher can use: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing server`,
    });
    expect(lines.filter((l) => /^\s+at /.test(l))).toEqual([]);
  } finally {
    other.close();
  }
});
