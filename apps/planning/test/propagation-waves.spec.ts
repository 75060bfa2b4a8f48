/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
// A consumer batch's propagation in waves (planning-016 addendum): each product-site once per batch, after every
// parent it has; a receipt in the middle; a replay of every input from where this file's consumer group started.
// Real PostgreSQL and Kafka, two planning replicas in one consumer group; the test plays sales-orders and
// inventory. No sweep runs.
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { createEnvelope, salesOrderConfirmed, stockPositionChanged } from '@replenish/contracts';
import { createServiceApp } from '@replenish/service-kit';
import { setGroupOffsets } from '@replenish/test-infra';
import { planningService } from '../src/service.js';
import { addDaysIso, http, query, todayUtc, waitFor } from './helpers.js';
import { markTopics, type TopicMarks } from './kafka.js';
import { learnWarehouse, PLANNING_INPUTS, startPlanning, type PlanningUnderTest } from './planning-app.js';

const run = randomUUID().slice(0, 8);
const UNIT = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const SETTINGS = { manufacturingSecurityLeadDays: 0, daysToPrepare: 0, purchaseSecurityLeadDays: 0, daysToPurchase: 0, transferLeadDays: 1 };
const WH = `WH-waves-${run}`;
const VENDOR = `waves-vendor-${run}`;
// Other runs' inventory services on the shared Kafka may publish positions of our products: ours must be the newest.
const SEQUENCE = 1_000_000_000;

let planning: PlanningUnderTest;
let replica: INestApplication;
/** Where this file's consumer group started on every input: the replay test replays from there. */
let marks: TopicMarks;
let planningOpen = true;

const replicaApp = async (): Promise<INestApplication> => {
  const app = await createServiceApp(planningService, {
    env: { DATABASE_URL: planning.db.databaseUrl, KAFKA_BROKERS: planning.brokers.join(','), PORT: '0', LOG_LEVEL: 'warn', CONSUMER_GROUP: planning.group, PLANNING_SWEEP_INTERVAL_HOURS: '0' },
    logStartup: false,
  });
  await app.listen(0, '127.0.0.1');
  return app;
};

beforeAll(async () => {
  planning = await startPlanning('planning_waves');
  marks = await markTopics(planning.brokers, PLANNING_INPUTS);
  replica = await replicaApp();
  expect((await learnWarehouse(planning.producer, planning.base, WH, SETTINGS)).status).toBe(200);
  await post('vendors', { id: VENDOR, name: VENDOR });
}, 120_000);

afterAll(async () => {
  await replica?.close();
  // The replay test closes the first app itself.
  if (planningOpen) await planning?.close();
  else await Promise.all([planning.producer.disconnect(), planning.db.drop()]);
});

const post = async (path: string, body: unknown): Promise<any> => {
  const r = await http(planning.base, 'POST', path, body);
  expect([r.status, r.body]).toEqual([201, expect.anything()]);
  return r.body;
};

const handled = (eventId: string) =>
  waitFor(async () => (await query(planning.db.databaseUrl, `SELECT 1 FROM planning.inbox WHERE event_id = $1 AND consumer_group = $2`, [eventId, planning.group])).length > 0, { description: `event ${eventId} handled`, timeoutMs: 60_000 });

async function salesOrder(product: string, quantity: string): Promise<string> {
  const ref = `SO-${randomUUID().slice(0, 8)}`;
  const order = createEnvelope(salesOrderConfirmed, {
    salesOrderId: `so-${ref}`, orderRef: ref, confirmedAt: new Date().toISOString(),
    lines: [{ lineId: `sol-${ref}`, lineRef: '1', lineNo: 1, productId: product, warehouseId: WH, quantity, uom: 'Units', route: 'mto', deliveryDate: addDaysIso(todayUtc(), 2) }],
  }, { source: 'sales-orders-test' });
  await planning.producer.sendRaw(salesOrderConfirmed.topic, order.key, JSON.stringify(order));
  await handled(order.id);
  return ref;
}

async function position(productId: string, sequence: number, onHand: string): Promise<void> {
  const env = createEnvelope(stockPositionChanged, {
    productId, warehouseId: WH, uom: 'Units', onHand, incoming: [], outgoing: [], sequence: SEQUENCE + sequence, asOf: new Date().toISOString(),
  }, { source: 'inventory-test' });
  await planning.producer.sendRaw(stockPositionChanged.topic, env.key, JSON.stringify(env));
  await handled(env.id);
}

