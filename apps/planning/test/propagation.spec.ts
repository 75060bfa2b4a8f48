/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
// Decision planning-016: a draft's new demand is propagated down every BOM level and along transfer chains at once,
// in the transaction of the event that caused it, each product-site once and after its parents; each evaluation
// names its chain. Real PostgreSQL and Kafka, two planning replicas in one consumer group; the test plays
// sales-orders and inventory. No sweep runs.
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createEnvelope, salesOrderConfirmed, stockPositionChanged, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { createServiceApp } from '@replenish/service-kit';
import { planningService } from '../src/service.js';
import { addDaysIso, http, query, todayUtc, waitFor } from './helpers.js';
import { learnWarehouse, startPlanning, type PlanningUnderTest } from './planning-app.js';

const run = randomUUID().slice(0, 8);
const UNIT = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const SETTINGS = { manufacturingSecurityLeadDays: 0, daysToPrepare: 0, purchaseSecurityLeadDays: 0, daysToPurchase: 0, transferLeadDays: 1 };
const WH = `WH-prop-${run}`;
/** The transfer chain: A is resupplied from B, B from C, C buys. */
const [WA, WB, WC] = ['A', 'B', 'C'].map((w) => `WH-${w}-${run}`) as [string, string, string];
const VENDOR = `prop-vendor-${run}`;
// Other runs' inventory services on the shared Kafka may publish positions of our products: ours must be the newest.
const SEQUENCE = 1_000_000_000;

let planning: PlanningUnderTest;
let replica: INestApplication;

beforeAll(async () => {
  planning = await startPlanning('planning_propagation');
  replica = await createServiceApp(planningService, {
    env: { DATABASE_URL: planning.db.databaseUrl, KAFKA_BROKERS: planning.brokers.join(','), PORT: '0', LOG_LEVEL: 'warn', CONSUMER_GROUP: planning.group, PLANNING_SWEEP_INTERVAL_HOURS: '0' },
    logStartup: false,
  });
  await replica.listen(0, '127.0.0.1');
  for (const w of [WH, WA, WB, WC]) expect((await learnWarehouse(planning.producer, planning.base, w, SETTINGS)).status).toBe(200);
  await post('vendors', { id: VENDOR, name: VENDOR });
});

afterAll(async () => {
  await replica?.close();
  await planning?.close();
});

const post = async (path: string, body: unknown): Promise<any> => {
  const r = await http(planning.base, 'POST', path, body);
  expect([r.status, r.body]).toEqual([201, expect.anything()]);
  return r.body;
};

const handled = (eventId: string) =>
  waitFor(async () => (await query(planning.db.databaseUrl, `SELECT 1 FROM planning.inbox WHERE event_id = $1 AND consumer_group = $2`, [eventId, planning.group])).length > 0, { description: `event ${eventId} handled`, timeoutMs: 30000 });

type PositionEvent = EventEnvelope<PayloadOf<typeof stockPositionChanged>>;

const positionEvent = (productId: string, warehouseId: string, sequence: number, p: Partial<PayloadOf<typeof stockPositionChanged>>): PositionEvent =>
  createEnvelope(stockPositionChanged, {
    productId, warehouseId, uom: 'Units', onHand: '0', incoming: [], outgoing: [], sequence: SEQUENCE + sequence, asOf: new Date().toISOString(), ...p,
  }, { source: 'inventory-test' });

const send = (env: PositionEvent): Promise<void> => planning.producer.sendRaw(stockPositionChanged.topic, env.key, JSON.stringify(env));

async function position(productId: string, warehouseId: string, sequence: number, p: Partial<PayloadOf<typeof stockPositionChanged>>): Promise<void> {
  const env = positionEvent(productId, warehouseId, sequence, p);
  await send(env);
  await handled(env.id);
}

/** The open drafts' quantity of each product at each warehouse (per draft type), as `type product@warehouse -> qty`. */
async function openQuantities(products: string[]): Promise<Record<string, string>> {
  const rows = await query<{ k: string; q: string }>(planning.db.databaseUrl, `
    SELECT d.type || ' ' || l.product_id || '@' || d.warehouse_id AS k, sum(l.quantity)::text AS q
      FROM planning.draft_orders d JOIN planning.draft_lines l ON l.draft_id = d.id
     WHERE d.state = 'draft' AND l.product_id = ANY($1) GROUP BY 1 ORDER BY 1`, [products]);
  return Object.fromEntries(rows.map((r) => [r.k, String(Number(r.q))]));
}

