/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read JSON bodies loosely */
// Planning end to end: sales-orders, inventory and planning as separate processes over
// real Kafka and PostgreSQL. The three processes start once for the file; every test uses its own products,
// vendors and warehouse. Products are created through planning's catalog (product.upserted reaches
// sales-orders and inventory); sales orders are placed over this file's sales-orders REST (placeSalesOrder says why
// not over upstream.orders). Each process's consumer group is `<service>-<database>` (e2e/support), so the
// file's groups are its own; beforeAll starts them at the current end of every topic.
import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { purchaseOrderConfirmed, stockMoveDone, topics } from '@replenish/contracts';
import { setGroupOffsets } from '@replenish/test-infra';
import { httpJson, produceEvent, produceRaw, startServiceProcess, testDatabaseUrl, waitFor, type ServiceProcess } from './support/index.js';
import { markTopics, readEvents, type TopicMarks } from '../apps/planning/test/kafka.js';
import { productLearnt, warehouseLearnt, type LearningServices } from './support/learnt.js';
import { PROBE_WAREHOUSE, placeSalesOrder } from './support/planning-stack.js';
import { untilCaughtUp } from './support/offsets.js';
import { createWarehouse } from './support/warehouses.js';

const run = randomBytes(4).toString('hex');
const RUN = run.toUpperCase();
const UNIT = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const brokers = () => process.env.KAFKA_BROKERS!.split(',');
/** Planning's input topics (the ones the replay test replays). */
const PLANNING_INPUTS: string[] = [topics.salesOrderEvents, topics.stockPositions, topics.purchasingOrders, topics.manufacturingOrders, topics.transferOrders];
/** Every topic a service of this file consumes. */
const CONSUMED = [...new Set([...PLANNING_INPUTS, topics.upstreamOrders, topics.products, topics.stockMoves, topics.draftOrders, topics.warehouses])];
const MARKED = [...new Set([...CONSUMED, topics.planningExceptions, ...PLANNING_INPUTS.map((t) => `${t}.dlq`)])];
const LONG = 90_000;

let sales: ServiceProcess;
let inventory: ServiceProcess;
let planning: ServiceProcess;
let marks: TopicMarks;
/** The consumer group of this file's planning processes (e2e/support: `<service>-<database>`). */
let planningGroup: string;

const P = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) => httpJson<any>(planning.url, method, path, body);
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const todayUtc = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  marks = await markTopics(brokers(), MARKED);
  // The file's consumer groups are new: start them at the marks, not at the start of the topics' history
  // (other runs and benchmarks), and the replay test replays exactly from there.
  // One group join per group for all its topics (admin.setOffsets joins once per topic, about 5 s each).
  const db = new URL(await testDatabaseUrl()).pathname.slice(1);
  planningGroup = `planning-${db}`;
  const consumed = new Map(CONSUMED.map((t) => [t, marks.get(t)!] as const));
  await Promise.all(['sales-orders', 'inventory', 'planning'].map((service) => setGroupOffsets(brokers(), `${service}-${db}`, consumed)));
  [sales, inventory, planning] = await Promise.all([
    startServiceProcess('sales-orders'),
    startServiceProcess('inventory'),
    startServiceProcess('planning', { PLANNING_SWEEP_INTERVAL_HOURS: '0' }),
  ]);
  // The warehouse of product()'s probe orders: sales-orders accepts lines only for warehouses inventory created.
  await createWarehouse(inventory.url, PROBE_WAREHOUSE);
  await warehouseLearnt(learning(), PROBE_WAREHOUSE);
}, 240_000);

afterAll(async () => {
  await Promise.all([sales?.stop(), inventory?.stop(), planning?.stop()]);
});

// ---------------------------------------------------------------------------------------------- helpers

/** The file's processes as the waits for what they learn from catalog events see them (planning is restarted in test 4). */
const learning = (): LearningServices => ({ brokers: brokers(), sales, inventory, planning, waitMs: LONG });