/** The open drafts' quantity of each product (per draft type), as `type product -> qty`. */
async function openQuantities(products: string[]): Promise<Record<string, string>> {
  const rows = await query<{ k: string; q: string }>(planning.db.databaseUrl, `
    SELECT d.type || ' ' || l.product_id AS k, sum(l.quantity)::text AS q
      FROM planning.draft_orders d JOIN planning.draft_lines l ON l.draft_id = d.id
     WHERE d.state = 'draft' AND l.product_id = ANY($1) AND d.warehouse_id = $2 GROUP BY 1 ORDER BY 1`, [products, WH]);
  return Object.fromEntries(rows.map((r) => [r.k, String(Number(r.q))]));
}

const evaluations = (productId: string): Promise<any[]> =>
  query(planning.db.databaseUrl, `SELECT cause, quantity::text AS quantity, triggered, explanation FROM planning.rule_evaluations WHERE product_id = $1 AND warehouse_id = $2 ORDER BY evaluated_at, id`, [productId, WH]);

const product = async (id: string, routes: string[]) => post('products', { id, sku: `SKU-${id}`, name: id, stockUom: UNIT, routes });
const bom = (productId: string, components: { productId: string; quantity: string }[]) =>
  post('boms', { id: `BOM-${productId}`, productId, outputQty: '1', productionDelayDays: 2, components });
const jitRule = (productId: string) => post('reordering-rules', { productId, warehouseId: WH, min: '0', max: '0', trigger: 'automatic' });

describe('a component shared by two levels (a diamond)', () => {
  // top (made to order) <- 1 A + 1 B; A <- 2 C; B <- 1 C; C bought. A, B and C: automatic rules, min 0 max 0.
  const [top, a, b, c] = ['TOP', 'A', 'B', 'C'].map((p) => `D${p}-${run}`) as [string, string, string, string];

  beforeAll(async () => {
    await product(top, ['mto', 'manufacture']);
    for (const p of [a, b]) await product(p, ['manufacture']);
    await product(c, ['buy']);
    await post(`products/${c}/suppliers`, { vendorId: VENDOR, leadTimeDays: 2 });
    await bom(top, [{ productId: a, quantity: '1' }, { productId: b, quantity: '1' }]);
    await bom(a, [{ productId: c, quantity: '2' }]);
    await bom(b, [{ productId: c, quantity: '1' }]);
    for (const p of [a, b, c]) await jitRule(p);
  });

  it('one sales order: the shared component is evaluated once, after both its parents, for their whole demand', async () => {
    const ref = await salesOrder(top, '5');
    expect(await openQuantities([top, a, b, c])).toEqual({
      [`manufacturing ${top}`]: '5', [`manufacturing ${a}`]: '5', [`manufacturing ${b}`]: '5', [`purchase ${c}`]: '15',
    });
    // Rule by rule, C would be evaluated twice (10 after A, then 5 after B); in waves it is one evaluation of 15.
    const ofC = await evaluations(c);
    expect(ofC.map((e) => [e.cause, e.quantity])).toEqual([['component-demand', '15']]);
    expect(ofC[0].explanation.chain[0]).toBe(`${ref}, line 1`);
    expect(ofC[0].explanation.chain[ofC[0].explanation.chain.length - 1]).toBe(`${c} at ${WH}`);
  });


  it('a batch of sales orders: each level is evaluated once per planning transaction, not once per order', async () => {
    const orders = [1, 2, 3, 4, 5, 6].map((q) => {
      const ref = `SO-${randomUUID().slice(0, 8)}`;
      return createEnvelope(salesOrderConfirmed, {
        salesOrderId: `so-${ref}`, orderRef: ref, confirmedAt: new Date().toISOString(),
        lines: [{ lineId: `sol-${ref}`, lineRef: '1', lineNo: 1, productId: top, warehouseId: WH, quantity: String(q), uom: 'Units', route: 'mto', deliveryDate: addDaysIso(todayUtc(), 2) }],
      }, { source: 'sales-orders-test' });
    });
    const before = await Promise.all([a, b, c].map(async (p) => (await evaluations(p)).length));
    // One request, one partition: planning most likely takes them in one batch (the assertions hold for any split).
    const producer = new Kafka({ clientId: `waves-test-${process.pid}`, brokers: planning.brokers, logLevel: logLevel.NOTHING }).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({ topic: salesOrderConfirmed.topic, messages: orders.map((o) => ({ key: run, value: JSON.stringify(o) })) }).finally(() => producer.disconnect());
    for (const o of orders) await handled(o.id);
    // Every make-to-order line stored, as confirmed (a batch writes them in one statement).
    expect(await query(planning.db.databaseUrl,
      `SELECT sales_order_line_id AS id, order_ref AS ref, line_no AS "lineNo", quantity::text AS q, from_stock AS "fromStock" FROM planning.mto_lines WHERE sales_order_id = ANY($1) ORDER BY quantity`,
      [orders.map((o) => o.payload.salesOrderId)])).toEqual(orders.map((o) => ({ id: o.payload.lines[0]!.lineId, ref: o.payload.orderRef, lineNo: 1, q: o.payload.lines[0]!.quantity, fromStock: false })));
    expect(await openQuantities([top, a, b, c])).toEqual({
      [`manufacturing ${top}`]: '26', [`manufacturing ${a}`]: '26', [`manufacturing ${b}`]: '26', [`purchase ${c}`]: '78',
    });
    const [{ n: transactions }] = await query<{ n: string }>(planning.db.databaseUrl,
      `SELECT count(DISTINCT processed_at)::text AS n FROM planning.inbox WHERE consumer_group = $1 AND event_id = ANY($2::uuid[])`, [planning.group, orders.map((o) => o.id)]);
    for (const [i, p] of [a, b, c].entries()) {
      const added = (await evaluations(p)).length - before[i]!;
      expect({ p, atLeastOnce: added >= 1, atMostOncePerTransaction: added <= Number(transactions) }).toEqual({ p, atLeastOnce: true, atMostOncePerTransaction: true });
    }
  });
});

