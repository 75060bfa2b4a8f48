/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import {
  purchaseOrderConfirmed, salesOrderCancelled, salesOrderConfirmed, salesOrderLineChanged, stockPositionChanged, warehouseCreated,
} from '@replenish/contracts';
import { createServiceApp } from '@replenish/service-kit';
import { createTestDatabase, ensureKafka, freshConsumerGroup, type TestDatabase } from '@replenish/test-infra';
import { planningService } from '../src/service.js';
import { addDaysIso, EventProducer, http, query, todayUtc, waitFor } from './helpers.js';
import { markTopics, readEvents, type TopicMarks } from './kafka.js';
import { learnWarehouse, PLANNING_INPUTS } from './planning-app.js';

const run = randomUUID().slice(0, 8);
const WH = `WH-${run}`;
const VENDOR = `acme-${run}`;
const UNIT = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };

let db: TestDatabase;
let appA: INestApplication;
let appB: INestApplication;
let A: string;
let B: string;
let producer: EventProducer;
let brokers: string[];
let marks: TopicMarks;
/** The consumer group of this run's two planning instances: its own, starting at the topics' ends. */
let group: string;

async function startApp(databaseUrl: string, brokers: string[]): Promise<{ app: INestApplication; url: string }> {
  const app = await createServiceApp(planningService, {
    env: { DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers.join(','), PORT: '0', LOG_LEVEL: 'warn', CONSUMER_GROUP: group, PLANNING_SWEEP_INTERVAL_HOURS: '0' },
    logStartup: false,
  });
  await app.listen(0, '127.0.0.1');
  return { app, url: `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/` };
}

async function product(id: string, extra: Record<string, unknown> = {}): Promise<void> {
  const r = await http(A, 'POST', 'products', { id, sku: `SKU-${id}`, name: `Product ${id}`, stockUom: UNIT, routes: ['buy'], ...extra });
  expect(r.status).toBe(201);
  const s = await http(A, 'POST', `products/${id}/suppliers`, { vendorId: VENDOR, leadTimeDays: 3, minQty: '1', price: '2.5' });
  expect(s.status).toBe(201);
}

async function openDrafts(vendorId = VENDOR): Promise<any[]> {
  return (await http<any[]>(A, 'GET', `draft-orders?state=draft&vendorId=${vendorId}&warehouseId=${WH}`)).body;
}

beforeAll(async () => {
  const kafka = await ensureKafka();
  brokers = kafka.brokers;
  marks = await markTopics(brokers, ['catalog.products', 'planning.draft-orders', 'planning.exceptions', 'purchasing.orders.dlq']);
  // Not the default group `planning`: other runs on the same Kafka would share its partitions (and its offsets).
  group = await freshConsumerGroup('planning_it', PLANNING_INPUTS, brokers);
  db = await createTestDatabase({ prefix: 'planning' });
  ({ app: appA, url: A } = await startApp(db.databaseUrl, kafka.brokers));
  ({ app: appB, url: B } = await startApp(db.databaseUrl, kafka.brokers));
  producer = new EventProducer(kafka.brokers);
  await producer.connect();
  expect((await learnWarehouse(producer, A, WH, { purchaseSecurityLeadDays: 1, daysToPurchase: 1 })).status).toBe(200);
  expect((await http(A, 'POST', 'vendors', { id: VENDOR, name: 'ACME' })).status).toBe(201);
});

afterAll(async () => {
  await producer?.disconnect();
  await appB?.close();
  await appA?.close();
  await db?.drop();
});

