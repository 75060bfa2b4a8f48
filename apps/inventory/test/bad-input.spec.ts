import type { INestApplication } from '@nestjs/common';
import {
  createEnvelope, draftOrderConfirmed, manufacturingOrderPlaced, plannedMoveAnnounced, productUpserted, purchaseOrderPlaced, salesOrderConfirmed, stockMoveDone,
  topics, type AnyEventDefinition, type PayloadOf,
} from '@replenish/contracts';
import { CorpusRun, badInputs, type CorpusTarget, type WireEnvelope } from '@replenish/test-infra';
import { KAFKA_BROKERS, KafkaProbe, createDatabase, http, runId, startInventory, unitProduct, waitFor } from './support.js';

// The bad-input corpus (tools/test-infra bad-input-corpus.ts) on each topic inventory consumes, interleaved with
// valid messages: every bad one dead-lettered with its reason, every valid one applied, nothing stalled.
const rid = runId();
const P = `BAD-P-${rid}`;
const PLANNED = `BAD-PM-${rid}`; // planned moves of warehouse systems
const PLACED = `BAD-PO-${rid}`; // orders placed without a draft
const A = `BA${rid.toUpperCase()}`;
let seq = 0;
const nextId = (prefix: string) => `${prefix}-${rid}-${++seq}`;

let db: Awaited<ReturnType<typeof createDatabase>>;
let app: INestApplication;
let base: string;
let group: string;
const probe = new KafkaProbe();
const run = new CorpusRun(KAFKA_BROKERS.split(','));

const envelope = <D extends AnyEventDefinition>(def: D, payload: PayloadOf<D>): WireEnvelope =>
  createEnvelope(def, payload, { source: 'inventory-bad-input-test' }) as WireEnvelope;
const keyOf = (def: AnyEventDefinition) => (p: Record<string, unknown>) => def.keyOf(p);
const forecast = async (productId: string) =>
  (await http(base, 'GET', `/stock/forecast?productId=${productId}&warehouseId=${A}&from=2026-01-01&to=2026-12-31`)).body;
const total = (dated: { quantity: string }[]) => dated.reduce((s, d) => s + Number(d.quantity), 0);

const move = (): PayloadOf<typeof stockMoveDone> => ({
  moveId: nextId('M'), kind: 'receipt', productId: P, quantity: '1', uom: 'Units', fromLocation: 'virtual/vendor', toLocation: `${A}/Stock`,
  doneAt: new Date().toISOString(),
});
const salesOrder = (): PayloadOf<typeof salesOrderConfirmed> => {
  const id = nextId('SO');
  return {
    salesOrderId: id, orderRef: id, confirmedAt: new Date().toISOString(),
    lines: [{ lineId: `${id}-1`, lineRef: '1', productId: P, warehouseId: A, quantity: '1', uom: 'Units', route: 'stock', deliveryDate: '2026-06-01' }],
  };
};
const draft = (): PayloadOf<typeof draftOrderConfirmed> => {
  const id = nextId('D');
  return {
    draftOrderId: id, type: 'purchase', topUpKey: `purchase:${id}`, warehouseId: A, state: 'confirmed', version: 2, vendorId: 'V1',
    lines: [{ lineId: `${id}-1`, productId: P, quantity: '1', uom: 'Units', plannedDate: '2026-07-01', origins: [] }],
  };
};

const plannedMove = (): PayloadOf<typeof plannedMoveAnnounced> => ({
  sourceSystem: 'bad-wms', externalRef: nextId('ASN'), kind: 'receipt', productId: PLANNED, warehouseId: A, quantity: '1', uom: 'Units', date: '2026-08-01',
});
const placedOrder = (sourceSystem: string) => ({
  sourceSystem, orderRef: nextId('PO'), status: 'confirmed' as const, warehouseId: A,
  lines: [{ productId: PLACED, quantity: '1', uom: 'Units', plannedDate: '2026-08-01', components: [{ productId: PLANNED, quantity: '1', uom: 'Units' }] }],
});

interface Input {
  target: CorpusTarget;
  /** How many valid messages of this topic are applied, as inventory answers it. */
  applied: () => Promise<number>;
}

