/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { http } from './helpers.js';
import { useFeatureFixture, UNIT } from './feature-fixture.js';

// MRP's net change on a planning data change (issue 13 part 3, decision planning-021): a product-site's planning data,
// its reorder policy or its BOM changed through REST re-plans it and what it reaches in the same transaction, so its
// stored suggestions have changed when the answer comes, without a run and without waiting. The demand is the kit's
// safety stock (no stock position: nothing on hand), so no event is needed.
const fixture = useFeatureFixture({ prefix: 'planning_mrp_change', markedTopics: [] });
const { run, WH } = fixture;
let A: string;
const kit = `kit-${run}`;
const part = `part-${run}`;
const other = `other-${run}`;
const policy = `SAFE-${run}`;
const bom = `BOM-${kit}`;

/** The stored suggestions of a product at WH, as [kind, quantity]: read at once, never waited for. */
const suggestionsOf = async (productId: string): Promise<[string, string][]> =>
  (await http(A, 'GET', `mrp/suggestions?productId=${productId}&warehouseId=${WH}`)).body.items.map((s: any) => [s.kind, s.quantity]);
const planKit = async (data: Record<string, unknown>) =>
  expect((await http(A, 'PUT', `products/${kit}/sites/${WH}/planning`, { planningMethod: 'mrp', reorderPolicyCode: policy, ...data })).status).toBe(200);

beforeAll(async () => {
  ({ A } = fixture);
  expect((await http(A, 'POST', 'products', { id: kit, sku: `SKU-${kit}`, name: kit, stockUom: UNIT, routes: ['manufacture'] })).status).toBe(201);
  for (const p of [part, other]) await fixture.product(p);
  expect((await http(A, 'POST', 'boms', { id: bom, productId: kit, outputQty: '1', productionDelayDays: 2, components: [{ productId: part, quantity: '2' }] })).status).toBe(201);
  expect((await http(A, 'POST', 'reorder-policies', { code: policy, reorderQuantity: 'minimumWithoutRounding', safetyStock: true })).status).toBe(201);
  for (const p of [part, other]) {
    expect((await http(A, 'PUT', `products/${p}/sites/${WH}/planning`, { planningMethod: 'mrp', reorderPolicyCode: policy })).status).toBe(200);
  }
});

describe('a planning data change re-plans at once', () => {
  it("the kit's safety stock, given: the kit's work order and, through the BOM, the part's purchase", async () => {
    await planKit({ safetyStock: '4' });
    expect(await suggestionsOf(kit)).toEqual([['WOS', '4']]);
    expect(await suggestionsOf(part)).toEqual([['POS', '8']]);
  });

  it('its economic lot: the work order is at least the lot, and the part follows', async () => {
    await planKit({ safetyStock: '4', economicLot: '10' });
    expect(await suggestionsOf(kit)).toEqual([['WOS', '10']]);
    expect(await suggestionsOf(part)).toEqual([['POS', '20']]);
  });

  it('its safety stock raised above the lot', async () => {
    await planKit({ safetyStock: '12', economicLot: '10' });
    expect(await suggestionsOf(kit)).toEqual([['WOS', '12']]);
    expect(await suggestionsOf(part)).toEqual([['POS', '24']]);
  });

  it("the BOM's quantity: the part's purchase", async () => {
    const r = await http(A, 'PUT', `boms/${bom}`, { productId: kit, outputQty: '1', productionDelayDays: 2, components: [{ productId: part, quantity: '3' }] });
    expect(r.status).toBe(200);
    expect(await suggestionsOf(part)).toEqual([['POS', '36']]);
  });

  it('the BOM consuming another product: the part is no longer required, the other is', async () => {
    const r = await http(A, 'PUT', `boms/${bom}`, { productId: kit, outputQty: '1', productionDelayDays: 2, components: [{ productId: other, quantity: '1' }] });
    expect(r.status).toBe(200);
    expect(await suggestionsOf(part)).toEqual([]);
    expect(await suggestionsOf(other)).toEqual([['POS', '12']]);
    expect(await suggestionsOf(kit)).toEqual([['WOS', '12']]);
  });

  it('the reorder policy, replaced without safety stock: nothing to plan for any product-site using it', async () => {
    expect((await http(A, 'PUT', `reorder-policies/${policy}`, { reorderQuantity: 'minimumWithoutRounding', safetyStock: false })).status).toBe(200);
    expect(await suggestionsOf(kit)).toEqual([]);
    expect(await suggestionsOf(other)).toEqual([]);
  });
});
