/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read JSON bodies loosely */
// Supply and demand Replenish did not raise (issue 19, decision inventory-004), against real PostgreSQL and Kafka:
// planned moves of warehouse systems (events and REST), their settlement by done moves, orders placed without a draft,
// late receipts and over-receipts, dead letters, and a replay that changes nothing.
import type { INestApplication } from '@nestjs/common';
import {
  deadLetterTopic, manufacturingOrderPlaced, plannedMoveAnnounced, plannedMoveCancelled, productUpserted, purchaseOrderPlaced, stockMoveDone, topics,
  transferOrderPlaced, type PayloadOf,
} from '@replenish/contracts';
import { setGroupOffsets, type GroupOffsets } from '@replenish/test-infra';
import { Kafka, logLevel } from 'kafkajs';
import { INVENTORY_TOPICS, KAFKA_BROKERS, KafkaProbe, createDatabase, http, runId, startInventory, unitProduct, waitFor } from './support.js';

const rid = runId();
const RID = rid.toUpperCase();
const A = `XA${RID}`;
const B = `XB${RID}`;
const WMS = `wms-${rid}`;
const ERP = `erp-${rid}`;
let seq = 0;
const nextId = (prefix: string) => `${prefix}-${rid}-${++seq}`;
const product = (tag: string) => `X${tag}-${rid}`;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const today = new Date().toISOString().slice(0, 10);
const soon = addDays(today, 10);

let db: Awaited<ReturnType<typeof createDatabase>>;
let app: INestApplication;
let base: string;
let group: string;
let starts: GroupOffsets;
const probe = new KafkaProbe();

type Announced = PayloadOf<typeof plannedMoveAnnounced>;
const announce = (over: Partial<Announced> & Pick<Announced, 'productId' | 'externalRef'>): Announced => ({
  sourceSystem: WMS, kind: 'receipt', warehouseId: A, quantity: '40', uom: 'Units', date: soon, ...over,
});
const receipt = (productId: string, quantity: string, reference?: PayloadOf<typeof stockMoveDone>['reference'], wh = A): PayloadOf<typeof stockMoveDone> => ({
  moveId: nextId('M'), kind: 'receipt', productId, quantity, uom: 'Units', fromLocation: 'virtual/vendor', toLocation: `${wh}/Stock`,
  doneAt: new Date().toISOString(), ...(reference ? { reference } : {}),
});
const forecast = async (productId: string, warehouseId = A) =>
  (await http(base, 'GET', `/stock/forecast?productId=${productId}&warehouseId=${warehouseId}&from=${addDays(today, -30)}&to=${addDays(today, 60)}`)).body;
const forecastWhere = (productId: string, check: (f: any) => boolean, what: string, warehouseId = A) =>
  waitFor(async () => { const f = await forecast(productId, warehouseId); return check(f) ? f : undefined; }, { description: what, timeoutMs: 60_000 });
const sumOf = (list: { quantity: string }[]) => list.reduce((s, d) => s + Number(d.quantity), 0);
const deadLetters = (text: string) =>
  probe.received.filter((r) => r.topic.endsWith('.dlq') && r.headers['dlq-consumer-group'] === group && r.value.includes(text));
const waitDead = (text: string, what: string) => waitFor(() => { const d = deadLetters(text); return d.length > 0 ? d[0] : undefined; }, { description: what, timeoutMs: 60_000 });
const positionsOf = (productId: string) => probe.events('stock-position.changed', (p) => p.productId === productId);