describe('a make-to-order line confirmed twice (two events of one line)', () => {
  it('is stored and ordered once, whether the second comes in the same batch or later', async () => {
    const p = `TWICE-${run}`;
    await product(p, ['mto', 'buy']);
    await post(`products/${p}/suppliers`, { vendorId: VENDOR, leadTimeDays: 2 });
    const ref = `SO-${randomUUID().slice(0, 8)}`;
    const confirmation = () => createEnvelope(salesOrderConfirmed, {
      salesOrderId: `so-${ref}`, orderRef: ref, confirmedAt: new Date().toISOString(),
      lines: [{ lineId: `sol-${ref}`, lineRef: '1', lineNo: 1, productId: p, warehouseId: WH, quantity: '4', uom: 'Units', route: 'mto', deliveryDate: addDaysIso(todayUtc(), 2) }],
    }, { source: 'sales-orders-test' });
    const [first, second, third] = [confirmation(), confirmation(), confirmation()];
    const producer = new Kafka({ clientId: `waves-test-${process.pid}`, brokers: planning.brokers, logLevel: logLevel.NOTHING }).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({ topic: salesOrderConfirmed.topic, messages: [first, second].map((o) => ({ key: run, value: JSON.stringify(o) })) }).finally(() => producer.disconnect());
    for (const o of [first, second]) await handled(o.id);
    await planning.producer.sendRaw(salesOrderConfirmed.topic, third.key, JSON.stringify(third));
    await handled(third.id);
    expect(await query(planning.db.databaseUrl, `SELECT quantity::text AS q FROM planning.mto_lines WHERE sales_order_line_id = $1`, [`sol-${ref}`])).toEqual([{ q: '4' }]);
    expect(await openQuantities([p])).toEqual({ [`purchase ${p}`]: '4' });
  });
});

