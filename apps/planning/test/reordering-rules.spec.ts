/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { stockPositionChanged } from '@replenish/contracts';
import { addDaysIso, http, query, todayUtc, waitFor } from './helpers.js';
import { readEvents } from './kafka.js';
import { UNIT, useFeatureFixture } from './feature-fixture.js';

const fixture = useFeatureFixture({ prefix: 'planning_rules', markedTopics: ['planning.draft-orders'] });
const { run, WH, VENDOR, product, openDrafts } = fixture;
let A: string;
let db: typeof fixture.db;
let producer: typeof fixture.producer;
let brokers: string[];
let marks: typeof fixture.marks;
beforeAll(() => {
  ({ A, db, producer, brokers, marks } = fixture);
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

  it('refuses an offset too big for the database with 400 naming it, on every list', async () => {
    for (const list of ['draft-orders', 'products', 'exceptions']) {
      const res = await http(A, 'GET', `${list}?offset=1e%2B20`);
      const huge = await http(A, 'GET', `${list}?offset=99999999999999999999`);
      expect([res.status, huge.status]).toEqual([400, 400]);
      expect(huge.body.errors).toEqual([{ field: 'offset', reason: expect.stringContaining('1000000000') }]);
    }
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
  it('names the late supply inventory left out of a position (INVENTORY_LATE_SUPPLY=ignore) without counting it; a position without it names none (inventory-004)', async () => {
    const p = `rule-late-${run}`;
    await product(p);
    const rule = await http(A, 'POST', 'reordering-rules', { productId: p, warehouseId: WH, min: '10', max: '50', trigger: 'manual' });
    expect(rule.status).toBe(201);
    const today = todayUtc();
    const since = addDaysIso(today, -3);
    const item = (check: (i: any) => boolean, description: string) => waitFor(async () => {
      const i = (await http(A, 'GET', `replenishment-report?includeAll=true&warehouseId=${WH}&productId=${p}`)).body.items?.find((x: any) => x.ruleId === rule.body.id);
      return i && check(i) ? i : undefined;
    }, { description, timeoutMs: 30000 });
    const at = (sequence: number, extra: object) =>
      producer.send(stockPositionChanged, { productId: p, warehouseId: WH, uom: 'Units', onHand: '10', incoming: [], outgoing: [], sequence, asOf: new Date().toISOString(), ...extra });
    // ignore: the late receipt of 40 is not in incoming; the rule still suggests 40 and says why.
    await at(1, { lateSupplyNotCounted: { quantity: '40', since } });
    const ignored = await item((i) => i.explanation.text.includes('not counted'), 'the late supply named in the explanation');
    expect([ignored.forecast, ignored.suggestedQuantity]).toEqual(['10', '40']);
    expect(ignored.explanation.text).toContain(`40 of supply past its date not counted (planned for ${since} at the earliest, INVENTORY_LATE_SUPPLY=ignore)`);
    expect(ignored.explanation.steps).toContainEqual({ code: 'late-supply-not-counted', quantity: '40', since });
    // count: the same receipt in incoming, dated in the past; nothing is left out any more.
    await at(2, { incoming: [{ date: since, quantity: '40' }] });
    const counted = await item((i) => i.forecast === '50', 'the late supply counted');
    expect(counted.suggestedQuantity).toBe('0');
    expect(counted.explanation.text).toContain(`40 of supply past its date still counted (planned for ${since} at the earliest)`);
    expect(counted.explanation.text).not.toContain('not counted');
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