describe('catalog', () => {
  it('validates products and names the field', async () => {
    const r1 = await http(A, 'POST', 'products', { sku: 'X', name: 'X', stockUom: { ...UNIT, factor: 1 }, routes: ['buy'] });
    expect(r1.status).toBe(400);
    expect(r1.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'stockUom.factor' })]));
    const r2 = await http(A, 'POST', 'products', { sku: 'X', name: 'X', stockUom: UNIT, purchaseUom: { code: 'kg', category: 'weight', factor: '1', rounding: '0.001' }, routes: ['buy'] });
    expect(r2.status).toBe(400);
    expect(r2.body.errors[0].field).toBe('purchaseUom.category');
    const r3 = await http(A, 'POST', 'products', { sku: 'X', name: 'X', stockUom: UNIT, routes: ['teleport'] });
    expect(r3.status).toBe(400);
    expect(r3.body.errors[0].field).toBe('routes');
    // service-kit's global ValidationPipe: unknown properties are refused, naming the field
    const r4 = await http(A, 'POST', 'products', { sku: 'X', name: 'X', stockUom: UNIT, routes: ['buy'], colour: 'red' });
    expect(r4.status).toBe(400);
    expect(r4.body.errors).toEqual([expect.objectContaining({ field: 'colour' })]);
  });

  it('creates, updates and publishes product.upserted; refuses a duplicate SKU', async () => {
    const id = `cat-${run}`;
    await product(id, { purchaseUom: { code: 'Dozens', category: 'unit', factor: '12', rounding: '1' } });
    expect((await http(A, 'POST', 'products', { id: `${id}-2`, sku: `SKU-${id}`, name: 'dup', stockUom: UNIT, routes: ['buy'] })).status).toBe(409);
    const u = await http(A, 'PUT', `products/${id}`, { sku: `SKU-${id}`, name: 'Renamed', stockUom: UNIT, routes: ['buy', 'mto'], takeFromStockFirst: true });
    expect(u.status).toBe(200);
    expect(u.body.version).toBe(2);
    const events = await readEvents(brokers, marks, 'catalog.products', (e) => e.envelope?.type === 'product.upserted' && e.key === id, { count: 2 });
    expect(events.map((e) => e.envelope.payload.name)).toEqual([`Product ${id}`, 'Renamed']);
    expect(events[1]!.envelope.payload).toMatchObject({ productId: id, name: 'Renamed', routes: ['buy', 'mto'], takeFromStockFirst: true });
    expect((await http(A, 'GET', `products/${id}/suppliers`)).body[0]).toMatchObject({ vendorId: VENDOR, leadTimeDays: 3 });
  });

  it('validates BOMs and warehouse settings', async () => {
    expect((await http(A, 'POST', 'boms', { productId: `cat-${run}`, outputQty: '0', productionDelayDays: 2, components: [] })).status).toBe(400);
    expect((await http(A, 'PUT', `warehouses/${WH}-x/settings`, { timeZone: 'Mars/Olympus' })).body.errors[0].field).toBe('timeZone');
  });
});

