// sales-orders over real PostgreSQL (a fresh database for this file) and real Kafka.
// Everything runs in one file on purpose: the service's consumer group is its name ("sales-orders"), so two
// test files each starting the service would share the group's partitions and steal each other's messages.
import type { INestApplication } from '@nestjs/common';
import {
  productUpserted,
  stockMoveDone,
  topics,
  upstreamOrderCancelRequested,
  upstreamOrderConfirmRequested,
  upstreamOrderLineQuantityChanged,
  upstreamOrderSubmitted,
  type EventEnvelope,
} from '@replenish/contracts';
import { createServiceApp } from '@replenish/service-kit';
import { freshConsumerGroup } from '@replenish/test-infra';
import pg from 'pg';
import { IdempotencyKeyRetention } from '../src/sales-orders/data-access/idempotency-key-retention.js';
import { salesOrdersService } from '../src/service.js';
import { KAFKA_BROKERS, KafkaProbe, createDatabase, createWarehouse, http, runId, unitProduct, waitFor } from './support.js';

interface LineView {
  id: string;
  lineRef: string;
  warehouseId: string;
  quantity: string;
  deliveredQuantity: string;
  deliveryDate: string;
  uom: string;
}
interface OrderView {
  id: string;
  orderRef: string;
  status: string;
  version: number;
  lines: LineView[];
  /** Error answers. */
  code?: string;
  message?: string;
}
type Payload = Record<string, unknown>;

const run = runId();
const P1 = `P-${run}-1`;
const P2 = `P-${run}-2`;
const KG = `P-${run}-kg`;
let app: INestApplication;
let base: string;
let group: string;
let db: { url: string; drop: () => Promise<void> };
let sql: pg.Client;
const kafka = new KafkaProbe();
let seq = 0;
const ref = (name: string) => `SO-${run}-${name}-${++seq}`;

const line = (over: Record<string, unknown> = {}) => ({
  lineRef: 'L1',
  productId: P1,
  warehouseId: 'WH1',
  quantity: '10',
  uom: 'Units',
  route: 'stock' as 'mto' | 'stock',
  requestedDate: '2026-03-10',
  ...over,
});

const post = <T = OrderView>(path: string, body?: unknown, headers?: Record<string, string>) => http<T>(base, 'POST', path, body, headers);
const patch = <T = OrderView>(path: string, body?: unknown, headers?: Record<string, string>) => http<T>(base, 'PATCH', path, body, headers);
const get = <T = OrderView>(path: string) => http<T>(base, 'GET', path);
/** A counter's value as /metrics shows it. */
const metric = async (name: string): Promise<number> =>
  Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(await (await fetch(`${base}/metrics`)).text())?.[1]);

async function confirmedOrder(lines = [line()]): Promise<OrderView> {
  const created = await post('/sales-orders', { orderRef: ref('c'), lines });
  expect(created.status).toBe(201);
  const confirmed = await post(`/sales-orders/${created.body.id}/confirm`);
  expect(confirmed.status).toBe(200);
  return confirmed.body;
}

const eventsOf = (type: string, salesOrderId: string) => kafka.events(type, (p) => p.salesOrderId === salesOrderId);
const waitForEvents = (type: string, salesOrderId: string, count: number) =>
  waitFor(() => eventsOf(type, salesOrderId).length >= count && eventsOf(type, salesOrderId), { description: `${count} ${type} of ${salesOrderId}` });
// Only this run's dead letters: other consumers of the shared Kafka may dead-letter the same messages.
const deadLetters = (eventId: string) =>
  kafka.received.filter((r) => r.topic === `${topics.upstreamOrders}.dlq` && r.headers['dlq-event-id'] === eventId && r.headers['dlq-consumer-group'] === group);
/** Waits until the Kafka consumer has handled an event (its id is in the inbox). */
const handled = (eventId: string) =>
  waitFor(async () => (await sql.query(`SELECT 1 FROM sales_orders.inbox WHERE event_id::text = $1`, [eventId])).rowCount, { description: `event ${eventId} handled` });

