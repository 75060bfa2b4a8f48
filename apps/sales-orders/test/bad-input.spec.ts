import type { INestApplication } from '@nestjs/common';
import {
  createEnvelope, productUpserted, stockMoveDone, topics, upstreamOrderSubmitted, warehouseCreated, type AnyEventDefinition, type PayloadOf,
} from '@replenish/contracts';
import { createServiceApp } from '@replenish/service-kit';
import { CorpusRun, badInputs, freshConsumerGroup, type CorpusTarget, type WireEnvelope } from '@replenish/test-infra';
import pg from 'pg';
import { salesOrdersService } from '../src/service.js';
import { KAFKA_BROKERS, KafkaProbe, createDatabase, createWarehouse, http, runId, unitProduct, waitFor } from './support.js';

// The bad-input corpus (tools/test-infra bad-input-corpus.ts) on each topic sales-orders consumes, interleaved with
// valid messages: every bad one dead-lettered with its reason, every valid one applied, nothing stalled.
const rid = runId();
const P = `BAD-P-${rid}`;
const W = `BW-${rid}`;
let seq = 0;
const nextId = (prefix: string) => `${prefix}-${rid}-${++seq}`;

let db: Awaited<ReturnType<typeof createDatabase>>;
let sql: pg.Client;
let app: INestApplication;
let base: string;
let group: string;
let lineId: string;
const probe = new KafkaProbe();
const run = new CorpusRun(KAFKA_BROKERS.split(','));

const envelope = <D extends AnyEventDefinition>(def: D, payload: PayloadOf<D>): WireEnvelope =>
  createEnvelope(def, payload, { source: 'sales-orders-bad-input-test' }) as WireEnvelope;
const keyOf = (def: AnyEventDefinition) => (p: Record<string, unknown>) => def.keyOf(p);
/** Rows of `table` whose `column` starts with this run's `prefix`: what the valid messages created. */
const count = async (table: string, column: string, prefix: string): Promise<number> =>
  (await sql.query(`SELECT count(*)::int AS n FROM sales_orders.${table} WHERE ${column} LIKE $1`, [`${prefix}-${rid}-%`])).rows[0].n;

const order = (): PayloadOf<typeof upstreamOrderSubmitted> => ({
  orderRef: nextId('O'),
  lines: [{ lineRef: '1', productId: P, warehouseId: W, quantity: '1', uom: 'Units', route: 'stock', requestedDate: '2026-03-10' }],
});
const delivery = (): PayloadOf<typeof stockMoveDone> => ({
  moveId: nextId('M'), kind: 'delivery', productId: P, quantity: '1', uom: 'Units', fromLocation: `${W}/Stock`, toLocation: 'virtual/customer',
  doneAt: new Date().toISOString(), reference: { type: 'sales-order-line', id: lineId },
});

interface Input {
  target: CorpusTarget;
  /** How many valid messages of this topic are applied, as the database shows it. */
  applied: () => Promise<number>;
}

const inputs: Record<string, Input> = {
  [topics.upstreamOrders]: {
    target: {
      topic: topics.upstreamOrders, valid: () => envelope(upstreamOrderSubmitted, order()), keyOf: keyOf(upstreamOrderSubmitted),
      decimals: [{ path: ['lines', 0, 'quantity'], sign: 'positive' }],
      required: [['orderRef'], ['lines']],
      references: [
        { name: 'unknown product', path: ['lines', 0, 'productId'], value: `NOPE-${rid}`, reason: /lines\.0\.productId: unknown product NOPE-/ },
        { name: 'unknown warehouse', path: ['lines', 0, 'warehouseId'], value: `NOWH-${rid}`, reason: /lines\.0\.warehouseId: unknown warehouse NOWH-/ },
        { name: 'unknown unit', path: ['lines', 0, 'uom'], value: 'parsec', reason: /lines\.0\.uom: / },
      ],
    },
    applied: () => count('sales_order', 'order_ref', 'O'),
  },
  [topics.warehouses]: {
    target: {
      topic: topics.warehouses, keyOf: keyOf(warehouseCreated),
      valid: () => { const id = nextId('W'); return envelope(warehouseCreated, { warehouseId: id, code: id.slice(0, 20), name: id, timeZone: 'UTC' }); },
      required: [['warehouseId'], ['timeZone']],
    },
    applied: () => count('warehouse', 'warehouse_id', 'W'),
  },
  [topics.products]: {
    target: {
      topic: topics.products, valid: () => envelope(productUpserted, unitProduct(nextId('BP'))), keyOf: keyOf(productUpserted),
      decimals: [{ path: ['stockUom', 'rounding'], sign: 'positive' }],
      required: [['productId'], ['uoms']],
    },
    applied: () => count('product', 'product_id', 'BP'),
  },
  [topics.stockMoves]: {
    target: {
      topic: topics.stockMoves, valid: () => envelope(stockMoveDone, delivery()), keyOf: keyOf(stockMoveDone),
      decimals: [{ path: ['quantity'], sign: 'positive' }],
      required: [['moveId'], ['uom']],
    },
    applied: async () => Number((await sql.query('SELECT delivered_quantity FROM sales_orders.sales_order_line WHERE id = $1', [lineId])).rows[0].delivered_quantity),
  },
};