/** A warehouse created in inventory (locations), once sales-orders and planning have learnt it, with planning's settings. Code = id, upper case. */
async function warehouse(tag: string, settings: Record<string, unknown> = {}): Promise<string> {
  const id = `W${tag}${RUN}`.slice(0, 20);
  await createWarehouse(inventory.url, id);
  await warehouseLearnt(learning(), id);
  expect((await P('PUT', `/warehouses/${id}/settings`, { purchaseSecurityLeadDays: 1, daysToPurchase: 1, ...settings })).status).toBe(200);
  return id;
}

async function vendor(tag: string): Promise<string> {
  const id = `V-${tag}-${run}`;
  expect((await P('POST', '/vendors', { id, name: `Vendor ${tag}` })).status).toBe(201);
  return id;
}

/** A product through planning's catalog, with a supplier; resolves once sales-orders and inventory know it. */
async function product(tag: string, vendorId: string, routes: string[], leadTimeDays = 3): Promise<string> {
  const id = `P-${tag}-${run}`;
  const r = await P('POST', '/products', { id, sku: id, name: `Product ${tag}`, stockUom: UNIT, routes });
  expect(r.status).toBe(201);
  expect((await P('POST', `/products/${id}/suppliers`, { vendorId, leadTimeDays, minQty: '1', price: '2' })).status).toBe(201);
  await productLearnt(learning(), id, PROBE_WAREHOUSE);
  return id;
}

interface Line { lineRef: string; productId: string; warehouseId: string; quantity: string; requestedDate: string }

/** A sales order of make-to-order lines, placed and confirmed over this file's sales-orders; returns the confirmed order. */
const mtoOrder = (orderRef: string, lines: Line[]): Promise<any> => placeSalesOrder(sales.url, orderRef, lines.map((l) => ({ ...l, route: 'mto' })));

/** A confirmed line's new quantity, over this file's sales-orders (publishes sales-order.line-changed). */
async function changeLine(orderRef: string, lineRef: string, quantity: string): Promise<void> {
  const r = await httpJson(sales.url, 'PATCH', `/sales-orders/by-ref/${orderRef}/lines/${lineRef}`, { quantity });
  expect([orderRef, r.status]).toEqual([orderRef, 200]);
}

const draftsOf = async (vendorId: string, warehouseId: string, state?: string): Promise<any[]> =>
  (await P('GET', `/draft-orders?vendorId=${vendorId}&warehouseId=${warehouseId}${state ? `&state=${state}` : ''}`)).body;

/** Waits for the open draft of a vendor whose lines match `check`. */
const openDraftWhere = (vendorId: string, warehouseId: string, check: (d: any) => boolean, what: string) =>
  waitFor(async () => {
    const open = await draftsOf(vendorId, warehouseId, 'draft');
    return open.length === 1 && check(open[0]) ? open[0] : undefined;
  }, { description: what, timeoutMs: LONG });

const lineOf = (d: any, productId: string) => d.lines.find((l: any) => l.productId === productId);
const qtyOf = (d: any, productId: string) => lineOf(d, productId)?.quantity;

async function confirmDraft(draftOrderId: string, externalRef: string): Promise<any> {
  await produceEvent(purchaseOrderConfirmed, { draftOrderId, externalRef });
  return waitFor(async () => {
    const r = await P('GET', `/draft-orders/${draftOrderId}`);
    return r.body?.state === 'confirmed' ? r.body : undefined;
  }, { description: `draft ${draftOrderId} confirmed`, timeoutMs: LONG });
}

let moveSeq = 0;
async function move(kind: 'receipt' | 'delivery', productId: string, wh: string, quantity: string): Promise<void> {
  const [from, to] = kind === 'receipt' ? ['virtual/vendor', `${wh}/Stock`] : [`${wh}/Stock`, 'virtual/customer'];
  await produceEvent(stockMoveDone, {
    moveId: `M-${run}-${++moveSeq}`, kind, productId, quantity, uom: 'Units', fromLocation: from, toLocation: to, doneAt: new Date().toISOString(),
  });
}