beforeAll(async () => {
  db = await createDatabase('so_test');
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  await kafka.start([topics.salesOrderEvents, `${topics.upstreamOrders}.dlq`]);
  group = await freshConsumerGroup('sales_orders_it', [topics.upstreamOrders, topics.products, topics.stockMoves, topics.warehouses], KAFKA_BROKERS.split(','));
  app = await createServiceApp(salesOrdersService, { env: { DATABASE_URL: db.url, KAFKA_BROKERS, PORT: '0', LOG_LEVEL: 'warn', CONSUMER_GROUP: group }, logStartup: false });
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  for (const p of [unitProduct(P1), unitProduct(P2)]) await kafka.publish(productUpserted, p);
  await kafka.publish(productUpserted, {
    ...unitProduct(KG),
    stockUom: { code: 'kg', category: 'weight', factor: '1', rounding: '0.001' },
    uoms: [
      { code: 'kg', category: 'weight', factor: '1', rounding: '0.001' },
      { code: 'g', category: 'weight', factor: '0.001', rounding: '1' },
    ],
  });
  await waitFor(
    async () => (await sql.query(`SELECT count(*)::int AS n FROM sales_orders.product WHERE product_id = ANY($1)`, [[P1, P2, KG]])).rows[0].n === 3, { description: 'products received from catalog.products', timeoutMs: 90_000 },
  );
  await createWarehouse(kafka, sql, 'WH1');
}, 180_000);

afterAll(async () => {
  await app?.close();
  await kafka.stop();
  await sql?.end();
  await db?.drop();
});