const inputs: Record<string, Input> = {
  [topics.stockMoves]: {
    target: {
      topic: topics.stockMoves, valid: () => envelope(stockMoveDone, move()), keyOf: keyOf(stockMoveDone),
      decimals: [{ path: ['quantity'], sign: 'positive' }],
      required: [['moveId'], ['productId'], ['uom']],
      references: [
        { name: 'unknown product', path: ['productId'], value: `NOPE-${rid}`, reason: /unknown product NOPE-/ },
        { name: 'unknown warehouse', path: ['toLocation'], value: `NOWH${rid}/Stock`, reason: /unknown location NOWH/ },
        { name: 'unknown unit', path: ['uom'], value: 'parsec', reason: /UoM parsec is not a UoM of product/ },
      ],
    },
    applied: async () => Number((await http(base, 'GET', `/stock/on-hand?productId=${P}&warehouseId=${A}`)).body.onHand),
  },
  // The payloads of issue 19 on their topics (planned moves share warehouse.stock-moves with done moves).
  [`${topics.stockMoves} (planned moves)`]: {
    target: {
      topic: topics.stockMoves, valid: () => envelope(plannedMoveAnnounced, plannedMove()), keyOf: keyOf(plannedMoveAnnounced),
      decimals: [{ path: ['quantity'], sign: 'positive' }],
      dates: [['date']],
      required: [['sourceSystem'], ['externalRef'], ['productId'], ['warehouseId']],
      references: [
        { name: 'unknown product', path: ['productId'], value: `NOPE-${rid}`, reason: /unknown product NOPE-/ },
        { name: 'unknown unit', path: ['uom'], value: 'parsec', reason: /UoM parsec is not a UoM of product/ },
        { name: 'unknown kind', path: ['kind'], value: 'teleport', reason: /payload: kind: / },
      ],
    },
    applied: async () => (await forecast(PLANNED)).plannedMoves.filter((m: { sourceSystem: string }) => m.sourceSystem === 'bad-wms').length,
  },
  [topics.manufacturingOrders]: {
    target: {
      topic: topics.manufacturingOrders, valid: () => envelope(manufacturingOrderPlaced, placedOrder('bad-mes')), keyOf: keyOf(manufacturingOrderPlaced),
      decimals: [{ path: ['lines', 0, 'quantity'], sign: 'positive' }, { path: ['lines', 0, 'components', 0, 'quantity'], sign: 'positive' }],
      dates: [['lines', 0, 'plannedDate']],
      required: [['orderRef'], ['status'], ['lines']],
      references: [
        { name: 'unknown product', path: ['lines', 0, 'productId'], value: `NOPE-${rid}`, reason: /unknown product NOPE-/ },
        { name: 'unknown component', path: ['lines', 0, 'components', 0, 'productId'], value: `NOPE-${rid}`, reason: /unknown product NOPE-/ },
      ],
    },
    applied: async () => total((await forecast(PLACED)).incoming),
  },
  [topics.purchasingOrders]: {
    target: {
      topic: topics.purchasingOrders, valid: () => envelope(purchaseOrderPlaced, { ...placedOrder('bad-erp'), lines: [{ productId: PLANNED, quantity: '1', uom: 'Units', plannedDate: '2026-08-02' }] }),
      keyOf: keyOf(purchaseOrderPlaced),
      decimals: [{ path: ['lines', 0, 'quantity'], sign: 'positive' }],
      dates: [['lines', 0, 'plannedDate']],
      references: [{ name: 'unit of another category', path: ['lines', 0, 'uom'], value: 'kg', reason: /UoM kg is not a UoM of product/ }],
    },
    applied: async () => (await forecast(PLANNED)).plannedMoves.filter((m: { sourceSystem: string }) => m.sourceSystem === 'bad-erp').length,
  },
  [topics.products]: {
    target: {
      topic: topics.products, valid: () => envelope(productUpserted, unitProduct(nextId('BP'))), keyOf: keyOf(productUpserted),
      decimals: [{ path: ['stockUom', 'rounding'], sign: 'positive' }],
      required: [['productId'], ['stockUom']],
    },
    // Products named BP-<rid>-<n>: the valid ones are known once GET /stock/on-hand answers for them.
    applied: async () => {
      let n = 0;
      for (const id of validProducts) if ((await http(base, 'GET', `/stock/on-hand?productId=${id}`)).status === 200) n++;
      return n;
    },
  },
  [topics.salesOrderEvents]: {
    target: {
      topic: topics.salesOrderEvents, valid: () => envelope(salesOrderConfirmed, salesOrder()), keyOf: keyOf(salesOrderConfirmed),
      decimals: [{ path: ['lines', 0, 'quantity'], sign: 'positive' }],
      required: [['salesOrderId'], ['lines']],
    },
    applied: async () => total((await forecast(P)).outgoing),
  },
  [topics.draftOrders]: {
    target: {
      topic: topics.draftOrders, valid: () => envelope(draftOrderConfirmed, draft()), keyOf: keyOf(draftOrderConfirmed),
      decimals: [{ path: ['lines', 0, 'quantity'], sign: 'non-negative' }],
      required: [['draftOrderId'], ['lines']],
    },
    applied: async () => total((await forecast(P)).incoming),
  },
};
const validProducts: string[] = [];

beforeAll(async () => {
  db = await createDatabase('inventory_bad_input');
  ({ app, base, group } = await startInventory(db.url));
  await probe.start([topics.warehouses]);
  await run.start([...new Set(Object.values(inputs).map((i) => i.target.topic))]);
  for (const p of [P, PLANNED, PLACED]) await probe.publish(productUpserted, unitProduct(p));
  await waitFor(async () => (await http(base, 'GET', `/stock/on-hand?productId=${PLACED}`)).status === 200, { description: 'products known' });
  expect((await http(base, 'POST', '/warehouses', { code: A, timeZone: 'Europe/Paris' })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await run.stop();
  await probe.stop();
  await app?.close();
  await db?.drop();
});

describe('bad input on every topic inventory consumes', () => {
  it.each(Object.keys(inputs))('%s: every bad message is dead-lettered with its reason, every valid one around them applied', async (input) => {
    const { target, applied } = inputs[input]!;
    const topic = target.topic;
    const bad = badInputs(target);
    const valid = (): WireEnvelope => {
      const e = target.valid();
      if (topic === topics.products) validProducts.push((e.payload as { productId: string }).productId);
      return e;
    };
    const sent = await run.sendInterleaved(bad, valid);
    await waitFor(async () => (await applied()) === sent, { description: `the ${sent} valid messages on ${topic} applied`, timeoutMs: 60_000 });
    await waitFor(() => run.missing(bad, group).length === 0, { description: `dead letters of the ${bad.length} bad messages on ${topic}`, timeoutMs: 60_000 });
    expect(run.wrongReasons(bad, group)).toEqual([]);
  }, 150_000);
});