const onHandAt = async (productId: string, wh: string) =>
  (await httpJson(inventory.url, 'GET', `/stock/on-hand?productId=${productId}&warehouseId=${wh}`)).body?.onHand;

// ---------------------------------------------------------------------------------------------- 1. MTO

it('make to order: a confirmed order raises a draft PO, a second one tops it up, purchasing confirms it, a third raises a new draft', async () => {
  const wh = await warehouse('A');
  const v = await vendor('mto');
  const [p1, p2] = await Promise.all([product('mto1', v, ['mto', 'buy'], 3), product('mto2', v, ['mto', 'buy'], 5)]);
  const day = addDays(todayUtc(), 30);

  const so1 = await mtoOrder(`SO1-${run}`, [{ lineRef: '1', productId: p1, warehouseId: wh, quantity: '7', requestedDate: day }]);
  const d1 = await openDraftWhere(v, wh, (d) => qtyOf(d, p1) === '7', 'the MTO draft for SO1');
  expect(d1).toMatchObject({ type: 'purchase', vendorId: v, warehouseId: wh, state: 'draft', version: 1 });
  const l1 = lineOf(d1, p1);
  // need date = delivery date; planned = need - purchase security lead time (1); order date = planned - vendor lead time (3)
  expect(so1.lines[0].deliveryDate).toBe(day);
  expect(l1.plannedDate).toBe(addDays(day, -1));
  expect(d1.orderDate).toBe(addDays(day, -4));
  expect(l1.origins).toEqual([expect.objectContaining({ kind: 'sales-order-line', ref: so1.lines[0].id, quantity: '7' })]);

  // a second order for the same vendor (another product) tops up the same draft
  const so2 = await mtoOrder(`SO2-${run}`, [{ lineRef: '1', productId: p2, warehouseId: wh, quantity: '5', requestedDate: addDays(day, 2) }]);
  const d2 = await openDraftWhere(v, wh, (d) => qtyOf(d, p2) === '5', 'SO2 on the same draft');
  expect(d2.draftOrderId).toBe(d1.draftOrderId);
  expect(d2.version).toBe(2);
  expect(qtyOf(d2, p1)).toBe('7');
  expect(lineOf(d2, p2).origins[0]).toMatchObject({ kind: 'sales-order-line', ref: so2.lines[0].id, quantity: '5' });
  // the earliest need drives the order date: p2's planned date (day+1) minus its lead time 5 = day-4, same as p1's
  expect(lineOf(d2, p2).plannedDate).toBe(addDays(day, 1));

  // the purchasing system confirms it: frozen, and the confirmed draft is published
  const confirmed = await confirmDraft(d1.draftOrderId, `PO-${run}`);
  expect(confirmed.version).toBe(3);
  const [ev] = await readEvents(brokers(), marks, topics.draftOrders, (e) => e.envelope?.type === 'draft-order.confirmed' && e.envelope.payload.draftOrderId === d1.draftOrderId);
  expect(ev!.envelope.payload).toMatchObject({ state: 'confirmed', version: 3 });
  expect(ev!.envelope.payload.lines.map((l: any) => [l.productId, l.quantity]).sort()).toEqual([[p1, '7'], [p2, '5']].sort());

  // a third order raises a new draft
  await mtoOrder(`SO3-${run}`, [{ lineRef: '1', productId: p1, warehouseId: wh, quantity: '4', requestedDate: day }]);
  const d3 = await openDraftWhere(v, wh, (d) => qtyOf(d, p1) === '4', 'a new draft for SO3');
  expect(d3.draftOrderId).not.toBe(d1.draftOrderId);
  expect(d3.version).toBe(1);
  expect((await P('GET', `/draft-orders/${d1.draftOrderId}`)).body).toMatchObject({ state: 'confirmed', version: 3 });
}, 300_000);