async function topicEnds(): Promise<GroupOffsets> {
  const admin = new Kafka({ clientId: `inv-x-${rid}`, brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return new Map(await Promise.all(INVENTORY_TOPICS.map(async (t) => [t, (await admin.fetchTopicOffsets(t)).map((p) => ({ partition: p.partition, offset: p.high }))] as const)));
  } finally {
    await admin.disconnect();
  }
}

const P1 = product('P1'); // planned receipt, partial and over-receipt
const P2 = product('P2'); // update and cancellation
const P3 = product('P3'); // internal moves
const P4 = product('P4'); // orders placed without a draft
const C4 = product('C4'); // component of P4's manufacturing order
const P5 = product('P5'); // late receipt
const P6 = product('P6'); // REST

beforeAll(async () => {
  db = await createDatabase('inventory_x');
  starts = await topicEnds();
  ({ app, base, group } = await startInventory(db.url));
  await probe.start([topics.stockPositions, ...[topics.stockMoves, topics.purchasingOrders, topics.manufacturingOrders, topics.transferOrders].map(deadLetterTopic)]);
  for (const p of [P1, P2, P3, P4, C4, P5, P6]) await probe.publish(productUpserted, unitProduct(p));
  await waitFor(async () => (await http(base, 'GET', `/stock/on-hand?productId=${P6}`)).status === 200, { description: 'products known', timeoutMs: 60_000 });
  for (const code of [A, B]) expect((await http(base, 'POST', '/warehouses', { code, timeZone: 'UTC' })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await probe.stop();
  await app?.close();
  await db?.drop();
});

describe('planned moves of warehouse systems', () => {
  it('a planned receipt counts as incoming on its date, listed with its source system and reference; a partial receipt leaves the rest; an over-receipt is booked and reported', async () => {
    await probe.publish(plannedMoveAnnounced, announce({ productId: P1, externalRef: 'ASN-1' }));
    const f1 = await forecastWhere(P1, (f) => sumOf(f.incoming) === 40, 'the planned receipt of 40');
    expect(f1.incoming).toEqual([{ date: soon, quantity: '40' }]);
    expect(f1.plannedMoves).toEqual([expect.objectContaining({
      direction: 'in', referenceType: 'planned-move', reference: 'ASN-1', sourceSystem: WMS, date: soon, planned: '40', done: '0', remaining: '40', late: false, counted: true,
    })]);
    await waitFor(() => positionsOf(P1).find((p) => sumOf(p.payload.incoming as any) === 40), { description: 'a position with the receipt', timeoutMs: 60_000 });

    const ref = { type: 'planned-move' as const, id: 'ASN-1', sourceSystem: WMS };
    const partial = receipt(P1, '25', ref);
    await probe.publish(stockMoveDone, partial);
    const f2 = await forecastWhere(P1, (f) => f.onHand === '25', 'the partial receipt of 25');
    expect(f2.incoming).toEqual([{ date: soon, quantity: '15' }]);
    expect(f2.plannedMoves[0]).toMatchObject({ planned: '40', done: '25', remaining: '15' });
    // The ledger shows the reference as sent; the same move posted again is a repeat that changes nothing.
    const repeat = await http(base, 'POST', '/stock/moves', partial);
    expect(repeat).toMatchObject({ status: 200, body: { moveId: partial.moveId, reference: ref } });

    await probe.publish(stockMoveDone, receipt(P1, '20', ref));
    const f3 = await forecastWhere(P1, (f) => f.onHand === '45', 'the over-receipt booked whole');
    expect(f3.incoming).toEqual([]);
    const ex = (await http(base, 'GET', `/stock/supply-exceptions?productId=${P1}`)).body;
    expect(ex.items).toEqual([expect.objectContaining({ kind: 'over-received', productId: P1, warehouseId: A, quantity: '5', reference: 'ASN-1', sourceSystem: WMS })]);
  }, 120_000);

  it('announced again, a planned move takes its new date and quantity; cancelled, it stops counting', async () => {
    await probe.publish(plannedMoveAnnounced, announce({ productId: P2, externalRef: 'ASN-2', quantity: '30' }));
    await forecastWhere(P2, (f) => sumOf(f.incoming) === 30, 'the planned receipt of 30');
    const later = addDays(soon, 5);
    await probe.publish(plannedMoveAnnounced, announce({ productId: P2, externalRef: 'ASN-2', quantity: '12', date: later }));
    const f = await forecastWhere(P2, (x) => sumOf(x.incoming) === 12, 'the changed receipt');
    expect(f.incoming).toEqual([{ date: later, quantity: '12' }]);
    await probe.publish(plannedMoveCancelled, { sourceSystem: WMS, externalRef: 'ASN-2', productId: P2 });
    const g = await forecastWhere(P2, (x) => x.incoming.length === 0, 'the cancelled receipt');
    expect(g.plannedMoves).toEqual([]);
  }, 120_000);

  it('an internal consumption is outgoing at its warehouse on its date; a shipment to another site is also incoming there; a done move settles both legs', async () => {
    const day = addDays(today, 3);
    await probe.publish(plannedMoveAnnounced, announce({ productId: P3, externalRef: 'PICK-1', kind: 'internal', quantity: '6', date: day }));
    await probe.publish(plannedMoveAnnounced, announce({ productId: P3, externalRef: 'SHIP-1', kind: 'internal', quantity: '4', date: day, toWarehouseId: B }));
    const fa = await forecastWhere(P3, (f) => sumOf(f.outgoing) === 10, 'both outgoing at A');
    expect(fa.outgoing).toEqual([{ date: day, quantity: '10' }]);
    const fb = await forecastWhere(P3, (f) => sumOf(f.incoming) === 4, 'the shipment incoming at B', B);
    expect(fb.plannedMoves).toEqual([expect.objectContaining({ direction: 'in', reference: 'SHIP-1', sourceSystem: WMS })]);

    await probe.publish(stockMoveDone, receipt(P3, '20'));
    await probe.publish(stockMoveDone, {
      moveId: nextId('M'), kind: 'internal', productId: P3, quantity: '4', uom: 'Units', fromLocation: `${A}/Stock`, toLocation: 'virtual/transit',
      doneAt: new Date().toISOString(), reference: { type: 'planned-move', id: 'SHIP-1', sourceSystem: WMS },
    });
    await forecastWhere(P3, (f) => f.onHand === '16' && sumOf(f.outgoing) === 6, 'the shipment left A');
  }, 120_000);
});

describe('orders placed without a draft', () => {
  it('a purchase order counts as incoming, changes with it, and its cancellation withdraws it', async () => {
    const po = { sourceSystem: ERP, orderRef: 'PO-1', status: 'confirmed' as const, warehouseId: A, vendorId: 'V-1', lines: [{ productId: P4, quantity: '2', uom: 'Dozens', plannedDate: soon }] };
    await probe.publish(purchaseOrderPlaced, po);
    const f = await forecastWhere(P4, (x) => sumOf(x.incoming) === 24, 'the purchase order incoming, in the stock UoM');
    expect(f.plannedMoves).toEqual([expect.objectContaining({ referenceType: 'external-order', reference: 'PO-1', sourceSystem: ERP, planned: '24' })]);
    await probe.publish(purchaseOrderPlaced, { ...po, lines: [{ ...po.lines[0]!, quantity: '30', uom: 'Units' }] });
    await forecastWhere(P4, (x) => sumOf(x.incoming) === 30, 'the changed purchase order');
    await probe.publish(purchaseOrderPlaced, { ...po, status: 'cancelled' });
    await forecastWhere(P4, (x) => x.incoming.length === 0, 'the cancelled purchase order');
  }, 120_000);

  it('a manufacturing order is incoming and its components outgoing on its start; a transfer is outgoing at its source', async () => {
    const start = addDays(today, 4);
    await probe.publish(manufacturingOrderPlaced, {
      sourceSystem: ERP, orderRef: 'MO-1', status: 'confirmed', warehouseId: A, startDate: start,
      lines: [{ productId: P4, quantity: '5', uom: 'Units', plannedDate: soon, components: [{ productId: C4, quantity: '15', uom: 'Units' }] }],
    });
    await forecastWhere(P4, (x) => sumOf(x.incoming) === 5, 'the manufacturing order incoming');
    const c = await forecastWhere(C4, (x) => sumOf(x.outgoing) === 15, 'its component outgoing');
    expect(c.outgoing).toEqual([{ date: start, quantity: '15' }]);
    await probe.publish(transferOrderPlaced, {
      sourceSystem: ERP, orderRef: 'TR-1', status: 'confirmed', warehouseId: B, sourceWarehouseId: A, lines: [{ productId: C4, quantity: '3', uom: 'Units', plannedDate: soon }],
    });
    await forecastWhere(C4, (x) => sumOf(x.outgoing) === 18, 'the transfer outgoing at its source');
    await forecastWhere(C4, (x) => sumOf(x.incoming) === 3, 'the transfer incoming at its warehouse', B);
  }, 120_000);
});

describe('late receipts', () => {
  it('a receipt past its date is reported as late and, by default, still counted', async () => {
    const past = addDays(today, -3);
    await probe.publish(plannedMoveAnnounced, announce({ productId: P5, externalRef: 'ASN-OLD', quantity: '8', date: past }));
    await forecastWhere(P5, (f) => sumOf(f.incoming) === 8, 'the late receipt still counted');
    const ex = (await http(base, 'GET', `/stock/supply-exceptions?productId=${P5}&kind=late`)).body;
    expect(ex.lateSupply).toBe('count');
    expect(ex.items).toEqual([expect.objectContaining({ kind: 'late', quantity: '8', date: past, reference: 'ASN-OLD', sourceSystem: WMS, late: true, counted: true })]);
  }, 60_000);
});

describe('dead letters', () => {
  it('a negative quantity, an unknown product, the settlement or cancellation of a planned move never announced: dead-lettered with the reason', async () => {
    await probe.publishRaw(topics.stockMoves, P1, JSON.stringify({
      id: crypto.randomUUID(), type: plannedMoveAnnounced.type, schemaVersion: 1, occurredAt: new Date().toISOString(), key: P1, source: 'test',
      correlationId: crypto.randomUUID(), causationId: null, payload: announce({ productId: P1, externalRef: 'NEG-1', quantity: '-4' }),
    }));
    const unknownProduct = announce({ productId: `NOPE-${rid}`, externalRef: 'ASN-NOPE' });
    await probe.publish(plannedMoveAnnounced, unknownProduct);
    const orphan = receipt(P1, '3', { type: 'planned-move', id: 'ASN-NEVER', sourceSystem: WMS });
    await probe.publish(stockMoveDone, orphan);
    await probe.publish(plannedMoveCancelled, { sourceSystem: WMS, externalRef: 'ASN-NEVER', productId: P1 });

    expect((await waitDead('NEG-1', 'negative')).headers['dlq-reason']).toMatch(/quantity: must be greater than zero/);
    expect((await waitDead('ASN-NOPE', 'unknown product')).headers['dlq-reason']).toMatch(/unknown product NOPE/);
    expect((await waitDead(orphan.moveId, 'unknown settlement')).headers['dlq-reason']).toMatch(/settles planned move ASN-NEVER .* never announced/);
    const cancelled = await waitFor(() => deadLetters('ASN-NEVER').find((d) => d.value.includes(plannedMoveCancelled.type)), { description: 'unknown cancellation', timeoutMs: 60_000 });
    expect(cancelled.headers['dlq-reason']).toMatch(/cancels planned move ASN-NEVER .* never announced/);
    expect((await forecast(P1)).onHand).toBe('45'); // the orphan receipt was not booked
  }, 120_000);
});

describe('POST /stock/planned-moves/batch', () => {
  it('announces, changes and cancels planned moves, refusing bad items one by one with field and reason', async () => {
    const r = await http(base, 'POST', '/stock/planned-moves/batch', { plannedMoves: [
      { action: 'announce', ...announce({ productId: P6, externalRef: 'R-1', quantity: '7' }) },
      { action: 'announce', ...announce({ productId: P6, externalRef: 'R-2', kind: 'delivery', quantity: '2' }) },
      { action: 'announce', ...announce({ productId: `NOPE-${rid}`, externalRef: 'R-3' }) },
      { action: 'announce', ...announce({ productId: P6, externalRef: 'R-4', quantity: '-1' }) },
      { action: 'cancel', sourceSystem: WMS, externalRef: 'R-NEVER', productId: P6 },
      { action: 'move', externalRef: 'R-5' },
    ] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ applied: 2, refused: 4 });
    expect(r.body.results.map((x: any) => [x.index, x.status, x.errors?.[0]?.field])).toEqual([
      [0, 'applied', undefined], [1, 'applied', undefined], [2, 'refused', 'productId'], [3, 'refused', 'quantity'], [4, 'refused', 'externalRef'], [5, 'refused', 'action'],
    ]);
    const f = await forecast(P6);
    expect([sumOf(f.incoming), sumOf(f.outgoing)]).toEqual([7, 2]);

    const again = await http(base, 'POST', '/stock/planned-moves/batch', { plannedMoves: [
      { action: 'announce', ...announce({ productId: P6, externalRef: 'R-1', quantity: '9' }) },
      { action: 'cancel', sourceSystem: WMS, externalRef: 'R-2', productId: P6 },
    ] });
    expect(again.body).toMatchObject({ applied: 2, refused: 0 });
    const g = await forecast(P6);
    expect([sumOf(g.incoming), sumOf(g.outgoing)]).toEqual([9, 0]);

    // Two receipts that together take a date's planned incoming past the quantity bound: only the second is refused.
    const big = '999999999999999';
    const bound = await http(base, 'POST', '/stock/planned-moves/batch', { plannedMoves: [
      { action: 'announce', ...announce({ productId: P6, externalRef: 'BIG-1', quantity: big, date: addDays(soon, 7) }) },
      { action: 'announce', ...announce({ productId: P6, externalRef: 'BIG-2', quantity: big, date: addDays(soon, 7) }) },
    ] });
    expect(bound.body).toMatchObject({ applied: 1, refused: 1, results: [{ status: 'applied' }, { status: 'refused', errors: [{ reason: expect.stringMatching(/planned incoming .* past the quantity bound/) }] }] });
    expect((await forecast(P6)).incoming).toContainEqual({ date: addDays(soon, 7), quantity: big });

    const empty = await http(base, 'POST', '/stock/planned-moves/batch', { plannedMoves: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('plannedMoves');
  }, 60_000);
});

describe('replay', () => {
  it('from the start of this run, every event again changes nothing', async () => {
    const products = [P1, P2, P3, P4, C4, P5];
    const before = await Promise.all(products.map((p) => forecast(p)));
    const beforeB = await Promise.all([P3, C4].map((p) => forecast(p, B)));
    await app.close();
    await setGroupOffsets(KAFKA_BROKERS.split(','), group, starts);
    const published = probe.received.length;
    ({ app, base } = await startInventory(db.url, { group }));
    // Caught up once a marker sent after the replay is planned.
    await probe.publish(plannedMoveAnnounced, announce({ productId: P6, externalRef: 'MARK', quantity: '1' }));
    await forecastWhere(P6, (f) => f.plannedMoves.some((m: any) => m.reference === 'MARK'), 'the marker after the replay');
    const strip = (f: any) => ({ ...f, days: undefined, from: undefined, to: undefined });
    expect((await Promise.all(products.map((p) => forecast(p)))).map(strip)).toEqual(before.map(strip));
    expect((await Promise.all([P3, C4].map((p) => forecast(p, B)))).map(strip)).toEqual(beforeB.map(strip));
    // Nothing was republished for them: the inbox skipped every replayed event.
    expect(probe.received.slice(published).filter((r) => r.envelope?.type === 'stock-position.changed' && products.includes(r.envelope.payload.productId as string))).toEqual([]);
  }, 180_000);
});

describe('INVENTORY_LATE_SUPPLY=ignore', () => {
  let db2: Awaited<ReturnType<typeof createDatabase>>;
  let app2: INestApplication;
  let base2: string;
  afterAll(async () => {
    await app2?.close();
    await db2?.drop();
  });

  it('a receipt past its date stops counting, is reported as not counted, and counts again once announced with a new date', async () => {
    db2 = await createDatabase('inventory_xl');
    ({ app: app2, base: base2 } = await startInventory(db2.url, { env: { INVENTORY_LATE_SUPPLY: 'ignore', INVENTORY_LATE_SUPPLY_CHECK_SECONDS: '1' } }));
    const p = product('L');
    await probe.publish(productUpserted, unitProduct(p));
    await waitFor(async () => (await http(base2, 'GET', `/stock/on-hand?productId=${p}`)).status === 200, { description: 'product known', timeoutMs: 60_000 });
    expect((await http(base2, 'POST', '/warehouses', { code: A, timeZone: 'UTC' })).status).toBe(201);
    const f2 = (q = '') => http(base2, 'GET', `/stock/forecast?productId=${p}&warehouseId=${A}${q}`).then((r) => r.body);
    await probe.publish(plannedMoveAnnounced, announce({ productId: p, externalRef: 'ASN-L', quantity: '8', date: addDays(today, -2) }));
    const late = await waitFor(async () => { const f = await f2(); return f.plannedMoves?.length === 1 ? f : undefined; }, { description: 'the late receipt known', timeoutMs: 60_000 });
    expect(late.incoming).toEqual([]);
    expect(late.plannedMoves[0]).toMatchObject({ late: true, counted: false, remaining: '8' });
    const ex = (await http(base2, 'GET', `/stock/supply-exceptions?productId=${p}`)).body;
    expect(ex).toMatchObject({ lateSupply: 'ignore', items: [expect.objectContaining({ kind: 'late', counted: false })] });
    // The position says what it left out, so that planning's explanation can name it (stock-position.changed v1, optional).
    // (The suite's other inventory, counting late receipts, publishes positions of p too: never with lateSupplyNotCounted.)
    const leftOut = (what: string) => positionsOf(p).filter((e) => e.payload.lateSupplyNotCounted !== undefined && JSON.stringify(e.payload.lateSupplyNotCounted).includes(what));
    const first = await waitFor(() => leftOut('"8"')[0], { description: 'the position naming the late receipt it left out', timeoutMs: 60_000 });
    expect(first.payload).toMatchObject({ incoming: [], lateSupplyNotCounted: { quantity: '8', since: addDays(today, -2) } });

    await probe.publish(plannedMoveAnnounced, announce({ productId: p, externalRef: 'ASN-L', quantity: '8', date: soon }));
    await waitFor(async () => sumOf((await f2()).incoming ?? []) === 8, { description: 'counted again at its new date', timeoutMs: 60_000 });

    // Another stays late; back to INVENTORY_LATE_SUPPLY=count, it counts again.
    await probe.publish(plannedMoveAnnounced, announce({ productId: p, externalRef: 'ASN-L2', quantity: '3', date: addDays(today, -1) }));
    await waitFor(async () => (await f2()).plannedMoves?.some((m: any) => m.reference === 'ASN-L2' && !m.counted), { description: 'ASN-L2 late, not counted', timeoutMs: 60_000 });
    // Only ASN-L2 is named now: ASN-L counts again at its new date.
    const second = await waitFor(() => leftOut('"3"')[0], { description: 'the position naming ASN-L2 only', timeoutMs: 60_000 });
    expect(second.payload).toMatchObject({ incoming: [{ date: soon, quantity: '8' }], lateSupplyNotCounted: { quantity: '3', since: addDays(today, -1) } });
    await app2.close();
    ({ app: app2, base: base2 } = await startInventory(db2.url, { env: { INVENTORY_LATE_SUPPLY: 'count' } }));
    const counted = await f2();
    expect(counted.plannedMoves.find((m: any) => m.reference === 'ASN-L2')).toMatchObject({ late: true, counted: true });
    expect(sumOf(counted.incoming)).toBe(11);
  }, 120_000);
});
