import type { INestApplication } from '@nestjs/common';
import {
  createEnvelope, deadLetterTopic, draftOrderCancelled, draftOrderConfirmed, productUpserted, salesOrderCancelled, salesOrderConfirmed, salesOrderLineChanged,
  stockMoveDone, topics, type PayloadOf,
} from '@replenish/contracts';
import { Decimal } from '../src/shared/quantities.js';
import { KafkaProbe, createDatabase, http, kgProduct, runId, startInventory, unitProduct, waitFor } from './support.js';

// One service instance and one fresh database for the whole file. Ids carry a run id so that messages left on
// the shared topics by earlier runs can never match this run's products.
const rid = runId();
const P = `P-${rid}`; // Units / Dozens
const F = `F-${rid}`; // kg / g
const LATE = `LATE-${rid}`; // product published only after its moves
const A = `A${rid.toUpperCase()}`;
const B = `B${rid.toUpperCase()}`;
const SHELF = `${A}/Stock/Shelf 1`;
let seq = 0;
const nextId = (prefix: string) => `${prefix}-${rid}-${++seq}`;

let db: Awaited<ReturnType<typeof createDatabase>>;
let app: INestApplication;
let base: string;
let group: string;
const probe = new KafkaProbe();

type Move = PayloadOf<typeof stockMoveDone>;
const move = (over: Partial<Move>): Move => ({
  moveId: nextId('M'), kind: 'receipt', productId: P, quantity: '1', uom: 'Units', fromLocation: 'virtual/vendor', toLocation: `${A}/Stock`,
  doneAt: new Date().toISOString(), ...over,
});

const onHand = async (productId: string, query = `&warehouseId=${A}`) => (await http(base, 'GET', `/stock/on-hand?productId=${productId}${query}`)).body;
const forecast = async (productId: string, warehouseId = A) =>
  (await http(base, 'GET', `/stock/forecast?productId=${productId}&warehouseId=${warehouseId}&from=2026-01-01&to=2026-12-31`)).body;
const positions = (productId: string, warehouseId = A) =>
  probe.events('stock-position.changed', (p) => p.productId === productId && p.warehouseId === warehouseId).map((e) => e.payload as Record<string, unknown> & { sequence: number });
const lastPosition = (productId: string, warehouseId = A) => positions(productId, warehouseId).at(-1);
// Only this run's dead letters: other consumers of the shared Kafka may dead-letter the same messages.
const deadLetters = (text: string) =>
  probe.received.filter((r) => r.topic === deadLetterTopic(topics.stockMoves) && r.headers['dlq-consumer-group'] === group && r.value.includes(text));
const waitDead = (text: string, what: string) => waitFor(() => { const d = deadLetters(text); return d.length > 0 ? d : undefined; }, { description: what });