describe('reordering rules', () => {
  it('refuses min > max, a negative multiple, a second rule, and an MPS-planned product (409)', async () => {
    const p = `rule-val-${run}`;
    await product(p);
    const base = { productId: p, warehouseId: WH, min: '10', max: '50', trigger: 'manual' };
    expect((await http(A, 'POST', 'reordering-rules', { ...base, min: '60' })).body.errors[0].field).toBe('min');
    expect((await http(A, 'POST', 'reordering-rules', { ...base, multiple: '-1' })).body.errors[0].field).toBe('multiple');
    expect((await http(A, 'POST', 'reordering-rules', base)).status).toBe(201);
    expect((await http(A, 'POST', 'reordering-rules', base)).status).toBe(409);
    expect((await http(A, 'PUT', `mps-planning/${p}/${WH}`)).status).toBe(409);
    const q = `rule-mps-${run}`;
    await product(q);
    expect((await http(A, 'PUT', `mps-planning/${q}/${WH}`)).status).toBe(204);
    const r = await http(A, 'POST', 'reordering-rules', { ...base, productId: q });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('MPS_PLANNED');
  });

  it('names the path or query parameter it refuses: an id that is not a UUID, a limit that is not an integer', async () => {
    const id = await http(A, 'GET', 'reordering-rules/not-a-uuid');
    expect(id.status).toBe(400);
    expect(id.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'id', reason: 'must be a UUID' }] });
    const limit = await http(A, 'GET', 'draft-orders?limit=many');
    expect(limit.status).toBe(400);
    expect(limit.body.errors).toEqual([{ field: 'limit', reason: 'must be an integer' }]);
  });

  it('evaluates on stock position events: raises, tops up, ignores older positions', async () => {
    const p = `rule-pos-${run}`;
    await product(p);
    expect((await http(A, 'POST', 'reordering-rules', { productId: p, warehouseId: WH, min: '10', max: '50', multiple: '5' })).status).toBe(201);
    // no position yet: forecast 0 <= 10, order 50
    let draft = await waitFor(async () => (await openDrafts()).find((d) => d.lines.some((l: any) => l.productId === p)), { description: 'rule draft', timeoutMs: 10000 });
    expect(draft.lines.find((l: any) => l.productId === p).quantity).toBe('50');
    const today = todayUtc();
    // 30 on hand, 70 going out in 2 days (inside lead days 3+1+1): forecast 30 - 70 + 50 = 10 <= 10 -> 40
    await producer.send(stockPositionChanged, { productId: p, warehouseId: WH, uom: 'Units', onHand: '30', incoming: [], outgoing: [{ date: addDaysIso(today, 2), quantity: '70' }], sequence: 5, asOf: new Date().toISOString() });
    draft = await waitFor(async () => {
      const d = (await openDrafts()).find((x) => x.lines.some((l: any) => l.productId === p));
      return d?.lines.find((l: any) => l.productId === p).quantity === '90' ? d : undefined;
    }, { description: 'top-up to 90', timeoutMs: 30000 });
    const line = draft.lines.find((l: any) => l.productId === p);
    expect(line.origins.map((o: any) => o.quantity)).toEqual(['50', '40']);
    // an older position (sequence 4) is ignored
    await producer.send(stockPositionChanged, { productId: p, warehouseId: WH, uom: 'Units', onHand: '-1000', incoming: [], outgoing: [], sequence: 4, asOf: new Date().toISOString() });
    // a receipt (on hand +100) does not trigger again
    await producer.send(stockPositionChanged, { productId: p, warehouseId: WH, uom: 'Units', onHand: '130', incoming: [], outgoing: [{ date: addDaysIso(today, 2), quantity: '70' }], sequence: 6, asOf: new Date().toISOString() });
    await waitFor(async () => (await query(db.databaseUrl, `SELECT sequence FROM planning.stock_positions WHERE product_id = $1 AND sequence = 6`, [p])).length > 0, { description: 'position 6', timeoutMs: 30000 });
    const after = (await openDrafts()).find((x) => x.lines.some((l: any) => l.productId === p));
    expect(after.lines.find((l: any) => l.productId === p).quantity).toBe('90');
    // explain: each origin with its evaluation's explanation
    const ex = await http(A, 'GET', `draft-orders/${after.draftOrderId}/lines/${line.lineId}/explain`);
    expect(ex.status).toBe(200);
    expect(ex.body.origins).toHaveLength(2);
    expect(ex.body.origins[1].evaluation.explanation.text).toContain('at or below min 10');
    // the line's planned date is the lead days date (3 + 1 + 1) minus the purchase security lead time
    expect(ex.body.origins[1].evaluation.explanation.text).toContain(`planned for ${addDaysIso(today, 4)}: the lead days date ${addDaysIso(today, 5)} minus 1 security lead day`);
  });
  it('publishes a purchase line of a product bought by the dozen with its quantity in dozens, half-up (domain-008)', async () => {
    const p = `rule-dozen-${run}`;
    await product(p, { purchaseUom: { code: 'Dozens', category: 'unit', factor: '12', rounding: '1' } });
    expect((await http(A, 'POST', 'reordering-rules', { productId: p, warehouseId: WH, min: '0', max: '0' })).status).toBe(201);
    await producer.send(stockPositionChanged, { productId: p, warehouseId: WH, uom: 'Units', onHand: '-40', incoming: [], outgoing: [], sequence: 1, asOf: new Date().toISOString() });
    const [ev] = await readEvents(brokers, marks, 'planning.draft-orders', (e) => e.envelope?.payload?.lines?.some((l: any) => l.productId === p && l.quantity === '40'));
    expect(ev!.envelope.payload.lines.find((l: any) => l.productId === p)).toMatchObject({ quantity: '40', uom: 'Units', purchaseQuantity: '3', purchaseUom: 'Dozens' });
  });

  it('orders from the first vendor by sequence whose minimum quantity the order meets (domain-008)', async () => {
    const p = `rule-minqty-${run}`;
    const bulk = `bulk-vendor-${run}`;
    expect((await http(A, 'POST', 'vendors', { id: bulk, name: 'Bulk only' })).status).toBe(201);
    expect((await http(A, 'POST', 'products', { id: p, sku: `SKU-${p}`, name: p, stockUom: UNIT, routes: ['buy'] })).status).toBe(201);
    expect((await http(A, 'POST', `products/${p}/suppliers`, { vendorId: bulk, leadTimeDays: 3, minQty: '100', price: '1', sequence: 1 })).status).toBe(201);
    expect((await http(A, 'POST', `products/${p}/suppliers`, { vendorId: VENDOR, leadTimeDays: 3, minQty: '0', price: '2', sequence: 2 })).status).toBe(201);
    await producer.send(stockPositionChanged, { productId: p, warehouseId: WH, uom: 'Units', onHand: '0', incoming: [], outgoing: [], sequence: 1, asOf: new Date().toISOString() });
    await waitFor(async () => (await query(db.databaseUrl, `SELECT 1 FROM planning.stock_positions WHERE product_id = $1`, [p])).length > 0, { description: 'position 1', timeoutMs: 30000 });
    expect((await http(A, 'POST', 'reordering-rules', { productId: p, warehouseId: WH, min: '0', max: '0' })).status).toBe(201);
    // 30 short: below the bulk vendor's 100 -> the second vendor
    await producer.send(stockPositionChanged, { productId: p, warehouseId: WH, uom: 'Units', onHand: '-30', incoming: [], outgoing: [], sequence: 2, asOf: new Date().toISOString() });
    await waitFor(async () => (await openDrafts()).find((d) => d.lines.some((l: any) => l.productId === p && l.quantity === '30')), { description: 'draft of 30 at the second vendor', timeoutMs: 30000 });
    // 150 more short: meets 100 -> the bulk vendor, its own draft
    await producer.send(stockPositionChanged, { productId: p, warehouseId: WH, uom: 'Units', onHand: '-180', incoming: [], outgoing: [], sequence: 3, asOf: new Date().toISOString() });
    const bulkDraft = await waitFor(async () => (await openDrafts(bulk)).find((d) => d.lines.some((l: any) => l.productId === p)), { description: 'draft at the bulk vendor', timeoutMs: 30000 });
    expect(bulkDraft.lines.find((l: any) => l.productId === p).quantity).toBe('150');
    expect((await openDrafts()).find((d) => d.lines.some((l: any) => l.productId === p)).lines.find((l: any) => l.productId === p).quantity).toBe('30');
  });
});