describe('a receipt in the middle of a 4-level BOM', () => {
  // l0 (made to order) <- 1 l1 <- 2 l2 <- 1 l3 (bought); l1..l3 automatic, min 0 max 0.
  const [l0, l1, l2, l3] = [0, 1, 2, 3].map((i) => `R${i}-${run}`) as [string, string, string, string];

  beforeAll(async () => {
    await product(l0, ['mto', 'manufacture']);
    for (const p of [l1, l2]) await product(p, ['manufacture']);
    await product(l3, ['buy']);
    await post(`products/${l3}/suppliers`, { vendorId: VENDOR, leadTimeDays: 2 });
    await bom(l0, [{ productId: l1, quantity: '1' }]);
    await bom(l1, [{ productId: l2, quantity: '2' }]);
    await bom(l2, [{ productId: l3, quantity: '1' }]);
    for (const p of [l1, l2, l3]) await jitRule(p);
  });

  it('changes nothing above it, and the levels below it order less for the next demand', async () => {
    await salesOrder(l0, '5');
    const before = { [`manufacturing ${l0}`]: '5', [`manufacturing ${l1}`]: '5', [`manufacturing ${l2}`]: '10', [`purchase ${l3}`]: '10' };
    expect(await openQuantities([l0, l1, l2, l3])).toEqual(before);
    // 4 of l2 received: l2 is covered; open drafts are not shrunk (planning-017), nothing above or below grows.
    await position(l2, 1, '4');
    expect(await openQuantities([l0, l1, l2, l3])).toEqual(before);
    // 3 more of l0: l1 needs 3, l2 needs 6 of which the 4 received cover 4, so l2 and l3 order 2, not 6.
    await salesOrder(l0, '3');
    expect(await openQuantities([l0, l1, l2, l3])).toEqual({
      [`manufacturing ${l0}`]: '8', [`manufacturing ${l1}`]: '8', [`manufacturing ${l2}`]: '12', [`purchase ${l3}`]: '12',
    });
  });
});

describe('sales orders for one vendor on both replicas at once', () => {
  it('one draft with the right total, every order once', async () => {
    const vendor = `waves-conc-${run}`;
    await post('vendors', { id: vendor, name: vendor });
    const products = ['0', '1', '2', '3'].map((i) => `CONC${i}-${run}`);
    for (const p of products) {
      await product(p, ['mto', 'buy']);
      await post(`products/${p}/suppliers`, { vendorId: vendor, leadTimeDays: 3 });
    }
    const orders = Array.from({ length: 24 }, (_, i) => {
      const ref = `SO-C${i}-${run}`;
      return createEnvelope(salesOrderConfirmed, {
        salesOrderId: `so-${ref}`, orderRef: ref, confirmedAt: new Date().toISOString(),
        lines: [{ lineId: `sol-${ref}`, lineRef: '1', lineNo: 1, productId: products[i % 4]!, warehouseId: WH, quantity: String((i % 5) + 1), uom: 'Units', route: 'mto', deliveryDate: addDaysIso(todayUtc(), 25) }],
      }, { source: 'sales-orders-test' });
    });
    await Promise.all(orders.map((o) => planning.producer.sendRaw(salesOrderConfirmed.topic, o.key, JSON.stringify(o))));
    for (const o of orders) await handled(o.id);
    const drafts = await query<{ id: string; version: number; q: string; origins: string }>(planning.db.databaseUrl, `
      SELECT d.id, d.version, sum(l.quantity)::text AS q, (SELECT count(*) FROM planning.draft_origins o JOIN planning.draft_lines l2 ON l2.id = o.line_id WHERE l2.draft_id = d.id)::text AS origins
        FROM planning.draft_orders d JOIN planning.draft_lines l ON l.draft_id = d.id WHERE d.vendor_id = $1 GROUP BY d.id`, [vendor]);
    const total = orders.reduce((t, _, i) => t + (i % 5) + 1, 0);
    expect(drafts.map((d) => [d.q, d.origins])).toEqual([[String(total), '24']]);
  });
});