beforeAll(async () => {
  db = await createDatabase('so_bad_input');
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  await probe.start([topics.salesOrderEvents]);
  await run.start(Object.keys(inputs));
  group = await freshConsumerGroup('sales_orders_bad_input', [topics.upstreamOrders, topics.products, topics.stockMoves, topics.warehouses], KAFKA_BROKERS.split(','));
  app = await createServiceApp(salesOrdersService, { env: { DATABASE_URL: db.url, KAFKA_BROKERS, PORT: '0', LOG_LEVEL: 'warn', CONSUMER_GROUP: group }, logStartup: false });
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  await probe.publish(productUpserted, unitProduct(P));
  await waitFor(async () => (await sql.query('SELECT 1 FROM sales_orders.product WHERE product_id = $1', [P])).rowCount === 1, { description: 'product known', timeoutMs: 90_000 });
  await createWarehouse(probe, sql, W);
  // The line the valid deliveries are booked on.
  const created = await http<{ id: string; lines: { id: string }[] }>(base, 'POST', '/sales-orders', { orderRef: `SO-${rid}`, lines: [{ ...order().lines[0], quantity: '1000' }] });
  expect(created.status).toBe(201);
  expect((await http(base, 'POST', `/sales-orders/${created.body.id}/confirm`)).status).toBe(200);
  lineId = created.body.lines[0]!.id;
}, 180_000);

afterAll(async () => {
  await run.stop();
  await probe.stop();
  await app?.close();
  await sql?.end();
  await db?.drop();
});

describe('bad input on every topic sales-orders consumes', () => {
  it.each(Object.keys(inputs))('%s: every bad message is dead-lettered with its reason, every valid one around them applied', async (topic) => {
    const { target, applied } = inputs[topic]!;
    const bad = badInputs(target);
    const sent = await run.sendInterleaved(bad, target.valid);
    await waitFor(async () => (await applied()) === sent, { description: `the ${sent} valid messages on ${topic} applied`, timeoutMs: 60_000 });
    await waitFor(() => run.missing(bad, group).length === 0, { description: `dead letters of the ${bad.length} bad messages on ${topic}`, timeoutMs: 60_000 });
    expect(run.wrongReasons(bad, group)).toEqual([]);
  }, 150_000);

  it('a delivery taking a line\'s delivered quantity past the quantity bound is dead-lettered with the reason; the next one is booked', async () => {
    const before = await inputs[topics.stockMoves]!.applied();
    const big = { ...delivery(), quantity: '999999999999999' };
    await probe.publish(stockMoveDone, big);
    await probe.publish(stockMoveDone, delivery());
    await waitFor(async () => (await inputs[topics.stockMoves]!.applied()) === before + 1, { description: 'the delivery after the refused one booked' });
    const dead = await waitFor(() => run.deadLetters.find((d) => d.headers['dlq-consumer-group'] === group && d.value?.includes(big.moveId)), { description: 'dead letter of the delivery past the bound' });
    expect(dead.headers['dlq-reason']).toMatch(new RegExp(`booking this delivery would take the delivered quantity of line 1 of sales order SO-${rid} to \\d+, which has 16 digits before the decimal point, past the quantity bound of 15`));
  });
});