describe('warehouses come from inventory', () => {
  const notFoundNaming = (field: string) => ({
    statusCode: 404, error: 'Not Found', code: 'not_found', message: expect.any(String), errors: [{ field, reason: expect.any(String) }],
  });

  it('learns a warehouse from warehouse.created (name and time zone) and keeps its own lead days beside it', async () => {
    const wh = `WH-learnt-${run}`;
    await producer.send(warehouseCreated, { warehouseId: wh, code: 'WHL', name: 'Learnt warehouse', timeZone: 'Europe/Brussels' });
    const learnt = await waitFor(async () => {
      const r = await http(A, 'GET', `warehouses/${wh}/settings`);
      return r.status === 200 ? r.body : undefined;
    }, { description: `planning learns ${wh}`, timeoutMs: 30000 });
    expect(learnt).toMatchObject({ warehouseId: wh, name: 'Learnt warehouse', timeZone: 'Europe/Brussels', purchaseSecurityLeadDays: 0 });
    const put = await http(A, 'PUT', `warehouses/${wh}/settings`, { purchaseSecurityLeadDays: 2, daysToPurchase: 1 });
    expect([put.status, put.body]).toEqual([200, expect.objectContaining({ name: 'Learnt warehouse', timeZone: 'Europe/Brussels', purchaseSecurityLeadDays: 2, daysToPurchase: 1 })]);
  });

  it('answers 404 naming warehouseId for a rule and for the settings of a warehouse inventory never announced, and orders nothing there', async () => {
    const p = `rule-wh9-${run}`;
    await product(p);
    const wh9 = `WH9-${run}`;
    const rule = await http(A, 'POST', 'reordering-rules', { productId: p, warehouseId: wh9, min: '10', max: '50' });
    expect([rule.status, rule.body]).toEqual([404, notFoundNaming('warehouseId')]);
    expect(rule.body.message).toContain(`warehouse ${wh9} not found`);
    expect((await http(A, 'GET', `warehouses/${wh9}/settings`)).body).toEqual(notFoundNaming('warehouseId'));
    expect((await http(A, 'PUT', `warehouses/${wh9}/settings`, { purchaseSecurityLeadDays: 1 })).body).toEqual(notFoundNaming('warehouseId'));
    expect((await http(A, 'PUT', `mps-planning/${p}/${wh9}`)).body).toEqual(notFoundNaming('warehouseId'));
    expect((await http(A, 'GET', `draft-orders?warehouseId=${wh9}`)).body).toEqual([]);
  });

  it('answers 404 naming the field for unknown products, vendors and BOMs', async () => {
    const p = `ref-${run}`;
    await product(p);
    const rule = { productId: p, warehouseId: WH, min: '1', max: '5' };
    expect((await http(A, 'POST', 'reordering-rules', { ...rule, productId: `nope-${run}` })).body).toEqual(notFoundNaming('productId'));
    expect((await http(A, 'POST', 'reordering-rules', { ...rule, vendorId: `nope-${run}` })).body).toEqual(notFoundNaming('vendorId'));
    expect((await http(A, 'POST', 'reordering-rules', { ...rule, route: 'manufacture', bomId: `nope-${run}` })).body).toEqual(notFoundNaming('bomId'));
    expect((await http(A, 'POST', `products/${p}/suppliers`, { vendorId: `nope-${run}`, leadTimeDays: 1 })).body).toEqual(notFoundNaming('vendorId'));
    expect((await http(A, 'POST', `products/nope-${run}/suppliers`, { vendorId: VENDOR, leadTimeDays: 1 })).body).toEqual(notFoundNaming('id'));
    const bom = { productId: p, outputQty: '1', productionDelayDays: 1, components: [{ productId: `nope-${run}`, quantity: '1' }] };
    expect((await http(A, 'POST', 'boms', bom)).body).toEqual(notFoundNaming('components.0.productId'));
    expect((await http(A, 'POST', 'boms', { ...bom, productId: `nope-${run}`, components: [] })).body).toEqual(notFoundNaming('productId'));
  });

  it('says in words that a rule needs a supplier of its product, naming productId rather than a field the body did not have', async () => {
    const p = `no-supplier-${run}`;
    expect((await http(A, 'POST', 'products', { id: p, sku: `SKU-${p}`, name: p, stockUom: UNIT, routes: ['buy'] })).status).toBe(201);
    const r = await http(A, 'POST', 'reordering-rules', { productId: p, warehouseId: WH, min: '10', max: '50' });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(`product ${p} has no supplier: add one with POST /products/${p}/suppliers`);
    expect(r.body.errors).toEqual([{ field: 'productId', reason: r.body.message }]);
  });
});