const lastEvaluation = async (productId: string, warehouseId: string): Promise<any> =>
  (await query(planning.db.databaseUrl, `SELECT cause, quantity::text AS quantity, explanation FROM planning.rule_evaluations WHERE product_id = $1 AND warehouse_id = $2 ORDER BY evaluated_at DESC, id LIMIT 1`, [productId, warehouseId]))[0];

describe('a 4-level BOM (decision planning-016)', () => {
  const [p0, p1, p2, p3] = [0, 1, 2, 3].map((i) => `L${i}-${run}`) as [string, string, string, string];

  beforeAll(async () => {
    // p0 (made to order) <- 1 p1 <- 2 p2 <- 1 p3 (bought); the rules of p1..p3 are automatic, min 0 max 0.
    await post('products', { id: p0, sku: `SKU-${p0}`, name: p0, stockUom: UNIT, routes: ['mto', 'manufacture'] });
    for (const p of [p1, p2]) await post('products', { id: p, sku: `SKU-${p}`, name: p, stockUom: UNIT, routes: ['manufacture'] });
    await post('products', { id: p3, sku: `SKU-${p3}`, name: p3, stockUom: UNIT, routes: ['buy'] });
    await post(`products/${p3}/suppliers`, { vendorId: VENDOR, leadTimeDays: 3 });
    const bom = (product: string, component: string, quantity: string) =>
      post('boms', { id: `BOM-${product}`, productId: product, outputQty: '1', productionDelayDays: 2, components: [{ productId: component, quantity }] });
    await bom(p0, p1, '1');
    await bom(p1, p2, '2');
    await bom(p2, p3, '1');
    for (const p of [p1, p2, p3]) await post('reordering-rules', { productId: p, warehouseId: WH, min: '0', max: '0', trigger: 'automatic' });
  });

  it('refuses a BOM that would close a cycle, naming its path', async () => {
    const r = await http(planning.base, 'POST', 'boms', { id: `BOM-cycle-${run}`, productId: p3, outputQty: '1', productionDelayDays: 1, components: [{ productId: p0, quantity: '1' }] });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain(`${p3} -> ${p0} -> ${p1} -> ${p2} -> ${p3}`);
  });

  it('one sales order at the top gives the right draft at every level, each naming its chain', async () => {
    const order = createEnvelope(salesOrderConfirmed, {
      salesOrderId: `so-${run}`, orderRef: `SO-${run}`, confirmedAt: new Date().toISOString(),
      lines: [{ lineId: `sol-${run}`, lineRef: '1', lineNo: 1, productId: p0, warehouseId: WH, quantity: '5', uom: 'Units', route: 'mto', deliveryDate: addDaysIso(todayUtc(), 2) }],
    }, { source: 'sales-orders-test' });
    await planning.producer.sendRaw(salesOrderConfirmed.topic, order.key, JSON.stringify(order));
    await handled(order.id);
    // Committed with the sales order, not later: every level is there once the event is handled.
    expect(await openQuantities([p0, p1, p2, p3])).toEqual({
      [`manufacturing ${p0}@${WH}`]: '5', [`manufacturing ${p1}@${WH}`]: '5', [`manufacturing ${p2}@${WH}`]: '10', [`purchase ${p3}@${WH}`]: '10',
    });
    const e3 = await lastEvaluation(p3, WH);
    expect(e3).toMatchObject({ cause: 'component-demand', quantity: '10' });
    const chain: string[] = e3.explanation.chain;
    expect(chain[0]).toBe(`SO-${run}, line 1`);
    expect(chain.slice(1).map((s) => s.replace(/draft \S+ of/, 'draft of'))).toEqual([
      `manufacturing draft of ${p0} at ${WH}`, `manufacturing draft of ${p1} at ${WH}`, `manufacturing draft of ${p2} at ${WH}`, `${p3} at ${WH}`,
    ]);
  });

  it('new demand in the middle changes only the levels below it', async () => {
    await position(p2, WH, 1, { outgoing: [{ date: todayUtc(), quantity: '3' }] });
    expect(await openQuantities([p0, p1, p2, p3])).toEqual({
      [`manufacturing ${p0}@${WH}`]: '5', [`manufacturing ${p1}@${WH}`]: '5', [`manufacturing ${p2}@${WH}`]: '13', [`purchase ${p3}@${WH}`]: '13',
    });
    expect((await lastEvaluation(p3, WH)).explanation.chain[0]).toBe(`stock position ${SEQUENCE + 1} of ${p2} at ${WH}`);
  });
});

