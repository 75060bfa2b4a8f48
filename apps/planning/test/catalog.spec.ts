import { warehouseCreated } from '@replenish/contracts';
import { http, waitFor } from './helpers.js';
import { readEvents } from './kafka.js';
import { UNIT, useFeatureFixture } from './feature-fixture.js';

const fixture = useFeatureFixture({ prefix: 'planning_catalog', markedTopics: ['catalog.products'] });
const { run, WH, VENDOR, product } = fixture;
let A: string;
let producer: typeof fixture.producer;
let brokers: string[];
let marks: typeof fixture.marks;
beforeAll(() => {
  ({ A, producer, brokers, marks } = fixture);
});

describe('catalog', () => {
  it('validates products and names the field', async () => {
    const r1 = await http(A, 'POST', 'products', { sku: 'X', name: 'X', stockUom: { ...UNIT, factor: 1 }, routes: ['buy'] });
    expect(r1.status).toBe(400);
    expect(r1.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'stockUom.factor' })]));
    const r2 = await http(A, 'POST', 'products', { sku: 'X', name: 'X', stockUom: UNIT, purchaseUom: { code: 'kg', category: 'weight', factor: '1', rounding: '0.001' }, routes: ['buy'] });
    expect(r2.status).toBe(400);
    expect(r2.body.errors[0].field).toBe('purchaseUom.category');
    const r3 = await http(A, 'POST', 'products', { sku: 'X', name: 'X', stockUom: UNIT, routes: ['teleport'] });
    expect(r3.status).toBe(400);
    expect(r3.body.errors[0].field).toBe('routes');
    // service-kit's global ValidationPipe: unknown properties are refused, naming the field
    const r4 = await http(A, 'POST', 'products', { sku: 'X', name: 'X', stockUom: UNIT, routes: ['buy'], colour: 'red' });
    expect(r4.status).toBe(400);
    expect(r4.body.errors).toEqual([expect.objectContaining({ field: 'colour' })]);
  });

  it('creates, updates and publishes product.upserted; refuses a duplicate SKU', async () => {
    const id = `cat-${run}`;
    await product(id, { purchaseUom: { code: 'Dozens', category: 'unit', factor: '12', rounding: '1' } });
    expect((await http(A, 'POST', 'products', { id: `${id}-2`, sku: `SKU-${id}`, name: 'dup', stockUom: UNIT, routes: ['buy'] })).status).toBe(409);
    const u = await http(A, 'PUT', `products/${id}`, { sku: `SKU-${id}`, name: 'Renamed', stockUom: UNIT, routes: ['buy', 'mto'], takeFromStockFirst: true });
    expect(u.status).toBe(200);
    expect(u.body.version).toBe(2);
    const events = await readEvents(brokers, marks, 'catalog.products', (e) => e.envelope?.type === 'product.upserted' && e.key === id, { count: 2 });
    expect(events.map((e) => e.envelope.payload.name)).toEqual([`Product ${id}`, 'Renamed']);
    expect(events[1]!.envelope.payload).toMatchObject({ productId: id, name: 'Renamed', routes: ['buy', 'mto'], takeFromStockFirst: true });
    expect((await http(A, 'GET', `products/${id}/suppliers`)).body[0]).toMatchObject({ vendorId: VENDOR, leadTimeDays: 3 });
  });

  it('refuses one BOM of two sent at once that together would close a cycle', async () => {
    // Each BOM alone is fine; together they make x -> y -> x. The cycle check reads the other BOMs, so two
    // requests checking at the same time must not both pass.
    const pairs = Array.from({ length: 6 }, (_, i) => [`cyc-x${i}-${run}`, `cyc-y${i}-${run}`] as const);
    for (const [x, y] of pairs) await Promise.all([product(x), product(y)]);
    const bom = (p: string, c: string) => http(A, 'POST', 'boms', { productId: p, outputQty: '1', productionDelayDays: 1, components: [{ productId: c, quantity: '1' }] });
    const answers = await Promise.all(pairs.map(([x, y]) => Promise.all([bom(x, y), bom(y, x)])));
    for (const pair of answers) expect(pair.map((r) => r.status).sort()).toEqual([201, 400]);
  });

  it('validates BOMs and warehouse settings', async () => {
    expect((await http(A, 'POST', 'boms', { productId: `cat-${run}`, outputQty: '0', productionDelayDays: 2, components: [] })).status).toBe(400);
    expect((await http(A, 'PUT', `warehouses/${WH}-x/settings`, { timeZone: 'Mars/Olympus' })).body.errors[0].field).toBe('timeZone');
  });
});