describe('draft orders', () => {
  it('keeps one open draft per key under concurrency across two app instances', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `conc-${i}-${run}`);
    const vendor = `conc-vendor-${run}`;
    expect((await http(A, 'POST', 'vendors', { id: vendor, name: 'Concurrent' })).status).toBe(201);
    const rules: string[] = [];
    for (const id of ids) {
      expect((await http(A, 'POST', 'products', { id, sku: `SKU-${id}`, name: id, stockUom: UNIT, routes: ['buy'] })).status).toBe(201);
      expect((await http(A, 'POST', `products/${id}/suppliers`, { vendorId: vendor, leadTimeDays: 2 })).status).toBe(201);
      const r = await http(A, 'POST', 'reordering-rules', { productId: id, warehouseId: WH, min: '0', max: '10', trigger: 'manual' });
      rules.push(r.body.id);
    }
    const results = await Promise.all(rules.map((ruleId, i) => http(i % 2 ? B : A, 'POST', `replenishment-report/${ruleId}/order-once`, { quantity: '3' })));
    expect(results.map((r) => r.status)).toEqual(rules.map(() => 200));
    const drafts = await openDrafts(vendor);
    expect(drafts).toHaveLength(1);
    expect(drafts[0].lines).toHaveLength(8);
    expect(drafts[0].version).toBe(8);
    expect(new Set(results.map((r) => r.body.draftOrderId)).size).toBe(1);
    // the database itself refuses a second open draft for the key
    await expect(query(db.databaseUrl, `INSERT INTO planning.draft_orders (id, type, top_up_key, warehouse_id, state, version) VALUES ($1, 'purchase', $2, $3, 'draft', 1)`, [randomUUID(), drafts[0].topUpKey, WH])).rejects.toThrow(/duplicate key/);
  });
});