describe('a 3-warehouse transfer chain (decision planning-016)', () => {
  const t = `T-${run}`;

  beforeAll(async () => {
    await post('products', { id: t, sku: `SKU-${t}`, name: t, stockUom: UNIT, routes: ['buy'] });
    await post(`products/${t}/suppliers`, { vendorId: VENDOR, leadTimeDays: 3 });
    await post('reordering-rules', { productId: t, warehouseId: WA, min: '0', max: '0', trigger: 'automatic', route: `resupply:${WB}` });
    await post('reordering-rules', { productId: t, warehouseId: WB, min: '0', max: '0', trigger: 'automatic', route: `resupply:${WC}` });
    await post('reordering-rules', { productId: t, warehouseId: WC, min: '0', max: '0', trigger: 'automatic' });
  });

  it('demand at the end of the chain reaches its first warehouse at once', async () => {
    await position(t, WA, 1, { outgoing: [{ date: todayUtc(), quantity: '7' }] });
    expect(await openQuantities([t])).toEqual({ [`transfer ${t}@${WA}`]: '7', [`transfer ${t}@${WB}`]: '7', [`purchase ${t}@${WC}`]: '7' });
    const chain: string[] = (await lastEvaluation(t, WC)).explanation.chain;
    expect(chain.map((s) => s.replace(/draft \S+ of/, 'draft of'))).toEqual([
      `stock position ${SEQUENCE + 1} of ${t} at ${WA}`, `transfer draft of ${t} at ${WA}`, `transfer draft of ${t} at ${WB}`, `${t} at ${WC}`,
    ]);
  });

  it('new demand in the middle changes only the warehouses it is resupplied from', async () => {
    await position(t, WB, 1, { outgoing: [{ date: todayUtc(), quantity: '4' }] });
    expect(await openQuantities([t])).toEqual({ [`transfer ${t}@${WA}`]: '7', [`transfer ${t}@${WB}`]: '11', [`purchase ${t}@${WC}`]: '11' });
  });

  it('two warehouses resupplying each other: the propagation stops where it comes back', async () => {
    const u = `U-${run}`;
    await post('products', { id: u, sku: `SKU-${u}`, name: u, stockUom: UNIT, routes: ['buy'] });
    await post('reordering-rules', { productId: u, warehouseId: WA, min: '0', max: '0', trigger: 'automatic', route: `resupply:${WB}` });
    await post('reordering-rules', { productId: u, warehouseId: WB, min: '0', max: '0', trigger: 'automatic', route: `resupply:${WA}` });
    await position(u, WA, 1, { outgoing: [{ date: todayUtc(), quantity: '2' }] });
    // A orders 2 from B; B, short of them, orders 2 from A; A is not evaluated again in this propagation.
    expect(await openQuantities([u])).toEqual({ [`transfer ${u}@${WA}`]: '2', [`transfer ${u}@${WB}`]: '2' });
  });

  it('positions at both ends at once, on two replicas, then a replay: the drafts of one replica, once', async () => {
    const v = `V-${run}`;
    await post('products', { id: v, sku: `SKU-${v}`, name: v, stockUom: UNIT, routes: ['buy'] });
    await post(`products/${v}/suppliers`, { vendorId: VENDOR, leadTimeDays: 3 });
    await post('reordering-rules', { productId: v, warehouseId: WA, min: '0', max: '0', trigger: 'automatic', route: `resupply:${WB}` });
    await post('reordering-rules', { productId: v, warehouseId: WB, min: '0', max: '0', trigger: 'automatic', route: `resupply:${WC}` });
    await post('reordering-rules', { productId: v, warehouseId: WC, min: '0', max: '0', trigger: 'automatic' });
    const atA = positionEvent(v, WA, 1, { outgoing: [{ date: todayUtc(), quantity: '5' }] });
    const atB = positionEvent(v, WB, 1, { outgoing: [{ date: todayUtc(), quantity: '3' }] });
    await Promise.all([send(atA), send(atB)]);
    await Promise.all([handled(atA.id), handled(atB.id)]);
    const once = { [`transfer ${v}@${WA}`]: '5', [`transfer ${v}@${WB}`]: '8', [`purchase ${v}@${WC}`]: '8' };
    expect(await openQuantities([v])).toEqual(once);
    // The same event again, then an older position of the same key (the same partition, after it): neither orders.
    await send(atA);
    await position(v, WA, 0, {});
    expect(await openQuantities([v])).toEqual(once);
  });
});