beforeAll(async () => {
  db = await createDatabase('inventory_it');
  ({ app, base, group } = await startInventory(db.url));
  await probe.start([topics.stockPositions, topics.warehouses, deadLetterTopic(topics.stockMoves), deadLetterTopic(topics.salesOrderEvents)]);
  await probe.publish(productUpserted, unitProduct(P));
  await probe.publish(productUpserted, kgProduct(F));
  await waitFor(async () => (await http(base, 'GET', `/stock/on-hand?productId=${F}`)).status === 200, { description: 'products known' });
  for (const [code, tz] of [[A, 'Europe/Paris'], [B, 'America/New_York']]) {
    expect((await http(base, 'POST', '/warehouses', { code, timeZone: tz })).status).toBe(201);
  }
  expect((await http(base, 'POST', '/locations', { parent: `${A}/Stock`, name: 'Shelf 1' })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await probe.stop();
  await app?.close();
  await db?.drop();
});

describe('warehouses and locations (REST)', () => {
  it('creates <CODE>/Stock, child locations, and refuses bad input naming the field', async () => {
    const w = await http(base, 'GET', `/warehouses/${A}`);
    expect(w.body.stockLocation).toBe(`${A}/Stock`);
    expect(w.body.locations.map((l: { code: string; isStock: boolean }) => [l.code, l.isStock])).toEqual([[A, false], [`${A}/Stock`, true], [SHELF, true]]);
    const input = await http(base, 'POST', '/locations', { parent: A, name: 'Input' });
    expect(input.body).toMatchObject({ code: `${A}/Input`, isStock: false });
    expect((await http(base, 'POST', '/warehouses', { code: A, timeZone: 'UTC' })).status).toBe(409);
    const badTz = await http(base, 'POST', '/warehouses', { code: 'ZZ', timeZone: 'Mars/Olympus' });
    expect(badTz.status).toBe(400);
    expect(badTz.body.errors[0].field).toBe('timeZone');
    const badCode = await http(base, 'POST', '/warehouses', { code: 'lower case', timeZone: 'UTC' });
    expect(badCode.body.errors[0].field).toBe('code');
    expect((await http(base, 'POST', '/locations', { parent: 'virtual/vendor', name: 'X' })).body.errors[0].field).toBe('parent');
    expect((await http(base, 'POST', '/locations', { parent: 'NOPE/Stock', name: 'X' })).status).toBe(404);
    const virtual = await http(base, 'GET', '/locations');
    expect(virtual.body.map((l: { code: string }) => l.code)).toEqual(expect.arrayContaining([
      'virtual/vendor', 'virtual/customer', 'virtual/transit', 'virtual/production', 'virtual/inventory-adjustment', 'virtual/scrap',
    ]));
  });
});

describe('warehouses are inventory\'s', () => {
  it('a created warehouse is announced once, as warehouse.created with its id, code, name and time zone', async () => {
    const created = await waitFor(() => { const e = probe.events('warehouse.created', (p) => p.warehouseId === A); return e.length > 0 && e; }, { description: 'warehouse.created' });
    expect(created.map((e) => e.payload)).toEqual([{ warehouseId: A, code: A, name: A, timeZone: 'Europe/Paris' }]);
    expect(created[0]!.key).toBe(A);
  });

  it('answers 404 naming warehouseId for a warehouse it does not have: forecast, on hand, moves and locations', async () => {
    const wh9 = `WH9${rid.toUpperCase()}`;
    for (const path of [
      `/stock/forecast?productId=${P}&warehouseId=${wh9}`, `/stock/on-hand?productId=${P}&warehouseId=${wh9}`,
      `/stock/moves?warehouseId=${wh9}`, `/locations?warehouseId=${wh9}`,
    ]) {
      const r = await http(base, 'GET', path);
      expect([path, r.status, r.body.errors]).toEqual([path, 404, [{ field: 'warehouseId', reason: expect.stringContaining(wh9) }]]);
    }
  });
});

describe('stock moves', () => {
  it('a receipt in another UoM of the category is converted into the stock UoM and published', async () => {
    await probe.publish(stockMoveDone, move({ quantity: '2', uom: 'Dozens', toLocation: SHELF }));
    const body = await waitFor(async () => { const b = await onHand(P); return b.onHand === '24' && b; }, { description: 'on hand 24' });
    expect(body.locations).toEqual([{ location: SHELF, warehouseId: A, quantity: '24', negative: false }]);
    const pos = await waitFor(() => lastPosition(P)?.onHand === '24' && lastPosition(P), { description: 'position event' });
    expect(pos).toMatchObject({ uom: 'Units', incoming: [], outgoing: [] });
  });

  it('the same move delivered twice (same event, then a new event with the same moveId) books once', async () => {
    const m = move({ quantity: '5' });
    const env = await probe.publish(stockMoveDone, m);
    await probe.publishEnvelope(topics.stockMoves, env);
    await probe.publish(stockMoveDone, m);
    const marker = move({ quantity: '1' });
    await probe.publish(stockMoveDone, marker);
    await waitFor(async () => (await onHand(P)).onHand === '30', { description: 'on hand 30 (24 + 5 + 1)' });
    const history = await http(base, 'GET', `/stock/moves?productId=${P}&limit=100`);
    expect(history.body.items.filter((i: { moveId: string }) => i.moveId === m.moveId)).toHaveLength(1);
  });

  it('internal moves inside the stock keep the warehouse on hand; scrap and delivery reduce it', async () => {
    await probe.publish(stockMoveDone, move({ kind: 'internal', quantity: '4', fromLocation: SHELF, toLocation: `${A}/Stock` }));
    await probe.publish(stockMoveDone, move({ kind: 'scrap', quantity: '1', fromLocation: `${A}/Stock`, toLocation: 'virtual/scrap' }));
    await probe.publish(stockMoveDone, move({ kind: 'delivery', quantity: '2', fromLocation: SHELF, toLocation: 'virtual/customer' }));
    const body = await waitFor(async () => { const b = await onHand(P); return b.onHand === '27' && b; }, { description: 'on hand 27' });
    expect(body.locations).toEqual([
      { location: `${A}/Stock`, warehouseId: A, quantity: '9', negative: false },
      { location: SHELF, warehouseId: A, quantity: '18', negative: false },
    ]);
    expect((await onHand(P, `&location=${encodeURIComponent(SHELF)}`)).onHand).toBe('18');
    const seqs = positions(P).map((p) => p.sequence);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('negative on hand is allowed but flagged', async () => {
    await probe.publish(stockMoveDone, move({ productId: F, kind: 'delivery', quantity: '1500', uom: 'g', fromLocation: `${A}/Stock`, toLocation: 'virtual/customer' }));
    const body = await waitFor(async () => { const b = await onHand(F); return b.onHand === '-1.5' && b; }, { description: 'F on hand -1.5' });
    expect(body.negative).toBe(true);
    expect(body.locations[0]).toMatchObject({ quantity: '-1.5', negative: true });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/inventory_negative_on_hand_total [1-9]/);
  });

  it('bad moves go to the dead-letter topic with their reason and the next message is still processed', async () => {
    const unknownProduct = move({ productId: LATE, quantity: '3' });
    const unknownLocation = move({ toLocation: `${A}/Stock/Nowhere` });
    const wrongCategory = move({ uom: 'kg' });
    const good = move({ quantity: '3' });
    for (const m of [unknownProduct, unknownLocation, wrongCategory, good]) await probe.publish(stockMoveDone, m);
    await waitFor(async () => (await onHand(P)).onHand === '30', { description: 'the good move after the bad ones' });
    const [p] = await waitDead(unknownProduct.moveId, 'DLQ unknown product');
    expect(p.headers['dlq-reason']).toMatch(/unknown product/);
    const [l] = await waitDead(unknownLocation.moveId, 'DLQ unknown location');
    expect(l.headers['dlq-reason']).toMatch(/unknown location/);
    const [u] = await waitDead(wrongCategory.moveId, 'DLQ UoM category');
    expect(u.headers['dlq-reason']).toMatch(/UoM kg/);

    // Once the product is known, the dead letter replayed onto the topic is booked.
    await probe.publish(productUpserted, unitProduct(LATE));
    await waitFor(async () => (await http(base, 'GET', `/stock/on-hand?productId=${LATE}`)).status === 200, { description: 'LATE known' });
    await probe.publishRaw(topics.stockMoves, p.key ?? LATE, p.value);
    await waitFor(async () => (await onHand(LATE)).onHand === '3', { description: 'replayed move booked' });
  });

  it('a move past the quantity bound, or taking on hand past it, is dead-lettered with the reason; the moves around it are booked', async () => {
    const H = `H-${rid}`;
    await probe.publish(productUpserted, unitProduct(H));
    await waitFor(async () => (await http(base, 'GET', `/stock/on-hand?productId=${H}`)).status === 200, { description: 'H known' });
    const huge = move({ productId: H, quantity: '999999999999999999999999999999999999999', uom: 'Dozens' }); // 39 digits
    const big = move({ productId: H, quantity: '999999999999990' }); // within the bound of 15 digits
    const pastOnHand = move({ productId: H, quantity: '10' }); // 999999999999993 + 10 passes it
    const overDozens = move({ productId: H, quantity: '100000000000000', uom: 'Dozens' }); // 1.2 x 10^15 Units once converted
    const valid = Array.from({ length: 6 }, () => move({ productId: H, quantity: '1' }));
    // The 39-digit move breaks the contract, so it is sent as an upstream system would, unchecked.
    const unchecked = (m: Move) => ({ ...createEnvelope(stockMoveDone, { ...m, quantity: '1' }, { source: 'inventory-integration-test' }), payload: m });
    for (const m of [big, ...valid.slice(0, 3), huge, pastOnHand, overDozens, ...valid.slice(3)]) await probe.publishEnvelope(topics.stockMoves, unchecked(m));
    await waitFor(async () => (await onHand(H)).onHand === '999999999999996', { description: 'the big and the six valid moves booked' });
    const [d] = await waitDead(huge.moveId, 'DLQ of the 39-digit move');
    expect(d.headers['dlq-reason']).toMatch(/quantity: has 39 digits before the decimal point, past the quantity bound of 15/);
    const [o] = await waitDead(pastOnHand.moveId, 'DLQ of the move taking on hand past the bound');
    expect(o.headers['dlq-reason']).toMatch(new RegExp(`booking this move would take onHand of ${H} at .* to \\d+, which has 16 digits`));
    const [c] = await waitDead(overDozens.moveId, 'DLQ of the move past the bound in the stock UoM');
    expect(c.headers['dlq-reason']).toMatch(/converting 100000000000000 Dozens into the stock UoM Units would take the move to 1200000000000000, which has 16 digits/);
    expect(lastPosition(H)?.onHand).toBe('999999999999996');
  });
});

describe('planned moves', () => {
  it('a receipt done before its planned incoming is known: the planned move only counts what remains', async () => {
    const draftOrderId = nextId('D');
    await probe.publish(stockMoveDone, move({ productId: F, quantity: '4', uom: 'kg', reference: { type: 'draft-order', id: draftOrderId } }));
    await waitFor(async () => (await onHand(F)).onHand === '2.5', { description: 'F on hand 2.5' });
    const confirmed = await probe.publish(draftOrderConfirmed, draft(draftOrderId, 'purchase', [{ productId: F, quantity: '10000', uom: 'g', plannedDate: '2026-03-10' }]));
    // Planning matches the position to its draft-order.confirmed by causation id.
    await waitFor(() => probe.events('stock-position.changed', (p) => p.productId === F).some((e) => e.causationId === confirmed.id && e.correlationId === confirmed.correlationId), { description: 'position caused by the draft event' });
    const f = await waitFor(async () => { const b = await forecast(F); return b.incoming.length > 0 && b; }, { description: 'F incoming' });
    expect(f.incoming).toEqual([{ date: '2026-03-10', quantity: '6' }]);
    expect(lastPosition(F)).toMatchObject({ onHand: '2.5', incoming: [{ date: '2026-03-10', quantity: '6' }] });
  });

  it('partial receipts settle the planned incoming until nothing remains', async () => {
    const draftOrderId = nextId('D');
    await probe.publish(draftOrderConfirmed, draft(draftOrderId, 'purchase', [{ productId: P, quantity: '10', uom: 'Units', plannedDate: '2026-04-01' }]));
    await waitFor(async () => (await forecast(P)).incoming.some((i: { date: string }) => i.date === '2026-04-01'), { description: 'incoming 10' });
    await probe.publish(stockMoveDone, move({ quantity: '3', reference: { type: 'draft-order', id: draftOrderId } }));
    await waitFor(async () => JSON.stringify((await forecast(P)).incoming) === JSON.stringify([{ date: '2026-04-01', quantity: '7' }]), { description: 'incoming 7' });
    await probe.publish(stockMoveDone, move({ quantity: '7', reference: { type: 'draft-order', id: draftOrderId } }));
    await waitFor(async () => (await forecast(P)).incoming.length === 0, { description: 'incoming settled' });
    expect((await onHand(P)).onHand).toBe('40');
    expect(lastPosition(P)).toMatchObject({ onHand: '40', incoming: [] });
    // A draft cancelled while still a draft has no planned moves: nothing changes.
    await probe.publish(draftOrderCancelled, { ...draft(nextId('D'), 'purchase', []), state: 'cancelled' });
  });

  it('a transfer draft is incoming at its warehouse and outgoing at the source warehouse', async () => {
    const draftOrderId = nextId('T');
    await probe.publish(draftOrderConfirmed, { ...draft(draftOrderId, 'transfer', [{ productId: P, quantity: '1', uom: 'Dozens', plannedDate: '2026-05-01' }]), sourceWarehouseId: B });
    await waitFor(async () => (await forecast(P, B)).outgoing.length > 0, { description: 'outgoing at B' });
    expect((await forecast(P, B)).outgoing).toEqual([{ date: '2026-05-01', quantity: '12' }]);
    expect((await forecast(P, A)).incoming).toEqual([{ date: '2026-05-01', quantity: '12' }]);
    // The two legs through transit settle each side.
    await probe.publish(stockMoveDone, move({ kind: 'internal', quantity: '12', fromLocation: `${B}/Stock`, toLocation: 'virtual/transit', reference: { type: 'draft-order', id: draftOrderId } }));
    await probe.publish(stockMoveDone, move({ kind: 'internal', quantity: '12', fromLocation: 'virtual/transit', toLocation: `${A}/Stock`, reference: { type: 'draft-order', id: draftOrderId } }));
    await waitFor(async () => (await forecast(P, A)).incoming.length === 0 && (await forecast(P, B)).outgoing.length === 0, { description: 'transfer settled' });
    expect((await onHand(P, `&warehouseId=${B}`)).onHand).toBe('-12');
    expect((await onHand(P)).onHand).toBe('52');
  });

  it('a manufacturing draft: its product incoming on the planned date, its components outgoing on the manufacturing start until consumed (decision planning-009)', async () => {
    const made = `MADE-${rid}`;
    const comp = `COMP-${rid}`;
    await probe.publish(productUpserted, unitProduct(made));
    await probe.publish(productUpserted, kgProduct(comp));
    await waitFor(async () => (await http(base, 'GET', `/stock/on-hand?productId=${comp}`)).status === 200, { description: 'products known' });
    const draftOrderId = nextId('MO');
    const mo: PayloadOf<typeof draftOrderConfirmed> = {
      ...draft(draftOrderId, 'manufacturing', [{ productId: made, quantity: '4', uom: 'Units', plannedDate: '2026-08-05' }]),
      bomId: `BOM-${rid}`, orderDate: '2026-08-03',
    };
    mo.lines[0]!.components = [{ productId: comp, quantity: '1500', uom: 'g' }];
    const confirmed = await probe.publish(draftOrderConfirmed, mo);
    // the component's position is published caused by the draft event: planning settles its own count by it
    const position = await waitFor(() => probe.events('stock-position.changed', (p) => p.productId === comp && p.warehouseId === A).find((e) => e.causationId === confirmed.id), { description: 'component position caused by the draft event' });
    expect(position.payload).toMatchObject({ uom: 'kg', outgoing: [{ date: '2026-08-03', quantity: '1.5' }] });
    expect((await forecast(comp)).outgoing).toEqual([{ date: '2026-08-03', quantity: '1.5' }]);
    expect((await forecast(made)).incoming).toEqual([{ date: '2026-08-05', quantity: '4' }]);
    expect((await forecast(comp, B)).outgoing).toEqual([]); // at the draft's warehouse only
    // consumption moves into production with the draft as reference settle the planned outgoing
    await probe.publish(stockMoveDone, move({ productId: comp, quantity: '2', uom: 'kg' }));
    await probe.publish(stockMoveDone, move({ kind: 'internal', productId: comp, quantity: '1000', uom: 'g', fromLocation: `${A}/Stock`, toLocation: 'virtual/production', reference: { type: 'draft-order', id: draftOrderId } }));
    await waitFor(async () => (await forecast(comp)).outgoing[0]?.quantity === '0.5', { description: 'component partly consumed: 0.5 kg remain' });
    expect((await onHand(comp)).onHand).toBe('1');
  });

  it('sales lines: outgoing on the delivery date; decreased after confirmation; partly delivered; cancelled', async () => {
    const salesOrderId = nextId('SO');
    const L1 = nextId('L');
    const L2 = nextId('L');
    const line = (lineId: string, quantity: string, deliveryDate: string) => ({ lineId, lineRef: lineId, productId: P, warehouseId: A, quantity, uom: 'Units', route: 'stock' as const, deliveryDate });
    await probe.publish(salesOrderConfirmed, { salesOrderId, orderRef: salesOrderId, confirmedAt: new Date().toISOString(), lines: [line(L1, '10', '2026-06-01'), line(L2, '5', '2026-06-15')] });
    await waitFor(async () => (await forecast(P)).outgoing.length === 2, { description: 'two outgoing dates' });
    const f = await forecast(P);
    expect(f.outgoing).toEqual([{ date: '2026-06-01', quantity: '10' }, { date: '2026-06-15', quantity: '5' }]);
    expect(f.days.filter((d: { date: string }) => d.date >= '2026-06-01')).toEqual([
      { date: '2026-06-01', incoming: '0', outgoing: '10', forecast: '42' },
      { date: '2026-06-15', incoming: '0', outgoing: '5', forecast: '37' },
    ]);

    const { quantity: _q, ...changed } = line(L1, '10', '2026-06-01');
    await probe.publish(salesOrderLineChanged, { ...changed, salesOrderId, orderRef: salesOrderId, oldQuantity: '10', newQuantity: '4' });
    await waitFor(async () => (await forecast(P)).outgoing[0]?.quantity === '4', { description: 'line decreased to 4' });

    await probe.publish(stockMoveDone, move({ kind: 'delivery', quantity: '1', fromLocation: SHELF, toLocation: 'virtual/customer', reference: { type: 'sales-order-line', id: L1 } }));
    await waitFor(async () => (await forecast(P)).outgoing[0]?.quantity === '3', { description: 'L1 partly delivered: 3 remain' });
    expect((await onHand(P)).onHand).toBe('51');

    await probe.publish(salesOrderCancelled, { salesOrderId, orderRef: salesOrderId, wasConfirmed: true, lines: [
      { ...line(L1, '4', '2026-06-01'), deliveredQuantity: '1' }, { ...line(L2, '5', '2026-06-15'), deliveredQuantity: '0' },
    ] });
    await waitFor(async () => (await forecast(P)).outgoing.length === 0, { description: 'outgoing removed' });
    await waitFor(() => lastPosition(P)?.outgoing && (lastPosition(P)!.outgoing as unknown[]).length === 0 && lastPosition(P)!.onHand === '51', { description: 'position without outgoing' });
  });
});

describe('inventory count and history (REST)', () => {
  it('posts the adjustment move through the same path, republishes the position and refuses bad input', async () => {
    const before = (await onHand(P, `&location=${encodeURIComponent(SHELF)}`)).onHand;
    const res = await http(base, 'POST', '/stock/counts', { productId: P, location: SHELF, countedQuantity: '2', uom: 'Dozens' });
    expect(res.status).toBe(201);
    expect(before).toBe('17');
    expect(res.body).toMatchObject({ before: '17', counted: '24', difference: '7', uom: 'Units' });
    expect((await onHand(P, `&location=${encodeURIComponent(SHELF)}`)).onHand).toBe('24');
    const total = (await onHand(P)).onHand;
    await waitFor(() => lastPosition(P)?.onHand === total, { description: 'position after count' });
    const history = await http(base, 'GET', `/stock/moves?productId=${P}&warehouseId=${A}&limit=1`);
    expect(history.body.items[0]).toMatchObject({ moveId: res.body.moveId, kind: 'adjustment', fromLocation: 'virtual/inventory-adjustment', toLocation: SHELF, quantity: '7' });
    expect(history.body.nextOffset).toBe(1);
    const same = await http(base, 'POST', '/stock/counts', { productId: P, location: SHELF, countedQuantity: '24', uom: 'Units' });
    expect(same.body).toMatchObject({ difference: '0', moveId: null });

    const badQty = await http(base, 'POST', '/stock/counts', { productId: P, location: SHELF, countedQuantity: 3, uom: 'Units' });
    expect(badQty.status).toBe(400);
    expect(badQty.body.errors[0].field).toBe('countedQuantity');
    const badUom = await http(base, 'POST', '/stock/counts', { productId: P, location: SHELF, countedQuantity: '3', uom: 'kg' });
    expect(badUom.status).toBe(400);
    expect(badUom.body.errors[0].field).toBe('uom');
    expect((await http(base, 'POST', '/stock/counts', { productId: 'nope', location: SHELF, countedQuantity: '3', uom: 'Units' })).status).toBe(404);
    const badLoc = await http(base, 'POST', '/stock/counts', { productId: P, location: 'nowhere', countedQuantity: '3', uom: 'Units' });
    expect(badLoc.status).toBe(404);
    expect(badLoc.body.errors[0].field).toBe('location');
    expect((await http(base, 'GET', `/stock/moves?productId=${P}&limit=9999`)).body.errors[0].field).toBe('limit');
    expect((await http(base, 'GET', `/stock/forecast?productId=${P}`)).body.errors[0].field).toBe('warehouseId');
  });
});

describe('POST /stock/moves (the REST way in for warehouse systems without Kafka)', () => {
  const restMove = (over: Partial<Move> = {}): Move => move({ moveId: nextId('REST'), doneAt: '2026-03-02T09:15:00Z', ...over });
  const sequence = async () => (await forecast(P)).sequence as number;

  it('books the move like the consumer does: on hand, history, stock-position.changed through the outbox with the request correlation', async () => {
    const before = new Decimal((await onHand(P)).onHand);
    const m = restMove({ quantity: '2', uom: 'Dozens' });
    const correlationId = `rest-move-${rid}`;
    const res = await fetch(`${base}/stock/moves`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId }, body: JSON.stringify(m) });
    expect(res.status).toBe(201);
    const body = await res.json() as Record<string, unknown>;
    expect(body).toMatchObject({
      moveId: m.moveId, kind: 'receipt', productId: P, quantity: '24', uom: 'Units', originalQuantity: '2', originalUom: 'Dozens',
      fromLocation: 'virtual/vendor', toLocation: `${A}/Stock`, doneAt: '2026-03-02T09:15:00.000Z', reference: null,
    });
    const after = before.plus(24).toString();
    expect((await onHand(P)).onHand).toBe(after);
    const published = await waitFor(() => probe.events('stock-position.changed', (p) => p.productId === P && p.warehouseId === A && p.onHand === after)
      .find((e) => e.correlationId === correlationId), { description: 'position published for the REST move' });
    expect(published.key).toBe(`${P}@${A}`);
    const history = await http(base, 'GET', `/stock/moves?productId=${P}&limit=1`);
    expect(history.body.items[0]).toEqual(body);
  });

  it('is idempotent by moveId: a repeat answers 200 with the same move and changes nothing; another move under that id is 409', async () => {
    const m = restMove({ kind: 'delivery', quantity: '3', fromLocation: `${A}/Stock`, toLocation: 'virtual/customer' });
    const first = await http(base, 'POST', '/stock/moves', m);
    expect(first.status).toBe(201);
    const total = (await onHand(P)).onHand;
    await waitFor(() => lastPosition(P)?.onHand === total, { description: 'position after the delivery' });
    const seqAfterFirst = await sequence();
    const published = positions(P).length;

    const again = await http(base, 'POST', '/stock/moves', m);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const conflict = await http(base, 'POST', '/stock/moves', { ...m, quantity: '4' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.errors[0].field).toBe('moveId');

    expect((await onHand(P)).onHand).toBe(total);
    expect(await sequence()).toBe(seqAfterFirst);
    const history = await http(base, 'GET', `/stock/moves?productId=${P}&limit=500`);
    expect(history.body.items.filter((i: { moveId: string }) => i.moveId === m.moveId)).toHaveLength(1);
    // The same moveId arriving later on Kafka is a duplicate too: a marker move after it shows it was consumed.
    await probe.publish(stockMoveDone, m);
    const marker = move({ quantity: '1' });
    await probe.publish(stockMoveDone, marker);
    await waitFor(async () => (await onHand(P)).onHand === new Decimal(total).plus(1).toString(), { description: 'marker booked, the Kafka duplicate not' });
    expect(positions(P).length).toBeGreaterThan(published);
  });

  it('settles the planned move of its reference like a move from Kafka', async () => {
    const draftOrderId = nextId('D');
    await probe.publish(draftOrderConfirmed, draft(draftOrderId, 'purchase', [{ productId: P, quantity: '6', uom: 'Units', plannedDate: '2026-07-01' }]));
    await waitFor(async () => (await forecast(P)).incoming.some((i: { date: string }) => i.date === '2026-07-01'), { description: 'incoming 6' });
    const res = await http(base, 'POST', '/stock/moves', restMove({ quantity: '4', reference: { type: 'draft-order', id: draftOrderId } }));
    expect(res.status).toBe(201);
    expect(res.body.reference).toEqual({ type: 'draft-order', id: draftOrderId });
    expect((await forecast(P)).incoming).toEqual([{ date: '2026-07-01', quantity: '2' }]);
  });

  it.each([
    ['quantity', { quantity: 3 }],
    ['quantity', { quantity: '0' }],
    ['quantity', { quantity: '-2' }],
    ['kind', { kind: 'teleport' }],
    ['doneAt', { doneAt: '2026-03-02' }],
    ['doneAt', { doneAt: '2026-03-02T09:15:00' }],
    ['moveId', { moveId: '' }],
    ['reference.type', { reference: { type: 'invoice', id: 'X' } }],
    ['uom', { uom: 'kg' }],
    ['fromLocation', { fromLocation: A }],
    ['toLocation', { fromLocation: `${A}/Stock`, toLocation: `${A}/Stock` }],
  ])('400 naming %s', async (field, over) => {
    const res = await http(base, 'POST', '/stock/moves', { ...restMove(), ...over });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('400 for a missing field or an unknown one; 404 naming an unknown product or location; nothing booked', async () => {
    const { doneAt: _d, ...noDoneAt } = restMove();
    expect((await http(base, 'POST', '/stock/moves', noDoneAt)).body.errors[0].field).toBe('doneAt');
    const extra = await http(base, 'POST', '/stock/moves', { ...restMove(), warehouse: A });
    expect(extra.status).toBe(400);
    expect(extra.body.errors[0].field).toBe('warehouse');
    for (const [field, over] of [['productId', { productId: 'nope' }], ['fromLocation', { fromLocation: 'virtual/nowhere' }], ['toLocation', { toLocation: `${A}/Stock/Nowhere` }]] as const) {
      const m = restMove(over);
      const res = await http(base, 'POST', '/stock/moves', m);
      expect(res.status).toBe(404);
      expect(res.body.errors[0].field).toBe(field);
      const history = await http(base, 'GET', '/stock/moves?limit=500');
      expect(history.body.items.some((i: { moveId: string }) => i.moveId === m.moveId)).toBe(false);
    }
  });

  it('a move past the quantity bound, or taking on hand past it, answers 400 naming quantity with the reason; nothing booked', async () => {
    const Q = `Q-${rid}`;
    await probe.publish(productUpserted, unitProduct(Q));
    await waitFor(async () => (await http(base, 'GET', `/stock/on-hand?productId=${Q}`)).status === 200, { description: 'Q known' });
    const huge = await http(base, 'POST', '/stock/moves', restMove({ productId: Q, quantity: '999999999999999999999999999999999999999', uom: 'Dozens' }));
    expect(huge.status).toBe(400);
    expect(huge.body.errors[0]).toEqual({ field: 'quantity', reason: 'has 39 digits before the decimal point, past the quantity bound of 15 (at most 999999999999999.999999)' });
    expect((await http(base, 'POST', '/stock/moves', restMove({ productId: Q, quantity: '999999999999999' }))).status).toBeLessThan(300);
    const past = await http(base, 'POST', '/stock/moves', restMove({ productId: Q, quantity: '1' }));
    expect(past.status).toBe(400);
    expect(past.body.errors[0]).toMatchObject({ field: 'quantity', reason: expect.stringMatching(new RegExp(`^booking this move would take onHand of ${Q} at .* to 1000000000000000, which has 16 digits`)) });
    expect((await onHand(Q)).onHand).toBe('999999999999999');
  });

  it('refuses a NUL in a path parameter and a page offset beyond its maximum with 400 naming them', async () => {
    const nul = await http(base, 'GET', '/warehouses/%00');
    expect(nul.status).toBe(400);
    expect(nul.body.errors[0].field).toBe('id');
    const offset = await http(base, 'GET', '/stock/moves?offset=1e%2B20');
    expect(offset.status).toBe(400);
    expect(offset.body.errors[0].field).toBe('offset');
  });

  it('an unknown product answers 404 in the one error body, without the dead-letter advice of the consumer', async () => {
    const res = await http(base, 'POST', '/stock/moves', restMove({ productId: 'nope' }));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'not_found', errors: [{ field: 'productId', reason: expect.stringContaining('unknown product nope') }] });
    expect(JSON.stringify(res.body)).not.toMatch(/dead letter|replay/);
  });
});

function draft(draftOrderId: string, type: 'purchase' | 'manufacturing' | 'transfer', lines: { productId: string; quantity: string; uom: string; plannedDate: string }[]): PayloadOf<typeof draftOrderConfirmed> {
  return {
    draftOrderId, type, topUpKey: `${type}:${draftOrderId}`, warehouseId: A, state: 'confirmed', version: 2, vendorId: type === 'purchase' ? 'V1' : undefined,
    lines: lines.map((l, i) => ({ lineId: `${draftOrderId}-${i}`, ...l, origins: [] })),
  };
}