// ---------------------------------------------------------------------------------------------- 2. rules

it('reordering rule: deliveries to or below min raise max - forecast rounded up to the multiple, top up, a receipt does not trigger, confirmation freezes', async () => {
  const wh = await warehouse('B', { purchaseSecurityLeadDays: 0, daysToPurchase: 0 });
  const v = await vendor('rule');
  const p = await product('rule', v, ['buy'], 2);
  // a manual rule first, so nothing is ordered while the opening stock arrives
  const rule = await P('POST', '/reordering-rules', { productId: p, warehouseId: wh, min: '10', max: '50', multiple: '5', trigger: 'manual' });
  expect(rule.status).toBe(201);
  await move('receipt', p, wh, '100');
  await waitFor(async () => {
    const r = await P('GET', `/replenishment-report?warehouseId=${wh}&includeAll=true`);
    return r.body.items.find((i: any) => i.ruleId === rule.body.id)?.forecast === '100';
  }, { description: "planning's projection sees the opening stock", timeoutMs: LONG });
  expect((await P('POST', `/replenishment-report/${rule.body.id}/automate`)).status).toBe(200);
  expect(await draftsOf(v, wh)).toEqual([]); // forecast 100 > min 10

  // deliveries: 100 - 60 - 33 = 7 <= 10 -> 50 - 7 = 43, rounded up to 45
  await move('delivery', p, wh, '60');
  await move('delivery', p, wh, '33');
  const d1 = await openDraftWhere(v, wh, (d) => qtyOf(d, p) === '45', 'the rule draft of 45');
  expect(lineOf(d1, p).origins).toEqual([expect.objectContaining({ kind: 'rule', ref: rule.body.id, quantity: '45' })]);

  // more deliveries: forecast 7 + 45 - 20 - 25 = 7 -> another 45 on the same draft
  await move('delivery', p, wh, '20');
  await move('delivery', p, wh, '25');
  const d2 = await openDraftWhere(v, wh, (d) => qtyOf(d, p) === '90', 'the same draft topped up to 90');
  expect(d2.draftOrderId).toBe(d1.draftOrderId);
  expect(lineOf(d2, p).origins).toHaveLength(2);

  // a receipt (forecast 52 + 30 = 82) triggers nothing; the next delivery (82 - 75 = 7) tops up once more
  await move('receipt', p, wh, '30');
  await waitFor(async () => (await onHandAt(p, wh)) === '-8', { description: 'inventory booked the receipt', timeoutMs: LONG });
  await move('delivery', p, wh, '75');
  const d3 = await openDraftWhere(v, wh, (d) => qtyOf(d, p) === '135', 'the draft topped up to 135');
  expect(d3.draftOrderId).toBe(d1.draftOrderId);
  expect(lineOf(d3, p).origins.map((o: any) => o.quantity)).toEqual(['45', '45', '45']); // nothing from the receipt
  const explain = await P('GET', `/draft-orders/${d3.draftOrderId}/lines/${lineOf(d3, p).lineId}/explain`);
  expect(explain.status).toBe(200);
  expect(explain.body.origins).toHaveLength(3);

  // confirmation freezes the draft; inventory then has 135 incoming
  const frozen = await confirmDraft(d3.draftOrderId, `PO-R-${run}`);
  expect(frozen.lines[0].quantity).toBe('135');
  await waitFor(async () => {
    const f = await httpJson(inventory.url, 'GET', `/stock/forecast?productId=${p}&warehouseId=${wh}`);
    return f.status === 200 && f.body.incoming.some((i: any) => i.quantity === '135');
  }, { description: "the confirmed draft in inventory's incoming", timeoutMs: LONG });
  // -83 on hand + 135 incoming = 52; a delivery of 50 -> 2 -> 48, rounded up to 50, on a NEW draft
  await move('delivery', p, wh, '50');
  const d4 = await openDraftWhere(v, wh, (d) => qtyOf(d, p) === '50', 'a new draft after the confirmation');
  expect(d4.draftOrderId).not.toBe(d3.draftOrderId);
  expect((await P('GET', `/draft-orders/${d3.draftOrderId}`)).body).toMatchObject({ state: 'confirmed', version: frozen.version });
  expect(qtyOf((await P('GET', `/draft-orders/${d3.draftOrderId}`)).body, p)).toBe('135');
}, 300_000);