describe('make to order', () => {
  const p = `mto-${run}`;
  const confirmed = (so: string, line: string, qty: string) =>
    producer.send(salesOrderConfirmed, {
      salesOrderId: so, orderRef: `REF-${so}`, confirmedAt: new Date().toISOString(),
      lines: [{ lineId: line, lineRef: '1', lineNo: 1, productId: p, warehouseId: WH, quantity: qty, uom: 'Units', route: 'mto', deliveryDate: addDaysIso(todayUtc(), 10) }],
    });
  const changed = (so: string, line: string, oldQ: string, newQ: string) =>
    producer.send(salesOrderLineChanged, {
      salesOrderId: so, orderRef: `REF-${so}`, lineId: line, lineRef: '1', productId: p, warehouseId: WH, uom: 'Units', route: 'mto',
      deliveryDate: addDaysIso(todayUtc(), 10), oldQuantity: oldQ, newQuantity: newQ,
    });
  const mtoDraft = async (qty: string) =>
    waitFor(async () => {
      const d = (await openDrafts()).find((x) => x.lines.some((l: any) => l.productId === p));
      return d?.lines.find((l: any) => l.productId === p).quantity === qty ? d : undefined;
    }, { description: `MTO draft with ${qty}`, timeoutMs: 30000 });

  it('raises, tops up, shrinks, freezes on confirmation, then raises a new draft and reports over-ordering', async () => {
    await product(p, { routes: ['mto', 'buy'] });
    await confirmed(`so1-${run}`, `l1-${run}`, '7');
    const d1 = await mtoDraft('7');
    const line = d1.lines.find((l: any) => l.productId === p);
    // need date = delivery (today+10); planned = need - purchase security 1
    expect(line.plannedDate).toBe(addDaysIso(todayUtc(), 9));
    expect(line.origins[0]).toMatchObject({ kind: 'sales-order-line', ref: `l1-${run}`, quantity: '7' });
    // its explanation names the line by the order's reference and the line's number, not by their ids
    const why = await http(A, 'GET', `draft-orders/${d1.draftOrderId}/lines/${line.lineId}/explain`);
    expect(why.body.origins[0].evaluation.explanation.text).toBe(
      `MTO REF-so1-${run}, line 1 confirmed for 7; order the whole line: 7; ` +
        `planned for ${addDaysIso(todayUtc(), 9)}: the delivery date ${addDaysIso(todayUtc(), 10)} minus 1 security lead day`,
    );
    await confirmed(`so2-${run}`, `l2-${run}`, '3');
    const d2 = await mtoDraft('10');
    expect(d2.draftOrderId).toBe(d1.draftOrderId);
    await changed(`so1-${run}`, `l1-${run}`, '7', '4');
    const d3 = await mtoDraft('7');
    expect(d3.draftOrderId).toBe(d1.draftOrderId);

    await producer.send(purchaseOrderConfirmed, { draftOrderId: d1.draftOrderId, externalRef: `PO-${run}` });
    const frozen = await waitFor(async () => {
      const r = await http(A, 'GET', `draft-orders/${d1.draftOrderId}`);
      return r.body.state === 'confirmed' ? r.body : undefined;
    }, { description: 'confirmed', timeoutMs: 30000 });
    expect(frozen.version).toBe(d3.version + 1);
    const ev = await readEvents(brokers, marks, 'planning.draft-orders', (e) => e.envelope?.type === 'draft-order.confirmed' && e.envelope.payload.draftOrderId === d1.draftOrderId);
    expect(ev[0]!.envelope.payload).toMatchObject({ state: 'confirmed', version: frozen.version });

    // decrease on the confirmed order: nothing changes, an exception is raised
    await changed(`so2-${run}`, `l2-${run}`, '3', '1');
    const exc = await waitFor(async () => (await http<any[]>(A, 'GET', `exceptions?salesOrderId=so2-${run}`)).body[0], { description: 'exception', timeoutMs: 30000 });
    expect(exc).toMatchObject({ kind: 'over-ordered', quantity: '2', draftOrderId: d1.draftOrderId });
    expect(exc.message).toContain('over-ordered by 2');
    expect(exc.message).toContain(`over-ordered by 2 Units for sales order REF-so2-${run} on confirmed draft ${d1.draftOrderId}`);
    // by id: other planning deployments on the shared Kafka read our sales orders too and publish their own
    // exceptions about them (under-ordered: our product is not in their catalogs)
    const pub = await readEvents(brokers, marks, 'planning.exceptions', (e) => e.envelope?.type === 'planning-exception.raised' && e.envelope.payload.exceptionId === exc.exceptionId);
    expect(pub[0]!.envelope.payload).toMatchObject({ kind: 'over-ordered', quantity: '2', salesOrderId: `so2-${run}` });

    // the next need opens a new draft
    await confirmed(`so3-${run}`, `l3-${run}`, '5');
    const d4 = await mtoDraft('5');
    expect(d4.draftOrderId).not.toBe(d1.draftOrderId);
    expect(d4.version).toBe(1);

    // cancelling so3 shrinks the new draft to zero: the draft is cancelled
    await producer.send(salesOrderCancelled, {
      salesOrderId: `so3-${run}`, orderRef: `REF-so3-${run}`, wasConfirmed: true,
      lines: [{ lineId: `l3-${run}`, lineRef: '1', productId: p, warehouseId: WH, quantity: '5', deliveredQuantity: '0', uom: 'Units', route: 'mto', deliveryDate: addDaysIso(todayUtc(), 10) }],
    });
    await waitFor(async () => (await http(A, 'GET', `draft-orders/${d4.draftOrderId}`)).body.state === 'cancelled', { description: 'cancelled draft', timeoutMs: 30000 });
  });

  it('dead-letters a confirmation of an unknown draft and goes on', async () => {
    const unknown = randomUUID();
    await producer.send(purchaseOrderConfirmed, { draftOrderId: unknown });
    await producer.sendRaw('purchasing.orders', `poison-${run}`, 'not json');
    // the flow goes on: a later MTO order is still handled
    await confirmed(`so4-${run}`, `l4-${run}`, '2');
    await mtoDraft('2');
    // ours only: every planning deployment on the shared Kafka dead-letters these, each under its own group
    const ours = (e: { headers: Record<string, string> }) => e.headers['dlq-consumer-group'] === group;
    const dl = await readEvents(brokers, marks, 'purchasing.orders.dlq', (e) => ours(e) && (e.key === `poison-${run}` || e.envelope?.payload?.draftOrderId === unknown), { count: 2 });
    const reasons = dl.map((d) => d.headers['dlq-reason']).sort();
    expect(reasons[0]).toContain(unknown);
    expect(reasons[1]).toMatch(/not JSON/);
  });
});