describe('warehouses come from inventory', () => {
  const notFoundNaming = (field: string) => ({
    statusCode: 404, error: 'Not Found', code: 'not_found', message: expect.any(String), errors: [{ field, reason: expect.any(String) }],
  });

  it('learns a warehouse from warehouse.created (name and time zone) and keeps its own lead days beside it', async () => {
    const wh = `WH-learnt-${run}`;
    await producer.send(warehouseCreated, { warehouseId: wh, code: 'WHL', name: 'Learnt warehouse', timeZone: 'Europe/Brussels' });
    const learnt = await waitFor(async () => {
      const r = await http(A, 'GET', `warehouses/${wh}/settings`);
      return r.status === 200 ? r.body : undefined;
    }, { description: `planning learns ${wh}`, timeoutMs: 30000 });
    expect(learnt).toMatchObject({ warehouseId: wh, name: 'Learnt warehouse', timeZone: 'Europe/Brussels', purchaseSecurityLeadDays: 0 });
    const put = await http(A, 'PUT', `warehouses/${wh}/settings`, { purchaseSecurityLeadDays: 2, daysToPurchase: 1 });
    expect([put.status, put.body]).toEqual([200, expect.objectContaining({ name: 'Learnt warehouse', timeZone: 'Europe/Brussels', purchaseSecurityLeadDays: 2, daysToPurchase: 1 })]);
  });

  it('answers 404 naming warehouseId for a rule and for the settings of a warehouse inventory never announced, and orders nothing there', async () => {
    const p = `rule-wh9-${run}`;
    await product(p);
    const wh9 = `WH9-${run}`;
    const rule = await http(A, 'POST', 'reordering-rules', { productId: p, warehouseId: wh9, min: '10', max: '50' });
    expect([rule.status, rule.body]).toEqual([404, notFoundNaming('warehouseId')]);
    expect(rule.body.message).toContain(`warehouse ${wh9} not found`);
    expect((await http(A, 'GET', `warehouses/${wh9}/settings`)).body).toEqual(notFoundNaming('warehouseId'));
    expect((await http(A, 'PUT', `warehouses/${wh9}/settings`, { purchaseSecurityLeadDays: 1 })).body).toEqual(notFoundNaming('warehouseId'));
    expect((await http(A, 'PUT', `mps-planning/${p}/${wh9}`)).body).toEqual(notFoundNaming('warehouseId'));
    expect((await http(A, 'GET', `draft-orders?warehouseId=${wh9}`)).body).toEqual([]);
  });

  it('answers 404 naming the field for unknown products, vendors and BOMs', async () => {
    const p = `ref-${run}`;
    await product(p);
    const rule = { productId: p, warehouseId: WH, min: '1', max: '5' };
    expect((await http(A, 'POST', 'reordering-rules', { ...rule, productId: `nope-${run}` })).body).toEqual(notFoundNaming('productId'));
    expect((await http(A, 'POST', 'reordering-rules', { ...rule, vendorId: `nope-${run}` })).body).toEqual(notFoundNaming('vendorId'));
    expect((await http(A, 'POST', 'reordering-rules', { ...rule, route: 'manufacture', bomId: `nope-${run}` })).body).toEqual(notFoundNaming('bomId'));
    expect((await http(A, 'POST', `products/${p}/suppliers`, { vendorId: `nope-${run}`, leadTimeDays: 1 })).body).toEqual(notFoundNaming('vendorId'));
    expect((await http(A, 'POST', `products/nope-${run}/suppliers`, { vendorId: VENDOR, leadTimeDays: 1 })).body).toEqual(notFoundNaming('id'));
    const bom = { productId: p, outputQty: '1', productionDelayDays: 1, components: [{ productId: `nope-${run}`, quantity: '1' }] };
    expect((await http(A, 'POST', 'boms', bom)).body).toEqual(notFoundNaming('components.0.productId'));
    expect((await http(A, 'POST', 'boms', { ...bom, productId: `nope-${run}`, components: [] })).body).toEqual(notFoundNaming('productId'));
  });

  it('says in words that a rule needs a supplier of its product, naming productId rather than a field the body did not have', async () => {
    const p = `no-supplier-${run}`;
    expect((await http(A, 'POST', 'products', { id: p, sku: `SKU-${p}`, name: p, stockUom: UNIT, routes: ['buy'] })).status).toBe(201);
    const r = await http(A, 'POST', 'reordering-rules', { productId: p, warehouseId: WH, min: '10', max: '50' });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(`product ${p} has no supplier: add one with POST /products/${p}/suppliers`);
    expect(r.body.errors).toEqual([{ field: 'productId', reason: r.body.message }]);
  });
});
