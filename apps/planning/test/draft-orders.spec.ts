/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { randomUUID } from 'node:crypto';
import { salesOrderConfirmed, stockPositionChanged } from '@replenish/contracts';
import { addDaysIso, http, query, todayUtc } from './helpers.js';
import { readEvents } from './kafka.js';
import { UNIT, useFeatureFixture } from './feature-fixture.js';

const fixture = useFeatureFixture({ prefix: 'planning_drafts', markedTopics: ['planning.draft-orders'], instances: 2 });
const { run, WH, product, openDrafts } = fixture;
let A: string;
let B: string;
let db: typeof fixture.db;
let producer: typeof fixture.producer;
let brokers: string[];
let marks: typeof fixture.marks;
beforeAll(() => {
  ({ A, B, db, producer, brokers, marks } = fixture);
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
      // productId: only the drafts with a line of that product
      const [product] = ev === evP ? [p] : [q];
      const ofProduct = (await http<any[]>(A, 'GET', `draft-orders?productId=${product}`)).body;
      expect(ofProduct.map((d) => d.draftOrderId)).toEqual([ev.draftOrderId]);
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
    // Every top-up is one order of 1 with one origin; a version is one batch of orders (planning-016 addendum): a read
    // that mixes two moments shows quantity and origins apart, or one version with two counts of origins.
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
    expect(reads.filter((r) => r.quantity !== String(r.origins))).toEqual([]);
    expect(reads.filter((r) => reads.some((o) => o.version === r.version && o.origins !== r.origins))).toEqual([]);
  });
});