describe('replenishment report', () => {
  it('lists manual rules with suggestion, snoozes, orders once and automates', async () => {
    const p = `rep-${run}`;
    await product(p);
    const rule = (await http(A, 'POST', 'reordering-rules', { productId: p, warehouseId: WH, min: '5', max: '20', multiple: '4', trigger: 'manual' })).body;
    let report = await http(A, 'GET', `replenishment-report?warehouseId=${WH}`);
    const item = report.body.items.find((i: any) => i.ruleId === rule.id);
    expect(item).toMatchObject({ suggestedQuantity: '20', forecast: '0', leadDaysDate: addDaysIso(todayUtc(), 5) });
    expect(item.explanation.text).toContain('order max 20 - 0 = 20');
    expect((await http(A, 'POST', `replenishment-report/${rule.id}/snooze`, { until: addDaysIso(todayUtc(), 3) })).status).toBe(200);
    report = await http(A, 'GET', `replenishment-report?warehouseId=${WH}`);
    expect(report.body.items.find((i: any) => i.ruleId === rule.id)).toBeUndefined();
    const once = await http(A, 'POST', `replenishment-report/${rule.id}/order-once`, { quantity: '6' });
    expect(once.status).toBe(200);
    expect(once.body).toMatchObject({ quantity: '6', edited: true });
    const auto = await http(A, 'POST', `replenishment-report/${rule.id}/automate`);
    expect(auto.body.trigger).toBe('automatic');
    // forecast 6 > min 5: automate does not order again
    const d = (await openDrafts()).find((x) => x.lines.some((l: any) => l.productId === p));
    expect(d.lines.find((l: any) => l.productId === p).quantity).toBe('6');
    const bulk = await http(A, 'POST', 'replenishment-report/order-once', { items: [{ ruleId: rule.id, quantity: '1' }, { ruleId: randomUUID() }] });
    expect(bulk.body.results.map((r: any) => r.status)).toEqual(['ordered', 'refused']);
  });
});