// ---------------------------------------------------------------------------------------------- 3. decrease

it('a sales line decrease shrinks the draft line; on a confirmed draft it raises a planning exception', async () => {
  const wh = await warehouse('C');
  const v = await vendor('shrink');
  const p = await product('shrink', v, ['mto', 'buy']);
  const ref = `SO-S-${run}`;
  const so = await mtoOrder(ref, [{ lineRef: '1', productId: p, warehouseId: wh, quantity: '10', requestedDate: addDays(todayUtc(), 20) }]);
  const d1 = await openDraftWhere(v, wh, (d) => qtyOf(d, p) === '10', 'the MTO draft of 10');

  await changeLine(ref, '1', '4');
  const d2 = await openDraftWhere(v, wh, (d) => qtyOf(d, p) === '4', 'the draft line shrunk to 4');
  expect(d2.draftOrderId).toBe(d1.draftOrderId);
  expect(d2.version).toBe(2);

  const frozen = await confirmDraft(d1.draftOrderId, `PO-S-${run}`);
  await changeLine(ref, '1', '1');
  // The exception this file's planning raised, then its event. Not the first event naming the sales order: other
  // planning deployments on the shared Kafka (other runs, their own consumer groups) read our sales orders too and
  // publish their own exceptions about them (under-ordered: our products are not in their catalogs).
  const listed = await waitFor(async () => {
    const r = await P('GET', `/exceptions?salesOrderId=${so.id}`);
    return r.status === 200 && r.body.length > 0 ? r : undefined;
  }, { description: 'the exception listed', timeoutMs: LONG });
  expect(listed.body).toEqual([expect.objectContaining({ kind: 'over-ordered', quantity: '3' })]);
  const [exc] = await readEvents(brokers(), marks, topics.planningExceptions, (e) => e.envelope?.type === 'planning-exception.raised' && e.envelope.payload.exceptionId === listed.body[0].exceptionId, {
    timeoutMs: LONG,
  });
  expect(exc!.envelope.payload).toMatchObject({ kind: 'over-ordered', quantity: '3', productId: p, warehouseId: wh, draftOrderId: d1.draftOrderId, salesOrderId: so.id });
  expect(exc!.envelope.payload.message).toContain('over-ordered by 3');
  // the confirmed draft did not change
  expect((await P('GET', `/draft-orders/${d1.draftOrderId}`)).body).toMatchObject({ state: 'confirmed', version: frozen.version });
  expect(await draftsOf(v, wh, 'draft')).toEqual([]);
}, 300_000);

// ---------------------------------------------------------------------------------------------- 6. bad input