describe('REST lifecycle publishes the right events', () => {
  it('creates a draft (no event), replaces it by orderRef, confirms, changes a line, cancels', async () => {
    const orderRef = ref('rest');
    const created = await post('/sales-orders', { orderRef, customerId: 'C1', lines: [line(), line({ lineRef: 'L2', productId: P2, quantity: '1.5', uom: 'Dozens', route: 'mto', commitmentDate: '2026-03-08' })] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ orderRef, status: 'draft', version: 1 });
    const id = created.body.id;

    const again = await post('/sales-orders', { orderRef, customerId: 'C1', lines: [line(), line({ lineRef: 'L2', productId: P2, quantity: '1.50', uom: 'Dozens', route: 'mto', commitmentDate: '2026-03-08' })] });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(1); // nothing changed

    const replaced = await post('/sales-orders', { orderRef, customerId: 'C1', lines: [line({ quantity: '8' }), line({ lineRef: 'L2', productId: P2, quantity: '1.5', uom: 'Dozens', route: 'mto', commitmentDate: '2026-03-08' })] });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id, version: 2 });
    expect(replaced.body.lines.map((l) => l.id)).toEqual(created.body.lines.map((l) => l.id)); // lines keep their ids

    const confirmed = await post(`/sales-orders/${id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('confirmed');
    const [conf] = await waitForEvents('sales-order.confirmed', id, 1);
    expect(conf!.key).toBe(id);
    expect(conf!.payload).toMatchObject({
      salesOrderId: id,
      orderRef,
      lines: [
        { lineId: created.body.lines[0]!.id, lineRef: 'L1', lineNo: 1, productId: P1, warehouseId: 'WH1', quantity: '8', uom: 'Units', route: 'stock', deliveryDate: '2026-03-10' },
        { lineRef: 'L2', lineNo: 2, productId: P2, quantity: '1.5', uom: 'Dozens', route: 'mto', deliveryDate: '2026-03-08' },
      ],
    });

    const changed = await patch(`/sales-orders/${id}/lines/${created.body.lines[0]!.id}`, { quantity: '12' });
    expect(changed.status).toBe(200);
    expect(changed.body.lines[0]!.quantity).toBe('12');
    const [lc] = await waitForEvents('sales-order.line-changed', id, 1);
    expect(lc!.payload).toMatchObject({ salesOrderId: id, lineRef: 'L1', lineNo: 1, oldQuantity: '8', newQuantity: '12', deliveryDate: '2026-03-10' });

    const byRefChange = await patch(`/sales-orders/by-ref/${orderRef}/lines/L2`, { quantity: '2' });
    expect(byRefChange.status).toBe(200);
    await waitForEvents('sales-order.line-changed', id, 2);

    const cancelled = await post(`/sales-orders/${id}/cancel`, { reason: 'customer changed their mind' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const [cc] = await waitForEvents('sales-order.cancelled', id, 1);
    expect(cc!.payload).toMatchObject({
      wasConfirmed: true,
      lines: [
        { lineRef: 'L1', quantity: '12', deliveredQuantity: '0' },
        { lineRef: 'L2', quantity: '2', deliveredQuantity: '0' },
      ],
    });
    expect(cc!.correlationId).toBeTruthy();
  });

  it('cancelling a draft publishes cancelled with wasConfirmed false; the draft is never announced', async () => {
    const created = await post('/sales-orders', { orderRef: ref('draft-cancel'), lines: [line()] });
    const cancelled = await post(`/sales-orders/by-ref/${created.body.orderRef}/cancel`, {});
    expect(cancelled.body.status).toBe('cancelled');
    const [cc] = await waitForEvents('sales-order.cancelled', created.body.id, 1);
    expect(cc!.payload.wasConfirmed).toBe(false);
    expect(eventsOf('sales-order.confirmed', created.body.id)).toEqual([]);
  });

  it('queries by id, by reference and by status with pagination', async () => {
    const o = await confirmedOrder();
    expect((await get(`/sales-orders/${o.id}`)).body).toMatchObject({ id: o.id, status: 'confirmed' });
    expect((await get(`/sales-orders/by-ref/${o.orderRef}`)).body).toMatchObject({ id: o.id });
    expect((await get('/sales-orders/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await get('/sales-orders/by-ref/nope')).status).toBe(404);
    await confirmedOrder();
    const page1 = await get<{ items: OrderView[]; total: number; page: number; pageSize: number }>('/sales-orders?status=confirmed&page=1&pageSize=1');
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.total).toBeGreaterThanOrEqual(2);
    expect(page1.body.items[0]!.status).toBe('confirmed');
    const page2 = await get<{ items: OrderView[] }>('/sales-orders?status=confirmed&page=2&pageSize=1');
    expect(page2.body.items[0]!.id).not.toBe(page1.body.items[0]!.id);
    expect((await get('/sales-orders?status=bogus')).status).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents the endpoints and the DTOs at /docs-json', async () => {
    const doc = await get<{ paths: Record<string, unknown>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } }>('/docs-json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/sales-orders', '/sales-orders/{id}', '/sales-orders/by-ref/{orderRef}', '/sales-orders/{id}/confirm', '/sales-orders/{id}/lines/{lineId}', '/sales-orders/{id}/cancel']),
    );
    expect(Object.keys(doc.body.components.schemas.SubmitSalesOrderDto!.properties)).toEqual(expect.arrayContaining(['orderRef', 'lines', 'messageId']));
    expect(doc.body.components.schemas.SalesOrderLineInputDto!.properties.quantity).toMatchObject({ type: 'string' });
  });
});

describe('REST idempotency', () => {
  it('the same Idempotency-Key twice returns the same answer and changes nothing twice', async () => {
    const o = await confirmedOrder();
    const lineId = o.lines[0]!.id;
    const key = `k-${run}-${++seq}`;
    const first = await patch(`/sales-orders/${o.id}/lines/${lineId}`, { quantity: '12' }, { 'Idempotency-Key': key });
    expect(first.status).toBe(200);
    const other = await patch(`/sales-orders/${o.id}/lines/${lineId}`, { quantity: '14' }, { 'Idempotency-Key': `${key}-other` });
    expect(other.body.lines[0]!.quantity).toBe('14');
    const retry = await patch(`/sales-orders/${o.id}/lines/${lineId}`, { quantity: '12' }, { 'Idempotency-Key': key });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body); // the stored answer
    expect((await get(`/sales-orders/${o.id}`)).body.lines[0]!.quantity).toBe('14'); // not set back to 12
    await waitForEvents('sales-order.line-changed', o.id, 2);
    await new Promise((r) => setTimeout(r, 1000));
    expect(eventsOf('sales-order.line-changed', o.id).map((e) => [e.payload.oldQuantity, e.payload.newQuantity])).toEqual([
      ['10', '12'],
      ['12', '14'],
    ]);
  });

  it('a create with the same key (header or messageId) is answered once, 201 both times', async () => {
    const orderRef = ref('idem-create');
    const key = `k-${run}-${++seq}`;
    const a = await post('/sales-orders', { orderRef, lines: [line()], messageId: key });
    const b = await post('/sales-orders', { orderRef, lines: [line()] }, { 'Idempotency-Key': key });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses the same key for a different request (422)', async () => {
    const o = await confirmedOrder();
    const key = `k-${run}-${++seq}`;
    expect((await post(`/sales-orders/${o.id}/cancel`, {}, { 'Idempotency-Key': key })).status).toBe(200);
    const reused = await patch(`/sales-orders/${o.id}/lines/${o.lines[0]!.id}`, { quantity: '3' }, { 'Idempotency-Key': key });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('concurrent requests with one key apply once', async () => {
    const o = await confirmedOrder();
    const key = `k-${run}-${++seq}`;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => patch(`/sales-orders/${o.id}/lines/${o.lines[0]!.id}`, { quantity: '20' }, { 'Idempotency-Key': key })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
    expect((await get(`/sales-orders/${o.id}`)).body.version).toBe(o.version + 1);
  });

  it('forgets keys older than IDEMPOTENCY_KEY_RETENTION_DAYS (7): a retry after that runs again, and the order state keeps it harmless', async () => {
    const o = await confirmedOrder();
    const [oldKey, newKey] = [`k-${run}-${++seq}`, `k-${run}-${++seq}`];
    expect((await post(`/sales-orders/${o.id}/cancel`, {}, { 'Idempotency-Key': oldKey })).status).toBe(200);
    expect((await post(`/sales-orders/${o.id}/cancel`, {}, { 'Idempotency-Key': newKey })).status).toBe(200);
    await sql.query(`UPDATE sales_orders.idempotency_key SET created_at = now() - interval '7 days 1 minute' WHERE key = $1`, [oldKey]);
    await sql.query(`UPDATE sales_orders.idempotency_key SET created_at = now() - interval '6 days 23 hours' WHERE key = $1`, [newKey]);

    await app.get(IdempotencyKeyRetention).purge(); // or its hourly run, if it came first: the counter counts both
    const kept = (await sql.query(`SELECT key FROM sales_orders.idempotency_key WHERE key = ANY($1)`, [[oldKey, newKey]])).rows.map((r) => r.key);
    expect(kept).toEqual([newKey]);
    expect(await metric('sales_orders_idempotency_keys_purged_total')).toBe(1);

    const late = await post(`/sales-orders/${o.id}/cancel`, {}, { 'Idempotency-Key': oldKey });
    expect(late.status).toBe(200);
    expect(late.headers.get('idempotent-replayed')).toBeNull(); // run again, not replayed
    expect(late.body).toMatchObject({ status: 'cancelled', version: o.version + 1 }); // cancelling a cancelled order changes nothing
    expect((await post(`/sales-orders/${o.id}/cancel`, {}, { 'Idempotency-Key': newKey })).headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('optimistic concurrency', () => {
  it('concurrent changes of one order serialize: no lost update, one event per applied change', async () => {
    const o = await confirmedOrder();
    const quantities = ['11', '12', '13', '14', '15', '16'];
    const answers = await Promise.all(quantities.map((q) => patch(`/sales-orders/${o.id}/lines/${o.lines[0]!.id}`, { quantity: q })));
    const applied = answers.filter((a) => a.status === 200);
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    const final = (await get(`/sales-orders/${o.id}`)).body;
    expect(final.version).toBe(o.version + applied.length);
    const events = await waitForEvents('sales-order.line-changed', o.id, applied.length);
    // Each change starts where the previous one ended: the chain is unbroken.
    let previous = '10';
    for (const e of events) {
      expect(e.payload.oldQuantity).toBe(previous);
      previous = e.payload.newQuantity as string;
    }
    expect(previous).toBe(final.lines[0]!.quantity);
  });
});

describe('refusals', () => {
  it('409 with the reason on invalid transitions', async () => {
    const o = await confirmedOrder();
    const replace = await post('/sales-orders', { orderRef: o.orderRef, lines: [line()] });
    expect(replace.status).toBe(409);
    expect(replace.body).toMatchObject({ code: 'INVALID_TRANSITION', message: expect.stringContaining('only a draft can be replaced') });
    expect((await post(`/sales-orders/${o.id}/confirm`)).status).toBe(200); // confirming again changes nothing
    await post(`/sales-orders/${o.id}/cancel`);
    const confirmCancelled = await post(`/sales-orders/${o.id}/confirm`);
    expect(confirmCancelled.status).toBe(409);
    expect(confirmCancelled.body.message).toMatch(/is cancelled and cannot be confirmed/);
    const changeCancelled = await patch(`/sales-orders/${o.id}/lines/${o.lines[0]!.id}`, { quantity: '3' });
    expect(changeCancelled.status).toBe(409);
  });

  it.each([
    ['a quantity sent as a number', { lines: [line({ quantity: 10 })] }, 'lines.0.quantity'],
    ['a zero quantity', { lines: [line({ quantity: '0' })] }, 'lines.0.quantity'],
    ['a bad route', { lines: [line({ route: 'air' })] }, 'lines.0.route'],
    ['a bad date', { lines: [line({ requestedDate: '10/03/2026' })] }, 'lines.0.requestedDate'],
    ['an impossible date', { lines: [line({ requestedDate: '2026-02-30' })] }, 'lines.0.requestedDate'],
    ['no lines', { lines: [] }, 'lines'],
    ['an unknown product', { lines: [line({ productId: 'nope' })] }, 'lines.0.productId'],
    ['a UoM outside the product category', { lines: [line({ uom: 'kg' })] }, 'lines.0.uom'],
    ['a quantity off the UoM step', { lines: [line({ quantity: '2.5' })] }, 'lines.0.quantity'],
    ['duplicate line refs', { lines: [line(), line()] }, 'lines.1.lineRef'],
    ['an unknown property', { lines: [line()], colour: 'red' }, 'colour'],
  ])('400 naming the field for %s', async (_name, body, field) => {
    const res = await post<{ errors: { field: string; reason: string }[] }>('/sales-orders', { orderRef: ref('bad'), ...body });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, reason: expect.any(String) })]));
  });

  it('400 on a negative or malformed line quantity change, 404 on an unknown line', async () => {
    const o = await confirmedOrder();
    const neg = await patch<{ errors: { field: string }[] }>(`/sales-orders/${o.id}/lines/${o.lines[0]!.id}`, { quantity: '-1' });
    expect(neg.status).toBe(400);
    expect(neg.body.errors[0]!.field).toBe('quantity');
    expect((await patch(`/sales-orders/${o.id}/lines/${o.lines[0]!.id}`, { quantity: 'lots' })).status).toBe(400);
    expect((await patch(`/sales-orders/by-ref/${o.orderRef}/lines/nope`, { quantity: '1' })).status).toBe(404);
  });

  it('a page beyond its documented maximum and a null messageId answer 400 naming them', async () => {
    const page = await get<{ errors: { field: string }[] }>('/sales-orders?page=1e%2B20');
    expect(page.status).toBe(400);
    expect(page.body.errors[0]!.field).toBe('page');
    const o = await confirmedOrder();
    const nullKey = await post<{ errors: { field: string }[] }>(`/sales-orders/by-ref/${o.orderRef}/confirm`, { messageId: null });
    expect(nullKey.status).toBe(400);
    expect(nullKey.body.errors[0]!.field).toBe('messageId');
  });

  it('an unknown order or line answers 404 naming the path parameter, with the code', async () => {
    const o = await confirmedOrder();
    expect((await get('/sales-orders/by-ref/nope')).body).toMatchObject({
      statusCode: 404, error: 'Not Found', code: 'SALES_ORDER_NOT_FOUND', errors: [{ field: 'orderRef', reason: expect.stringContaining('nope') }],
    });
    expect((await patch(`/sales-orders/${o.id}/lines/${o.id}`, { quantity: '1' })).body).toMatchObject({
      statusCode: 404, code: 'LINE_NOT_FOUND', errors: [{ field: 'lineId', reason: expect.stringContaining(o.id) }],
    });
  });

  it('a line naming a warehouse inventory never created answers 404 naming the field; once inventory creates it, the order is accepted', async () => {
    const warehouseId = `WH-${run}-late`;
    const orderRef = ref('warehouse');
    const refused = await post('/sales-orders', { orderRef, lines: [line(), line({ lineRef: 'L2', warehouseId })] });
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({
      statusCode: 404,
      code: 'WAREHOUSE_NOT_FOUND',
      errors: [{ field: 'lines.1.warehouseId', reason: `unknown warehouse ${warehouseId}: create it in inventory first` }],
    });
    expect((await get(`/sales-orders/by-ref/${orderRef}`)).status).toBe(404);
    await createWarehouse(kafka, sql, warehouseId);
    const accepted = await post('/sales-orders', { orderRef, lines: [line(), line({ lineRef: 'L2', warehouseId })] });
    expect(accepted.status).toBe(201);
    expect(accepted.body.lines.map((l) => l.warehouseId)).toEqual(['WH1', warehouseId]);
  });
});

describe('Kafka upstream path', () => {
  it('submitted + confirm-requested become a confirmed order; changes and cancel follow; redelivery is a no-op', async () => {
    const orderRef = ref('kafka');
    const submitted = await kafka.publish(upstreamOrderSubmitted, { orderRef, lines: [line(), line({ lineRef: 'L2', productId: KG, quantity: '2.5', uom: 'kg', route: 'mto' })] });
    const confirm = await kafka.publish(upstreamOrderConfirmRequested, { orderRef });
    const order = await waitFor(async () => {
      const r = await get(`/sales-orders/by-ref/${orderRef}`);
      return r.status === 200 && r.body.status === 'confirmed' && r.body;
    }, { description: 'the upstream order confirmed' });
    const [conf] = await waitForEvents('sales-order.confirmed', order.id, 1);
    expect(conf!.causationId).toBe(confirm.id);
    expect(conf!.correlationId).toBe(confirm.correlationId);
    expect((conf!.payload.lines as Payload[]).map((l) => [l.lineRef, l.quantity, l.uom])).toEqual([
      ['L1', '10', 'Units'],
      ['L2', '2.5', 'kg'],
    ]);

    const change = await kafka.publish(upstreamOrderLineQuantityChanged, { orderRef, lineRef: 'L2', quantity: '3.25' });
    await kafka.publishEnvelope(topics.upstreamOrders, change); // the same message again
    await kafka.publishEnvelope(topics.upstreamOrders, submitted); // an old message again
    const cancel = await kafka.publish(upstreamOrderCancelRequested, { orderRef, reason: 'upstream cancel' });
    await handled(cancel.id);
    await waitForEvents('sales-order.cancelled', order.id, 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(eventsOf('sales-order.line-changed', order.id).map((e) => [e.payload.oldQuantity, e.payload.newQuantity])).toEqual([['2.5', '3.25']]);
    expect(eventsOf('sales-order.confirmed', order.id)).toHaveLength(1);
    const final = (await get(`/sales-orders/${order.id}`)).body as OrderView & { cancelReason: string };
    expect(final).toMatchObject({ status: 'cancelled', cancelReason: 'upstream cancel' });
  });

  it('a bad message goes to upstream.orders.dlq with its reason, and the next message is still processed', async () => {
    const badRef = ref('kafka-bad');
    const goodRef = ref('kafka-good');
    const bad = await kafka.publish(upstreamOrderSubmitted, { orderRef: badRef, lines: [line({ productId: `unknown-${run}` })] });
    const wrongUom = await kafka.publish(upstreamOrderSubmitted, { orderRef: badRef, lines: [line({ uom: 'g' })] });
    const noOrder = await kafka.publish(upstreamOrderConfirmRequested, { orderRef: `${badRef}-never-submitted` });
    await kafka.publishRaw(topics.upstreamOrders, badRef, '{ not json');
    const good = await kafka.publish(upstreamOrderSubmitted, { orderRef: goodRef, lines: [line()] });
    await waitFor(async () => (await get(`/sales-orders/by-ref/${goodRef}`)).status === 200, { description: 'the next message processed' });
    await handled(good.id);
    const [dl] = await waitFor(() => deadLetters(bad.id).length > 0 && deadLetters(bad.id), { description: 'dead letter of the unknown product' });
    expect(dl!.headers['dlq-reason']).toMatch(new RegExp(`lines\\.0\\.productId: unknown product unknown-${run}`));
    const [dl2] = await waitFor(() => deadLetters(wrongUom.id).length > 0 && deadLetters(wrongUom.id), { description: 'dead letter of the wrong UoM' });
    expect(dl2!.headers['dlq-reason']).toMatch(/lines\.0\.uom: UoM g is not in the category unit/);
    const [dl3] = await waitFor(() => deadLetters(noOrder.id).length > 0 && deadLetters(noOrder.id), { description: 'dead letter of the unknown order' });
    expect(dl3!.headers['dlq-reason']).toMatch(/no sales order with reference/);
    await waitFor(() => kafka.received.some((r) => r.topic === `${topics.upstreamOrders}.dlq` && r.value === '{ not json'), { description: 'dead letter of the bad JSON' });
    expect((await get(`/sales-orders/by-ref/${badRef}`)).status).toBe(404);
  });

  it('an upstream order naming a warehouse inventory never created goes to the dead letters with its reason', async () => {
    const orderRef = ref('kafka-warehouse');
    const submitted = await kafka.publish(upstreamOrderSubmitted, { orderRef, lines: [line({ warehouseId: `WH-${run}-never` })] });
    const [dl] = await waitFor(() => deadLetters(submitted.id).length > 0 && deadLetters(submitted.id), { description: 'dead letter of the unknown warehouse' });
    expect(dl!.headers['dlq-reason']).toContain(`lines.0.warehouseId: unknown warehouse WH-${run}-never: create it in inventory first`);
    expect((await get(`/sales-orders/by-ref/${orderRef}`)).status).toBe(404);
  });
});

describe('deliveries and decreases after confirmation', () => {
  async function deliver(lineId: string, quantity: string, uom = 'Units'): Promise<EventEnvelope> {
    const env = await kafka.publish(stockMoveDone, {
      moveId: `M-${run}-${++seq}`,
      kind: 'delivery',
      productId: P1,
      quantity,
      uom,
      fromLocation: 'WH1/Stock',
      toLocation: 'virtual/customer',
      doneAt: new Date().toISOString(),
      reference: { type: 'sales-order-line', id: lineId },
    });
    await handled(env.id);
    return env;
  }

  it('a line shrinks down to its delivered quantity, not below; fully delivered makes the order done', async () => {
    const o = await confirmedOrder([line(), line({ lineRef: 'L2', quantity: '1' })]);
    const [l1, l2] = o.lines;
    await deliver(l1!.id, '4');
    await deliver(l1!.id, '4'); // a second partial delivery
    expect((await get(`/sales-orders/${o.id}`)).body.lines[0]!.deliveredQuantity).toBe('8');

    const below = await patch(`/sales-orders/${o.id}/lines/${l1!.id}`, { quantity: '7' });
    expect(below.status).toBe(409);
    expect(below.body).toMatchObject({ code: 'LINE_CHANGE_REFUSED', message: expect.stringContaining('8 Units are already delivered') });

    const viaKafka = await kafka.publish(upstreamOrderLineQuantityChanged, { orderRef: o.orderRef, lineRef: 'L1', quantity: '5' });
    const [dl] = await waitFor(() => deadLetters(viaKafka.id).length > 0 && deadLetters(viaKafka.id), { description: 'dead letter of the decrease below delivered' });
    expect(dl!.headers['dlq-reason']).toMatch(/already delivered/);

    const down = await patch(`/sales-orders/${o.id}/lines/${l1!.id}`, { quantity: '8' });
    expect(down.status).toBe(200);
    expect(down.body.status).toBe('confirmed'); // L2 still open
    const [lc] = await waitForEvents('sales-order.line-changed', o.id, 1);
    expect(lc!.payload).toMatchObject({ oldQuantity: '10', newQuantity: '8' });

    await deliver(l2!.id, '0.08', 'Dozens'); // 0.96 Units rounds to 1 at the Units step
    const done = (await get(`/sales-orders/${o.id}`)).body;
    expect(done.status).toBe('done');
    expect((await post(`/sales-orders/${o.id}/cancel`)).status).toBe(409);
  });

  it('an undelivered confirmed line can shrink to zero', async () => {
    const o = await confirmedOrder();
    const res = await patch(`/sales-orders/by-ref/${o.orderRef}/lines/L1`, { quantity: '0' });
    expect(res.status).toBe(200);
    const [lc] = await waitForEvents('sales-order.line-changed', o.id, 1);
    expect(lc!.payload).toMatchObject({ oldQuantity: '10', newQuantity: '0' });
  });
});
