// End to end, separate processes over real Kafka and PostgreSQL: an upstream order event on upstream.orders
// becomes a confirmed sales order (sales-orders), and inventory shows its outgoing demand in its forecast.
import { randomBytes } from 'node:crypto';
import { productUpserted, topics, upstreamOrderConfirmRequested, upstreamOrderSubmitted } from '@replenish/contracts';
import { consumeEvents, httpJson, produceEvent, startServiceProcess, waitFor, type ServiceProcess } from './support/index.js';
import { startAtTopicEnds } from './support/planning-stack.js';
import { createWarehouseKnownToSalesOrders } from './support/warehouses.js';

const run = randomBytes(4).toString('hex');
const productId = `E2E-SO-${run}`;
const warehouseId = `WH-${run.toUpperCase()}`;
const orderRef = `E2E-SO-${run}`;

let salesOrders: ServiceProcess;
let inventory: ServiceProcess;

interface SalesOrderView {
  id: string;
  status: string;
  lines: { id: string; lineRef: string; quantity: string; deliveryDate: string }[];
}
interface ForecastView {
  outgoing: { date: string; quantity: string }[];
  days: { date: string; outgoing: string; forecast: string }[];
}

beforeAll(async () => {
  await startAtTopicEnds(process.env.KAFKA_BROKERS!.split(','), ['sales-orders', 'inventory']);
  [salesOrders, inventory] = await Promise.all([startServiceProcess('sales-orders'), startServiceProcess('inventory')]);
}, 240_000);

afterAll(async () => {
  await Promise.all([salesOrders?.stop(), inventory?.stop()]);
});

it('an upstream order event becomes a confirmed sales order, and inventory shows its outgoing demand in the forecast', async () => {
  // Product master data, as planning's catalog publishes it: both services keep a copy.
  await produceEvent(productUpserted, {
    productId,
    sku: productId,
    name: 'E2E sales order product',
    stockUom: { code: 'Units', category: 'unit', factor: '1', rounding: '1' },
    uoms: [
      { code: 'Units', category: 'unit', factor: '1', rounding: '1' },
      { code: 'Dozens', category: 'unit', factor: '12', rounding: '0.01' },
    ],
    routes: ['buy'],
    takeFromStockFirst: false,
    active: true,
  });
  // Inventory owns warehouses: the order's warehouse is created there, and sales-orders learns it (else: dead letter).
  await createWarehouseKnownToSalesOrders({ inventory: inventory.url, sales: salesOrders.url }, warehouseId, 120_000);
  // The product must have reached sales-orders before the order refers to it (else: dead letter).
  await waitFor(async () => {
    const probe = await httpJson(salesOrders.url, 'POST', '/sales-orders', {
      orderRef: `${orderRef}-probe`,
      lines: [{ lineRef: 'L1', productId, warehouseId, quantity: '1', uom: 'Units', route: 'stock', requestedDate: '2030-01-01' }],
    });
    return probe.status === 201 || probe.status === 200;
  }, { description: 'product known to sales-orders', timeoutMs: 120_000 });

  await produceEvent(upstreamOrderSubmitted, {
    orderRef,
    customerId: 'C-E2E',
    lines: [
      { lineRef: 'L1', productId, warehouseId, quantity: '7', uom: 'Units', route: 'stock', requestedDate: '2030-06-10' },
      { lineRef: 'L2', productId, warehouseId, quantity: '2', uom: 'Dozens', route: 'stock', requestedDate: '2030-06-20', commitmentDate: '2030-06-15' },
    ],
  });
  const confirmRequest = await produceEvent(upstreamOrderConfirmRequested, { orderRef });

  const order = await waitFor(async () => {
    const r = await httpJson<SalesOrderView>(salesOrders.url, 'GET', `/sales-orders/by-ref/${orderRef}`);
    return r.status === 200 && r.body.status === 'confirmed' ? r.body : undefined;
  }, { description: 'the confirmed sales order', timeoutMs: 60_000 });
  expect(order.lines.map((l) => [l.lineRef, l.quantity, l.deliveryDate])).toEqual([
    ['L1', '7', '2030-06-10'],
    ['L2', '2', '2030-06-15'],
  ]);

  // What inventory consumes: sales-order.confirmed, caused by the upstream confirm request.
  const [confirmed] = await consumeEvents<{ salesOrderId: string; lines: unknown[] }>(
    topics.salesOrderEvents,
    (e) => e.type === 'sales-order.confirmed' && (e.payload as { orderRef?: string }).orderRef === orderRef,
    { timeoutMs: 60_000 },
  );
  expect(confirmed!.envelope.payload.salesOrderId).toBe(order.id);
  expect(confirmed!.envelope.causationId).toBe(confirmRequest.id);
  expect(confirmed!.envelope.payload.lines).toHaveLength(2);

  // Inventory consumed sales-order.confirmed: 7 Units on 2030-06-10 and 24 Units (2 Dozens) on 2030-06-15 go out.
  const forecast = await waitFor(async () => {
    const r = await httpJson<ForecastView>(inventory.url, 'GET', `/stock/forecast?productId=${productId}&warehouseId=${warehouseId}&from=2030-06-01&to=2030-06-30`);
    return r.status === 200 && r.body.outgoing.length === 2 ? r.body : undefined;
  }, { description: "the order's outgoing demand in inventory's forecast", timeoutMs: 60_000 });
  expect(forecast.outgoing.map((o) => [o.date, o.quantity])).toEqual([
    ['2030-06-10', '7'],
    ['2030-06-15', '24'],
  ]);
  const last = forecast.days[forecast.days.length - 1]!;
  expect(last.date).toBe('2030-06-15');
  expect(last.forecast).toBe('-31');
});
