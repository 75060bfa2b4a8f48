// The embedded mode's logs: the three services share one process (and Nest's one static logger), yet each line
// names the service that wrote it, and the handling of an event carries the event's correlation id. The launcher
// runs as `npm start` does, on a test database of its own, free ports and the in-process broker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createTestDatabase, waitFor, type TestDatabase } from '@replenish/test-infra';
import type { RunningSystem } from '../src/launcher.js';
import { launchEmbedded } from './embedded.js';

type Line = Record<string, unknown>;

let db: TestDatabase;
let running: RunningSystem;
let repoRoot: string;
const lines: Line[] = [];
const logDestination = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Line);
    done();
  },
});
const url = (service: string) => running.services.find((s) => s.def.name === service)!.url;
const carries = (l: Line, correlationId: string) => l.correlationId === correlationId || (Array.isArray(l.correlationIds) && l.correlationIds.includes(correlationId));

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'launcher_logs' });
  repoRoot = mkdtempSync(join(tmpdir(), 'replenish-launcher-logs-'));
  running = await launchEmbedded({
    repoRoot,
    demo: false,
    env: { DATABASE_URL: db.databaseUrl, SALES_ORDERS_PORT: '0', INVENTORY_PORT: '0', PLANNING_PORT: '0', LOG_LEVEL: 'debug' },
    print: () => undefined,
    logDestination,
  });
}, 120_000);

afterAll(async () => {
  await running?.stop();
  await db?.drop();
  if (repoRoot) rmSync(repoRoot, { recursive: true, force: true });
});

it('each embedded service logs under its own name, from its start to its requests', async () => {
  for (const name of ['sales-orders', 'inventory', 'planning']) {
    expect(lines.some((l) => l.service === name && l.context === 'NestApplication')).toBe(true);
    const res = await fetch(`${url(name)}/docs-json`, { headers: { 'x-correlation-id': `corr-docs-${name}` } });
    expect(res.status).toBe(200);
    const request = await waitFor(() => lines.find((l) => l.msg === 'request completed' && l.correlationId === `corr-docs-${name}`), { description: `${name}'s request line` });
    expect(request.service).toBe(name);
  }
  expect(lines.some((l) => l.service === 'replenish')).toBe(false);
});

it("an event's handling in another service logs under that service's name with the event's correlation id", async () => {
  const created = await fetch(`${url('inventory')}/warehouses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-correlation-id': 'corr-embedded-wh' },
    body: JSON.stringify({ code: 'WHL', name: 'Logged', timeZone: 'UTC' }),
  });
  expect(created.status).toBe(201);
  // warehouse.created carries the request's correlation id to planning, which learns the warehouse
  await waitFor(async () => (await fetch(`${url('planning')}/warehouses/WHL/settings`)).status === 200, { description: 'planning learns WHL' });
  const handling = await waitFor(() => lines.find((l) => l.service === 'planning' && carries(l, 'corr-embedded-wh')), { description: "a line of planning's handling" });
  expect(handling).toMatchObject({ service: 'planning' });
  // the request's lines are inventory's; planning and sales-orders each learn the warehouse from its event, so only
  // those three may claim the correlation (sales-orders' handling may land a moment later), never a shared name
  const claiming = new Set(lines.filter((l) => carries(l, 'corr-embedded-wh')).map((l) => l.service));
  expect(claiming.has('inventory')).toBe(true);
  expect([...claiming].filter((s) => !['inventory', 'planning', 'sales-orders'].includes(String(s)))).toEqual([]);
});