it('bad input: REST answers 400 naming the field, every consumed topic dead-letters with a reason, and the flow goes on', async () => {
  const wh = await warehouse('D');
  const v = await vendor('bad');
  const p = await product('bad', v, ['mto', 'buy']);
  const bad: [string, 'POST' | 'PUT' | 'PATCH', string, unknown][] = [
    ['stockUom.factor', 'POST', '/products', { sku: `X-${run}`, name: 'X', stockUom: { ...UNIT, factor: 1 }, routes: ['buy'] }],
    ['routes', 'POST', '/products', { sku: `X-${run}`, name: 'X', stockUom: UNIT, routes: ['teleport'] }],
    ['colour', 'POST', '/products', { sku: `X-${run}`, name: 'X', stockUom: UNIT, routes: ['buy'], colour: 'red' }],
    ['leadTimeDays', 'POST', `/products/${p}/suppliers`, { vendorId: v, leadTimeDays: -1 }],
    ['name', 'POST', '/vendors', { id: `V2-${run}` }],
    ['outputQty', 'POST', '/boms', { productId: p, outputQty: '0', productionDelayDays: 1, components: [] }],
    ['timeZone', 'PUT', `/warehouses/${wh}/settings`, { timeZone: 'Mars/Olympus' }],
    ['min', 'POST', '/reordering-rules', { productId: p, warehouseId: wh, min: '60', max: '50' }],
    ['multiple', 'POST', '/reordering-rules', { productId: p, warehouseId: wh, min: '1', max: '5', multiple: '-1' }],
    ['max', 'POST', '/reordering-rules', { productId: p, warehouseId: wh, min: '1', max: 5 }],
  ];
  for (const [field, method, path, body] of bad) {
    const r = await P(method, path, body);
    expect([path, r.status]).toEqual([path, 400]);
    expect(r.body.errors.map((e: any) => e.field)).toContain(field);
    expect(r.body.errors.find((e: any) => e.field === field).reason).toEqual(expect.any(String));
  }

  // every topic planning consumes: a message that is not JSON, and an envelope whose payload is invalid
  const poisonKey = `poison-${run}`;
  const invalidEnvelope = (type: string) =>
    JSON.stringify({ id: randomUUID(), type, schemaVersion: 1, occurredAt: new Date().toISOString(), key: poisonKey, source: 'e2e', correlationId: run, payload: { nonsense: 1 } });
  const typeOf: Record<string, string> = {
    [topics.salesOrderEvents]: 'sales-order.confirmed',
    [topics.stockPositions]: 'stock-position.changed',
    [topics.purchasingOrders]: 'purchase-order.confirmed',
    [topics.manufacturingOrders]: 'manufacturing-order.confirmed',
    [topics.transferOrders]: 'transfer-order.confirmed',
  };
  for (const t of PLANNING_INPUTS) {
    await produceRaw(undefined, t, [
      { key: poisonKey, value: 'not json {' },
      { key: poisonKey, value: invalidEnvelope(typeOf[t]!), headers: { 'event-type': typeOf[t]! } },
    ]);
  }
  // a well-formed confirmation of a draft that does not exist
  const ghost = randomUUID();
  await produceEvent(purchaseOrderConfirmed, { draftOrderId: ghost });

  // the flow goes on: an MTO order after all that still raises its draft
  await mtoOrder(`SO-B-${run}`, [{ lineRef: '1', productId: p, warehouseId: wh, quantity: '3', requestedDate: addDays(todayUtc(), 15) }]);
  await openDraftWhere(v, wh, (d) => qtyOf(d, p) === '3', 'the MTO draft after the bad input');

  const [ghostDead, ...deadPerTopic] = await Promise.all([
    readEvents(brokers(), marks, `${topics.purchasingOrders}.dlq`, (e) => e.envelope?.payload?.draftOrderId === ghost, { timeoutMs: LONG }).then((r) => r[0]),
    ...PLANNING_INPUTS.map((t) =>
      readEvents(brokers(), marks, `${t}.dlq`, (e) => e.key === poisonKey && e.headers['dlq-consumer-group'] === planningGroup, { count: 2, timeoutMs: LONG })),
  ]);
  PLANNING_INPUTS.forEach((t, i) => {
    const dead = deadPerTopic[i]!;
    expect(dead.map((d) => d.headers['dlq-original-topic'])).toEqual([t, t]);
    for (const d of dead) expect(d.headers['dlq-reason']).toEqual(expect.stringMatching(/.{5,}/));
    expect(dead.some((d) => /JSON/i.test(d.headers['dlq-reason']!))).toBe(true);
  });
  expect(ghostDead!.headers['dlq-reason']).toContain(`draft order ${ghost} does not exist`);
}, 300_000);

