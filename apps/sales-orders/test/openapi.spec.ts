import type { INestApplication } from '@nestjs/common';
import { productUpserted, topics } from '@replenish/contracts';
import { createServiceApp } from '@replenish/service-kit';
import { freshConsumerGroup, waitFor } from '@replenish/test-infra';
import pg from 'pg';
import { ResponseValidator, documentProblems, loadOpenApi, requiredQueryParametersTheServiceDoesWithout, undeclaredQueryParametersTheServiceTakes } from '../../../tools/test-infra/src/openapi.js';
import { salesOrdersService } from '../src/service.js';
import { KAFKA_BROKERS, KafkaProbe, createDatabase, createWarehouse, http, runId, unitProduct } from './support.js';

// The OpenAPI document at /docs-json is complete, and what the service answers is what it documents.
const rid = runId();
const P = `P-DOC-${rid}`;
let db: Awaited<ReturnType<typeof createDatabase>>;
let app: INestApplication;
let base: string;
let validator: ResponseValidator;
const kafka = new KafkaProbe();

/** The parts of the answers this file reads (a sales order, or an error body). */
interface Answer {
  id: string;
  lines: { id: string }[];
  errors: { field: string }[];
}

/** Calls the service and checks the answer against the document's schema for that operation and status. */
async function call(method: string, template: string, path: string, body?: unknown) {
  const res = await http<Answer>(base, method, path, body);
  expect(validator.problems(method, template, res.status, res.body)).toEqual([]);
  return res;
}

beforeAll(async () => {
  db = await createDatabase('so_openapi');
  const group = await freshConsumerGroup('sales_orders_openapi', [topics.upstreamOrders, topics.products, topics.stockMoves, topics.warehouses], KAFKA_BROKERS.split(','));
  app = await createServiceApp(salesOrdersService, { env: { DATABASE_URL: db.url, KAFKA_BROKERS, PORT: '0', LOG_LEVEL: 'warn', CONSUMER_GROUP: group }, logStartup: false });
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  validator = new ResponseValidator(await loadOpenApi(base));
  await kafka.start([topics.salesOrderEvents]);
  await kafka.publish(productUpserted, unitProduct(P));
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  try {
    await waitFor(async () => (await sql.query('SELECT 1 FROM sales_orders.product WHERE product_id = $1', [P])).rowCount === 1, { description: 'product received', timeoutMs: 90_000 });
    await createWarehouse(kafka, sql, 'WH1');
  } finally {
    await sql.end();
  }
}, 180_000);

afterAll(async () => {
  await kafka.stop();
  await app?.close();
  await db?.drop();
});

describe('the OpenAPI document of sales-orders', () => {
  it('describes every operation: summary, request and response schemas, examples, optional parameters optional', async () => {
    const doc = await loadOpenApi(base);
    expect(documentProblems(doc)).toEqual([]);
    expect(await requiredQueryParametersTheServiceDoesWithout(base, doc)).toEqual([]);
  });

  it('refuses a query parameter an operation does not declare, naming it, on every read', async () => {
    expect(await undeclaredQueryParametersTheServiceTakes(base, await loadOpenApi(base))).toEqual([]);
  });

  it('matches what the service answers: create, replace, get, list, confirm, change a line, cancel, and errors', async () => {
    const line = { lineRef: 'L1', productId: P, warehouseId: 'WH1', quantity: '5', uom: 'Units', route: 'stock', requestedDate: '2026-03-10' };
    const order = { orderRef: `SO-DOC-${rid}`, lines: [line] };
    const created = await call('POST', '/sales-orders', '/sales-orders', order);
    expect(created.status).toBe(201);
    expect((await call('POST', '/sales-orders', '/sales-orders', { ...order, customerId: 'C1' })).status).toBe(200);
    const id = created.body.id;
    expect((await call('GET', '/sales-orders/{id}', `/sales-orders/${id}`)).status).toBe(200);
    expect((await call('GET', '/sales-orders/by-ref/{orderRef}', `/sales-orders/by-ref/${order.orderRef}`)).status).toBe(200);
    expect((await call('GET', '/sales-orders', '/sales-orders?status=draft&pageSize=5')).status).toBe(200);
    expect((await call('POST', '/sales-orders/{id}/confirm', `/sales-orders/${id}/confirm`, {})).status).toBe(200);
    const lineId = created.body.lines[0]!.id;
    expect((await call('PATCH', '/sales-orders/{id}/lines/{lineId}', `/sales-orders/${id}/lines/${lineId}`, { quantity: '7' })).status).toBe(200);
    expect((await call('POST', '/sales-orders/{id}/cancel', `/sales-orders/${id}/cancel`, { reason: 'customer changed their mind' })).status).toBe(200);
    expect((await call('GET', '/sales-orders/{id}', '/sales-orders/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('refuses a date that does not exist with a 400 naming the field', async () => {
    const res = await call('POST', '/sales-orders', '/sales-orders', {
      orderRef: `SO-DATE-${rid}`, lines: [{ lineRef: 'L1', productId: P, warehouseId: 'WH1', quantity: '1', uom: 'Units', route: 'stock', requestedDate: '2026-02-30' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'lines.0.requestedDate' })]);
  });
});