describe('draft order views', () => {
  const DOZENS = { code: 'Dozens', category: 'unit', factor: '12', rounding: '1' };
  /** A draft's lines as the REST API and the events both show them: origins apart (summed in events only). */
  const linesOf = (draft: any) => draft.lines.map((l: any) => ({ ...l, origins: undefined }));
  /** The draft-order.* event that carries `productId` at `quantity`. */
  const eventOf = async (productId: string, quantity: string) =>
    (await readEvents(brokers, marks, 'planning.draft-orders', (e) => e.envelope?.payload?.lines?.some((l: any) => l.productId === productId && l.quantity === quantity)))[0]!.envelope.payload;

  it('GET /draft-orders/:id and the list show purchase lines with their purchase quantity and UoM, as the event did (domain-008)', async () => {
    const p = `view-dozen-${run}`;
    await product(p, { purchaseUom: DOZENS });
    // a second purchase draft, at a vendor of its own: the list reads both drafts' UoMs at once
    const vendor = `view-vendor-${run}`;
    const q = `view-dozen2-${run}`;
    expect((await http(A, 'POST', 'vendors', { id: vendor, name: 'Views' })).status).toBe(201);
    expect((await http(A, 'POST', 'products', { id: q, sku: `SKU-${q}`, name: q, stockUom: UNIT, purchaseUom: DOZENS, routes: ['buy'] })).status).toBe(201);
    expect((await http(A, 'POST', `products/${q}/suppliers`, { vendorId: vendor, leadTimeDays: 3 })).status).toBe(201);
    for (const id of [p, q]) expect((await http(A, 'POST', 'reordering-rules', { productId: id, warehouseId: WH, min: '0', max: '0' })).status).toBe(201);
    await producer.send(stockPositionChanged, { productId: p, warehouseId: WH, uom: 'Units', onHand: '-40', incoming: [], outgoing: [], sequence: 1, asOf: new Date().toISOString() });
    await producer.send(stockPositionChanged, { productId: q, warehouseId: WH, uom: 'Units', onHand: '-30', incoming: [], outgoing: [], sequence: 1, asOf: new Date().toISOString() });
    const evP = await eventOf(p, '40');
    const evQ = await eventOf(q, '30');
    expect(evP.lines.find((l: any) => l.productId === p)).toMatchObject({ purchaseQuantity: '3', purchaseUom: 'Dozens' });
    expect(evQ.lines.find((l: any) => l.productId === q)).toMatchObject({ purchaseQuantity: '3', purchaseUom: 'Dozens' }); // 2.5, half-up

    const list = (await http<any[]>(A, 'GET', `draft-orders?state=draft&type=purchase&warehouseId=${WH}&limit=1000`)).body;
    for (const ev of [evP, evQ]) {
      const byId = (await http(A, 'GET', `draft-orders/${ev.draftOrderId}`)).body;
      expect(byId.version).toBe(ev.version);
      expect(linesOf(byId)).toEqual(linesOf(ev));
      expect(linesOf(list.find((d) => d.draftOrderId === ev.draftOrderId))).toEqual(linesOf(ev));
    }
  });

  it('GET /draft-orders/:id and the list show a manufacturing line with its components, as the event did (planning-009)', async () => {
    const made = `view-made-${run}`;
    const c = `view-c-${run}`;
    const k = `view-k-${run}`;
    await product(c);
    await product(k, { stockUom: { code: 'kg', category: 'weight', factor: '1', rounding: '0.001' } });
    expect((await http(A, 'POST', 'products', { id: made, sku: `SKU-${made}`, name: made, stockUom: UNIT, routes: ['mto', 'manufacture'] })).status).toBe(201);
    expect((await http(A, 'POST', 'boms', { id: `BOM-${made}`, productId: made, outputQty: '2', productionDelayDays: 2, components: [
      { productId: c, quantity: '3' }, { productId: k, quantity: '0.1' },
    ] })).status).toBe(201);
    await producer.send(salesOrderConfirmed, {
      salesOrderId: `so-view-${run}`, orderRef: `REF-view-${run}`, confirmedAt: new Date().toISOString(),
      lines: [{ lineId: `sol-view-${run}`, lineRef: '1', productId: made, warehouseId: WH, quantity: '7', uom: 'Units', route: 'mto', deliveryDate: addDaysIso(todayUtc(), 10) }],
    });
    const ev = await eventOf(made, '7');
    expect(ev).toMatchObject({ type: 'manufacturing', bomId: `BOM-${made}` });
    // 7 made of 2 per BOM: 10.5 -> 11 Units of c (rounded up at its step), 0.35 kg of k
    expect(ev.lines[0].components).toEqual([{ productId: c, quantity: '11', uom: 'Units' }, { productId: k, quantity: '0.35', uom: 'kg' }]);

    const byId = (await http(A, 'GET', `draft-orders/${ev.draftOrderId}`)).body;
    expect(byId.version).toBe(ev.version);
    expect(linesOf(byId)).toEqual(linesOf(ev));
    const list = (await http<any[]>(A, 'GET', `draft-orders?state=draft&type=manufacturing&warehouseId=${WH}`)).body;
    expect(linesOf(list.find((d) => d.draftOrderId === ev.draftOrderId))).toEqual(linesOf(ev));
  });
  it('GET /draft-orders and /draft-orders/:id show a draft as of one moment while make to order tops it up', async () => {
    const p = `view-busy-${run}`;
    const vendor = `busy-vendor-${run}`;
    expect((await http(A, 'POST', 'vendors', { id: vendor, name: 'Busy' })).status).toBe(201);
    expect((await http(A, 'POST', 'products', { id: p, sku: `SKU-${p}`, name: p, stockUom: UNIT, routes: ['mto', 'buy'] })).status).toBe(201);
    expect((await http(A, 'POST', `products/${p}/suppliers`, { vendorId: vendor, leadTimeDays: 3 })).status).toBe(201);
    const orders = 150;
    // One at a time, so that planning commits a top-up after another while the API reads.
    const sending = (async () => {
      for (let i = 0; i < orders; i++) {
        await producer.send(salesOrderConfirmed, {
          salesOrderId: `so-busy-${i}-${run}`, orderRef: `REF-busy-${i}-${run}`, confirmedAt: new Date().toISOString(),
          lines: [{ lineId: `sol-busy-${i}-${run}`, lineRef: '1', productId: p, warehouseId: WH, quantity: '1', uom: 'Units', route: 'mto', deliveryDate: addDaysIso(todayUtc(), 10) }],
        });
      }
    })();
    // Every top-up is one order of 1 with one origin, one version: a read that mixes two moments shows them apart.
    const reads: { version: number; origins: number; quantity: string }[] = [];
    const deadline = Date.now() + 60_000;
    for (let i = 0; reads.at(-1)?.origins !== orders; i++) {
      if (Date.now() > deadline) throw new Error(`the draft did not reach ${orders} origins: last read ${JSON.stringify(reads.at(-1))}`);
      const [listed] = (await http<any[]>(B, 'GET', `draft-orders?vendorId=${vendor}&warehouseId=${WH}`)).body;
      const d = listed && i % 2 ? (await http<any>(B, 'GET', `draft-orders/${listed.draftOrderId}`)).body : listed;
      if (d) reads.push({ version: d.version, origins: d.lines[0].origins.length, quantity: d.lines[0].quantity });
    }
    await sending;
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.filter((r) => r.version !== r.origins || r.quantity !== String(r.origins))).toEqual([]);
  });
});