// ---------------------------------------------------------------------------------------------- 5. replicas

it('two planning replicas in one consumer group, concurrent events for one vendor: one draft with the right total', async () => {
  const wh = await warehouse('E');
  const v = await vendor('conc');
  const products = await Promise.all(Array.from({ length: 4 }, (_, i) => product(`conc${i}`, v, ['mto', 'buy'])));
  const replica = await startServiceProcess('planning', { env: { DATABASE_URL: planning.databaseUrl, PLANNING_SWEEP_INTERVAL_HOURS: '0' } });
  try {
    // both replicas own partitions of the group before the burst
    await waitFor(async () => {
      const g = (await describePlanningGroup());
      return g.state === 'Stable' && g.members === 2;
    }, { description: 'two members in the planning group', timeoutMs: LONG });

    const orders = Array.from({ length: 24 }, (_, i) => ({
      ref: `SO-C${i}-${run}`, productId: products[i % products.length]!, quantity: String((i % 5) + 1),
    }));
    await Promise.all(orders.map((o) => mtoOrder(o.ref, [{ lineRef: '1', productId: o.productId, warehouseId: wh, quantity: o.quantity, requestedDate: addDays(todayUtc(), 25) }])));

    const expected = new Map<string, number>();
    for (const o of orders) expected.set(o.productId, (expected.get(o.productId) ?? 0) + Number(o.quantity));
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    const d = await waitFor(async () => {
      const all = await draftsOf(v, wh);
      if (all.length !== 1) return undefined;
      const sum = all[0].lines.reduce((s: number, l: any) => s + Number(l.quantity), 0);
      return sum === total ? all[0] : undefined;
    }, { description: `one draft totalling ${total}`, timeoutMs: LONG });
    expect(d.state).toBe('draft');
    expect(d.lines).toHaveLength(products.length);
    for (const [productId, q] of expected) expect(qtyOf(d, productId)).toBe(String(q));
    expect(d.lines.reduce((n: number, l: any) => n + l.origins.length, 0)).toBe(orders.length);
    // One version per batch of sales orders a replica took (planning-016 addendum); none lost or doubled: the origins above.
    expect(d.version).toBeGreaterThanOrEqual(1);
    expect(d.version).toBeLessThanOrEqual(orders.length);
    expect(await draftsOf(v, wh)).toHaveLength(1);
    // the replica served HTTP from the same database
    expect((await httpJson(replica.url, 'GET', `/draft-orders/${d.draftOrderId}`)).body.version).toBe(d.version);
  } finally {
    await replica.stop();
  }
}, 300_000);

