/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { randomUUID } from 'node:crypto';
import { http } from './helpers.js';
import { UNIT, useFeatureFixture } from './feature-fixture.js';

const fixture = useFeatureFixture({ prefix: 'planning_draft_versions', markedTopics: [] });
const { run, WH } = fixture;

describe('GET /draft-orders/:id/versions', () => {
  it('shows a draft raised and topped up twice as three versions, oldest first, with quantities, changes and origins', async () => {
    const { A } = fixture;
    const vendor = `ver-vendor-${run}`;
    const p = `ver-${run}`;
    expect((await http(A, 'POST', 'vendors', { id: vendor, name: 'Versions' })).status).toBe(201);
    expect((await http(A, 'POST', 'products', { id: p, sku: `SKU-${p}`, name: p, stockUom: UNIT, routes: ['buy'] })).status).toBe(201);
    expect((await http(A, 'POST', `products/${p}/suppliers`, { vendorId: vendor, leadTimeDays: 2 })).status).toBe(201);
    const rule = (await http(A, 'POST', 'reordering-rules', { productId: p, warehouseId: WH, min: '0', max: '10', trigger: 'manual' })).body.id;
    let draftId = '';
    for (const quantity of ['3', '4', '5']) {
      const r = await http(A, 'POST', `replenishment-report/${rule}/order-once`, { quantity });
      expect(r.status).toBe(200);
      draftId = r.body.draftOrderId;
    }

    const versions = (await http<any[]>(A, 'GET', `draft-orders/${draftId}/versions`)).body;
    expect(versions.map((v) => [v.version, v.change, v.state])).toEqual([[1, 'raised', 'draft'], [2, 'updated', 'draft'], [3, 'updated', 'draft']]);
    // priced at the supplier info's default price, 0 per Units (decision planning-024)
    const priced = { unitPrice: '0', priceUom: 'Units' };
    expect(versions.map((v) => v.lines)).toEqual([
      [{ productId: p, quantity: '3', uom: 'Units', ...priced }], [{ productId: p, quantity: '7', uom: 'Units', ...priced }], [{ productId: p, quantity: '12', uom: 'Units', ...priced }],
    ]);
    expect(versions.map((v) => v.changedLines)).toEqual([
      [{ productId: p, uom: 'Units', after: '3' }], [{ productId: p, uom: 'Units', before: '3', after: '7' }], [{ productId: p, uom: 'Units', before: '7', after: '12' }],
    ]);
    expect(versions.map((v) => v.origins.map((o: any) => o.quantity))).toEqual([['3'], ['4'], ['5']]);
    expect(versions.every((v) => !Number.isNaN(Date.parse(v.recordedAt)))).toBe(true);
    expect((await http(A, 'GET', `draft-orders/${draftId}`)).body.version).toBe(3);

    // paged: the second page still says what changed since the version before it
    const page = (await http<any[]>(A, 'GET', `draft-orders/${draftId}/versions?limit=1&offset=1`)).body;
    expect(page.map((v) => [v.version, v.changedLines])).toEqual([[2, [{ productId: p, uom: 'Units', before: '3', after: '7' }]]]);
  });

  it('answers 404 for an unknown draft and 400 naming the field for a bad id', async () => {
    const { A } = fixture;
    const missing = await http(A, 'GET', `draft-orders/${randomUUID()}/versions`);
    expect(missing.status).toBe(404);
    const bad = await http(A, 'GET', 'draft-orders/not-a-uuid/versions');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/id/);
  });
});
