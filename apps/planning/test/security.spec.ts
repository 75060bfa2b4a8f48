// Planning with authentication on, on real Kafka and PostgreSQL: the events a request causes carry its caller in
// their `actor` header, and an operator's sweep is in the audit list under the caller's name.
import { randomUUID } from 'node:crypto';
import { eventHeaders, topics } from '@replenish/contracts';
import { UNIT } from './feature-fixture.js';
import { markTopics, readEvents } from './kafka.js';
import { startPlanning, type PlanningUnderTest } from './planning-app.js';

const KEYS = { catalog: 'catalog-admin-key-0123456789', ops: 'operations-key-0123456789' };
let planning: PlanningUnderTest;

beforeAll(async () => {
  planning = await startPlanning('planning_security', { AUTH_DISABLED: 'false', AUTH_API_KEYS: `catalog=${KEYS.catalog}:admin;ops=${KEYS.ops}:operator` });
});

afterAll(async () => {
  await planning?.close();
});

const call = async (method: string, path: string, key?: string, body?: unknown) => {
  const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const res = await fetch(`${planning.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as unknown };
};

it('puts the caller in the actor header of the events its request causes', async () => {
  const marks = await markTopics(planning.brokers, [topics.products]);
  const id = `secured-${randomUUID().slice(0, 8)}`;
  const created = await call('POST', 'products', KEYS.catalog, { id, sku: `SKU-${id}`, name: `Product ${id}`, stockUom: UNIT, routes: ['buy'] });
  expect(created.status).toBe(201);
  const [event] = await readEvents(planning.brokers, marks, topics.products, (e) => e.envelope?.payload?.productId === id);
  expect(event!.headers[eventHeaders.actor]).toBe('apikey:catalog');
});

it("records an operator's sweep in the audit list under the caller's name", async () => {
  expect((await call('POST', 'reordering-rules/sweep')).status).toBe(401);
  expect((await call('POST', 'reordering-rules/sweep', KEYS.ops)).status).toBe(202);
  const audit = await call('GET', 'audit?actor=apikey:ops', KEYS.ops);
  expect(audit.body).toEqual([expect.objectContaining({ actor: 'apikey:ops', action: 'POST /reordering-rules/sweep', status: 202 })]);
});