async function describePlanningGroup(): Promise<{ state: string; members: number }> {
  const admin = new Kafka({ clientId: `e2e-admin-${run}`, brokers: brokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([planningGroup]);
    return { state: groups[0]?.state ?? 'Unknown', members: groups[0]?.members.length ?? 0 };
  } finally {
    await admin.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------- 4. replay

it('replaying every input topic from the start of this run changes no draft', async () => {
  // Every origin keeps the event that caused it: a replayed event applied a second time would show twice.
  const originKey = (o: any) => `${o.kind}|${o.ref}|${o.eventId ?? '-'}|${o.quantity}`;
  const snapshot = async () => {
    const drafts = (await P('GET', '/draft-orders')).body as any[];
    return drafts.map((d) => ({
      id: d.draftOrderId, state: d.state, version: d.version,
      lines: d.lines.map((l: any) => ({ productId: l.productId, quantity: l.quantity, origins: l.origins.map(originKey) })),
    })).sort((a, b) => a.id.localeCompare(b.id));
  };
  // This file's exceptions: this planning also consumes other runs' sales orders from the shared topics, and raises
  // exceptions about their lines (products it does not know) whenever they come, during the replay too.
  const exceptions = async () => ((await P('GET', '/exceptions?limit=1000')).body as any[]).filter((e) => String(e.productId).endsWith(run)).map((e) => e.exceptionId).sort();
  const before = await snapshot();
  const exceptionsBefore = await exceptions();
  expect(before.length).toBeGreaterThanOrEqual(7); // the tests above left seven drafts

  await planning.stop();
  const kafka = new Kafka({ clientId: `e2e-admin-${run}`, brokers: brokers(), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(async () => (await describePlanningGroup()).members === 0, { description: 'the planning group empty', timeoutMs: LONG });
    // every input topic back to where it was before this file produced anything (the "offset 0" of this run)
    await setGroupOffsets(brokers(), planningGroup, new Map(PLANNING_INPUTS.map((t) => [t, marks.get(t)!] as const)));
    const ends = new Map(await Promise.all(PLANNING_INPUTS.map(async (t) => [t, await admin.fetchTopicOffsets(t)] as const)));
    const replayed = [...ends].reduce((n, [t, parts]) => n + parts.reduce((m, p) => m + Number(p.offset) - Number(marks.get(t)!.find((x) => x.partition === p.partition)!.offset), 0), 0);
    expect(replayed).toBeGreaterThan(50);

    planning = await startServiceProcess('planning', { env: { DATABASE_URL: planning.databaseUrl, PLANNING_SWEEP_INTERVAL_HOURS: '0' } });
    // caught up: the group's committed offsets reach the end of every input topic again
    await untilCaughtUp(brokers(), planningGroup, ends, { description: 'planning caught up with the replay', stallMs: LONG });
  } finally {
    await admin.disconnect();
  }
  const after = await snapshot();
  const origins = (snap: typeof before) => snap.flatMap((d) => d.lines.flatMap((l: any) => l.origins as string[]));
  // exactly once: no event became two origins
  const withEvent = origins(after).filter((o) => !o.includes('|-|')).map((o) => o.split('|').slice(0, 3).join('|'));
  expect(withEvent.length).toBe(new Set(withEvent).size);
  // Only this file's sales orders reach its drafts: they are placed over its own sales-orders, never over the shared
  // upstream.orders, which every sales-orders on the broker would confirm a copy of (new events, not replays).
  expect(after).toEqual(before);
  expect(await exceptions()).toEqual(exceptionsBefore);
}, 300_000);

// ---------------------------------------------------------------------------------------------- 7. warehouses

it('a warehouse is created once, in inventory: planning learns it from warehouse.created, and refuses a rule for one it does not know', async () => {
  const id = `WN${RUN}`;
  expect((await httpJson(inventory.url, 'POST', '/warehouses', { code: id, name: 'North', timeZone: 'Europe/Oslo' })).status).toBe(201);
  const learnt = await waitFor(async () => {
    const r = await P('GET', `/warehouses/${id}/settings`);
    return r.status === 200 ? r.body : undefined;
  }, { description: `planning learns ${id}`, timeoutMs: LONG });
  expect(learnt).toMatchObject({ warehouseId: id, name: 'North', timeZone: 'Europe/Oslo' });
  const [created] = await readEvents(brokers(), marks, topics.warehouses, (e) => e.envelope?.type === 'warehouse.created' && e.key === id, { timeoutMs: LONG });
  expect(created!.envelope.payload).toEqual({ warehouseId: id, code: id, name: 'North', timeZone: 'Europe/Oslo' });

  const v = await vendor('wh9');
  const p = await product('wh9', v, ['buy']);
  const wh9 = `WH9${RUN}`;
  const r = await P('POST', '/reordering-rules', { productId: p, warehouseId: wh9, min: '10', max: '50' });
  expect([r.status, r.body.errors]).toEqual([404, [{ field: 'warehouseId', reason: expect.stringContaining(wh9) }]]);
  expect((await P('GET', `/warehouses/${wh9}/settings`)).status).toBe(404);
  expect(await draftsOf(v, wh9)).toEqual([]);
}, 300_000);
