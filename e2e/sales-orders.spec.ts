// End to end, separate processes over real Kafka and PostgreSQL: an upstream order event on upstream.orders
// becomes a confirmed sales order (sales-orders), and inventory shows its outgoing demand in its forecast.
// Every sales-orders on the shared broker (another file's or session's) that learnt this product and warehouse from
// the shared topics confirms a copy of the upstream order under its own id, which this inventory plans too: the
// test reads its own order's event and planned moves, by the order's and its lines' ids.
import { randomBytes } from 'node:crypto';
import { productUpserted, topics, upstreamOrderConfirmRequested, upstreamOrderSubmitted } from '@replenish/contracts';
import { httpJson, produceEvent, startServiceProcess, waitFor, type ServiceProcess } from './support/index.js';
import { productLearnt, warehouseLearnt } from './support/learnt.js';
import { startAtTopicEnds } from './support/planning-stack.js';
import { createWarehouse } from './support/warehouses.js';
import { markTopics, readEvents, type TopicMarks } from '../apps/planning/test/kafka.js';

const run = randomBytes(4).toString('hex');
const productId = `E2E-SO-${run}`;
const warehouseId = `WH-${run.toUpperCase()}`;
const orderRef = `E2E-SO-${run}`;

const brokers = () => process.env.KAFKA_BROKERS!.split(',');
const LONG = 120_000;
let salesOrders: ServiceProcess;
let inventory: ServiceProcess;
let marks: TopicMarks;

interface SalesOrderView {
  id: string;
  status: string;
  lines: { id: string; lineRef: string; quantity: string; deliveryDate: string }[];
}
interface ForecastView {
  days: { date: string; outgoing: string; forecast: string }[];
  plannedMoves: { direction: 'in' | 'out'; reference: string; date: string; planned: string; remaining: string }[];
}

beforeAll(async () => {
  marks = await markTopics(brokers(), [topics.salesOrderEvents]);
  await startAtTopicEnds(brokers(), ['sales-orders', 'inventory']);
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
  const learning = { brokers: brokers(), sales: salesOrders, inventory, waitMs: LONG };
  await createWarehouse(inventory.url, warehouseId);
  await warehouseLearnt(learning, warehouseId);
  // The product must have reached sales-orders before the order refers to it, and inventory before it plans the
  // order's lines in Dozens (else: dead letters).
  await productLearnt(learning, productId, warehouseId);

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
  }, { description: 'the confirmed sales order', timeoutMs: LONG });
  expect(order.lines.map((l) => [l.lineRef, l.quantity, l.deliveryDate])).toEqual([
    ['L1', '7', '2030-06-10'],
    ['L2', '2', '2030-06-15'],
  ]);

  // What inventory consumes: sales-order.confirmed of this order, caused by the upstream confirm request.
  const [confirmed] = await readEvents(brokers(), marks, topics.salesOrderEvents,
    (e) => e.envelope?.type === 'sales-order.confirmed' && e.envelope.payload?.salesOrderId === order.id, { timeoutMs: LONG });
  expect(confirmed!.envelope.payload.orderRef).toBe(orderRef);
  expect(confirmed!.envelope.causationId).toBe(confirmRequest.id);
  expect(confirmed!.envelope.payload.lines).toHaveLength(2);

  // Inventory consumed sales-order.confirmed: 7 Units on 2030-06-10 and 24 Units (2 Dozens) on 2030-06-15 go out.
  const lineRefOf = new Map(order.lines.map((l) => [l.id, l.lineRef]));
  const forecast = await waitFor(async () => {
    const r = await httpJson<ForecastView>(inventory.url, 'GET', `/stock/forecast?productId=${productId}&warehouseId=${warehouseId}&from=2030-06-01&to=2030-06-30`);
    return r.status === 200 && r.body.plannedMoves.filter((m) => lineRefOf.has(m.reference)).length === 2 ? r.body : undefined;
  }, { description: "the order's outgoing demand in inventory's forecast", timeoutMs: LONG });
  expect(forecast.plannedMoves.filter((m) => lineRefOf.has(m.reference)).map((m) => [lineRefOf.get(m.reference), m.direction, m.date, m.planned])).toEqual([
    ['L1', 'out', '2030-06-10', '7'],
    ['L2', 'out', '2030-06-15', '24'],
  ]);
  // Nothing on hand: the forecast ends at minus every remaining outgoing (31 for this order alone; a copy confirmed
  // by another sales-orders counts too).
  const last = forecast.days[forecast.days.length - 1]!;
  expect(last.date).toBe('2030-06-15');
  const outgoing = forecast.plannedMoves.filter((m) => m.direction === 'out').reduce((n, m) => n + Number(m.remaining), 0);
  expect(outgoing).toBeGreaterThanOrEqual(31);
  expect(last.forecast).toBe(String(-outgoing));
});