describe('sales orders down 3 levels and positions of their components, on both replicas at once', () => {
  // Two made-to-order tops share S (made from C), C bought; S and C automatic, min 0 max 0. A batch of confirmations
  // shares the write lock and locks its keys (planning-016, third addendum): batches of both replicas and batches of
  // positions run side by side, and must still order each unit once.
  it('every level ordered once for the whole demand', async () => {
    const [t1, t2, s, c] = ['T1', 'T2', 'S', 'C'].map((p) => `K${p}-${run}`) as [string, string, string, string];
    for (const t of [t1, t2]) await product(t, ['mto', 'manufacture']);
    await product(s, ['manufacture']);
    await product(c, ['buy']);
    await post(`products/${c}/suppliers`, { vendorId: VENDOR, leadTimeDays: 2 });
    for (const t of [t1, t2]) await bom(t, [{ productId: s, quantity: '1' }]);
    await bom(s, [{ productId: c, quantity: '1' }]);
    for (const p of [s, c]) await jitRule(p);
    await position(s, 100, '3');
    await position(c, 100, '4');
    const orders = Array.from({ length: 30 }, (_, i) => {
      const ref = `SO-K${i}-${run}`;
      return createEnvelope(salesOrderConfirmed, {
        salesOrderId: `so-${ref}`, orderRef: ref, confirmedAt: new Date().toISOString(),
        lines: [{ lineId: `sol-${ref}`, lineRef: '1', lineNo: 1, productId: i % 2 ? t2 : t1, warehouseId: WH, quantity: String((i % 4) + 1), uom: 'Units', route: 'mto', deliveryDate: addDaysIso(todayUtc(), 2) }],
      }, { source: 'sales-orders-test' });
    });
    // The same on hand again meanwhile: each position evaluates S or C beside the confirmations' waves.
    const positions = Array.from({ length: 20 }, (_, i) => createEnvelope(stockPositionChanged, {
      productId: i % 2 ? c : s, warehouseId: WH, uom: 'Units', onHand: i % 2 ? '4' : '3', incoming: [], outgoing: [], sequence: SEQUENCE + 101 + i, asOf: new Date().toISOString(),
    }, { source: 'inventory-test' }));
    await Promise.all([...orders, ...positions].map((e) => planning.producer.sendRaw(e.type === stockPositionChanged.type ? stockPositionChanged.topic : salesOrderConfirmed.topic, e.key, JSON.stringify(e))));
    for (const e of [...orders, ...positions]) await handled(e.id);
    const total = (t: string) => orders.filter((o) => o.payload.lines[0]!.productId === t).reduce((n, o) => n + Number(o.payload.lines[0]!.quantity), 0);
    const all = total(t1) + total(t2);
    expect(await openQuantities([t1, t2, s, c])).toEqual({
      [`manufacturing ${t1}`]: String(total(t1)), [`manufacturing ${t2}`]: String(total(t2)), [`manufacturing ${s}`]: String(all - 3), [`purchase ${c}`]: String(all - 3 - 4),
    });
  });
});

describe('a replay of every input from where this file started', () => {
  it('changes no draft and stores no evaluation again', async () => {
    const all = await query<{ product_id: string }>(planning.db.databaseUrl, `SELECT DISTINCT product_id FROM planning.draft_lines`);
    const products = all.map((r) => r.product_id);
    const drafts = await openQuantities(products);
    const versions = await query(planning.db.databaseUrl, `SELECT id, version FROM planning.draft_orders ORDER BY id`);
    const [{ n: evaluated }] = await query<{ n: string }>(planning.db.databaseUrl, `SELECT count(*)::text AS n FROM planning.rule_evaluations`);
    expect(Object.keys(drafts).length).toBeGreaterThan(0);

    // Both replicas stop; the group is set back to where it started; one replica reads everything again.
    await replica.close();
    await planning.app.close();
    planningOpen = false;
    await setGroupOffsets(planning.brokers, planning.group, new Map(PLANNING_INPUTS.map((t) => [t, marks.get(t)!] as const)));
    replica = await replicaApp();
    const ends = await markTopics(planning.brokers, PLANNING_INPUTS);
    await waitFor(() => caughtUp(ends), { description: 'planning read its inputs again', timeoutMs: 120_000 });

    expect(await openQuantities(products)).toEqual(drafts);
    expect(await query(planning.db.databaseUrl, `SELECT id, version FROM planning.draft_orders ORDER BY id`)).toEqual(versions);
    expect(await query(planning.db.databaseUrl, `SELECT count(*)::text AS n FROM planning.rule_evaluations`)).toEqual([{ n: evaluated }]);
  });
});

/** Whether the group committed every input up to `ends`. */
async function caughtUp(ends: TopicMarks): Promise<boolean> {
  const admin = new Kafka({ clientId: `waves-test-${process.pid}`, brokers: planning.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId: planning.group, topics: PLANNING_INPUTS })) {
      for (const p of partitions) if (BigInt(p.offset) < BigInt(ends.get(topic)!.find((e) => e.partition === p.partition)!.offset)) return false;
    }
    return true;
  } finally {
    await admin.disconnect();
  }
}
