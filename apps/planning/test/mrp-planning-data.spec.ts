/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { ResponseValidator, loadOpenApi } from '../../../tools/test-infra/src/openapi.js';
import { http } from './helpers.js';
import { useFeatureFixture } from './feature-fixture.js';

const fixture = useFeatureFixture({ prefix: 'planning_mrp_data', markedTopics: [] });
const { run, WH, product } = fixture;
let A: string;
beforeAll(() => {
  ({ A } = fixture);
});

const fields = (body: any): string[] => (body.errors ?? []).map((e: any) => e.field);

describe('reorder policies', () => {
  it('creates with the domain defaults, reads, replaces whole (version up), lists and deletes', async () => {
    const code = `NET-${run}`;
    const created = await http(A, 'POST', 'reorder-policies', { code, description: { en: 'Net requirement', fr: 'Besoin net' }, shortDescription: { en: 'Net' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      code, description: { en: 'Net requirement', fr: 'Besoin net' }, shortDescription: { en: 'Net' },
      suggestionType: 'withMrpPegging', reorderQuantity: 'net', splitting: 'none',
      safetyStock: false, replanningAnalysis: false, applyShrinkage: false, version: 1,
    });
    expect((await http(A, 'POST', 'reorder-policies', { code })).status).toBe(409);
    const every = {
      description: { en: 'Rounded to technical lots', de: 'Auf technische Lose gerundet' }, shortDescription: { en: 'Tech lots' },
      suggestionType: 'mrpPeggingOnly', reorderQuantity: 'minimumWithRounding', splitting: 'successive',
      safetyStock: true, replanningAnalysis: true, applyShrinkage: true,
    };
    const replaced = await http(A, 'PUT', `reorder-policies/${code}`, every);
    expect(replaced.status).toBe(200);
    expect(replaced.body).toEqual({ code, ...every, version: 2 });
    expect((await http(A, 'GET', `reorder-policies/${code}`)).body).toEqual(replaced.body);
    expect((await http<any[]>(A, 'GET', 'reorder-policies')).body).toContainEqual(replaced.body);
    expect((await http(A, 'DELETE', `reorder-policies/${code}`)).status).toBe(204);
    expect((await http(A, 'GET', `reorder-policies/${code}`)).status).toBe(404);
    expect((await http(A, 'PUT', `reorder-policies/${code}`, every)).status).toBe(404);
  });

  it('refuses bad fields with 400 naming each', async () => {
    const code = `BAD-${run}`;
    expect(fields((await http(A, 'POST', 'reorder-policies', {})).body)).toEqual(['code']);
    expect(fields((await http(A, 'POST', 'reorder-policies', { code, suggestionType: 'sometimes' })).body)).toEqual(['suggestionType']);
    expect(fields((await http(A, 'POST', 'reorder-policies', { code, reorderQuantity: 'lots' })).body)).toEqual(['reorderQuantity']);
    expect(fields((await http(A, 'POST', 'reorder-policies', { code, splitting: 'diagonal' })).body)).toEqual(['splitting']);
    expect(fields((await http(A, 'POST', 'reorder-policies', { code, safetyStock: 'yes' })).body)).toEqual(['safetyStock']);
    expect(fields((await http(A, 'POST', 'reorder-policies', { code, description: { english: 'x' } })).body)).toEqual(['description']);
    expect(fields((await http(A, 'POST', 'reorder-policies', { code, shortDescription: { en: 'x'.repeat(31) } })).body)).toEqual(['shortDescription']);
    expect(fields((await http(A, 'POST', 'reorder-policies', { code: 'has space' })).body)).toEqual(['code']);
    await http(A, 'POST', 'reorder-policies', { code });
    expect(fields((await http(A, 'PUT', `reorder-policies/${code}`, { code: 'OTHER' })).body)).toEqual(['code']);
  });
});

describe('product-site planning data', () => {
  const policy = `MRP-${run}`;
  beforeAll(async () => {
    expect((await http(A, 'POST', 'reorder-policies', { code: policy, reorderQuantity: 'minimumWithRounding', splitting: 'parallel' })).status).toBe(201);
  });

  it('sets every field, reads it back with the method planning the product-site, replaces and deletes it', async () => {
    const p = `site-${run}`;
    await product(p);
    const data = {
      planningMethod: 'mrp', reorderPolicyCode: policy, economicLot: '500', technicalLot: '100', safetyStock: '20.5',
      shrinkagePercent: '5', firmHorizonDays: 7, lotLeadDays: 2,
    };
    const put = await http(A, 'PUT', `products/${p}/sites/${WH}/planning`, data);
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ productId: p, warehouseId: WH, ...data, version: 1, plannedBy: 'mrp' });
    expect((await http(A, 'GET', `products/${p}/sites/${WH}/planning`)).body).toEqual(put.body);
    // Replaced whole: what is left out is 0; 'none' keeps the data without MRP planning it.
    const none = await http(A, 'PUT', `products/${p}/sites/${WH}/planning`, { planningMethod: 'none', safetyStock: '3' });
    expect(none.body).toMatchObject({ planningMethod: 'none', reorderPolicyCode: null, economicLot: '0', safetyStock: '3', version: 2, plannedBy: null });
    expect((await http(A, 'DELETE', `products/${p}/sites/${WH}/planning`)).status).toBe(204);
    expect((await http(A, 'GET', `products/${p}/sites/${WH}/planning`)).status).toBe(404);
  });

  it('refuses bad fields with 400 naming each, unknown references with 404 naming them', async () => {
    const p = `site-bad-${run}`;
    await product(p);
    const put = (body: any, productId = p, warehouseId = WH) => http(A, 'PUT', `products/${productId}/sites/${warehouseId}/planning`, body);
    expect(fields((await put({ reorderPolicyCode: policy })).body)).toEqual(['planningMethod']);
    expect(fields((await put({ planningMethod: 'mrp' })).body)).toEqual(['reorderPolicyCode']);
    expect(fields((await put({ planningMethod: 'none', economicLot: 500 })).body)).toEqual(['economicLot']);
    expect(fields((await put({ planningMethod: 'none', technicalLot: '-1' })).body)).toEqual(['technicalLot']);
    expect(fields((await put({ planningMethod: 'none', shrinkagePercent: '100' })).body)).toEqual(['shrinkagePercent']);
    expect(fields((await put({ planningMethod: 'none', firmHorizonDays: 1.5 })).body)).toEqual(['firmHorizonDays']);
    expect(fields((await put({ planningMethod: 'none', lotLeadDays: -1 })).body)).toEqual(['lotLeadDays']);
    const unknownPolicy = await put({ planningMethod: 'mrp', reorderPolicyCode: `NOPE-${run}` });
    expect([unknownPolicy.status, fields(unknownPolicy.body)]).toEqual([404, ['reorderPolicyCode']]);
    const unknownProduct = await put({ planningMethod: 'none' }, `nope-${run}`);
    expect([unknownProduct.status, fields(unknownProduct.body)]).toEqual([404, ['productId']]);
    const unknownWarehouse = await put({ planningMethod: 'none' }, p, `WH-nope-${run}`);
    expect([unknownWarehouse.status, fields(unknownWarehouse.body)]).toEqual([404, ['warehouseId']]);
  });

  it('keeps a policy a product-site uses (409 naming it)', async () => {
    const p = `site-uses-${run}`;
    await product(p);
    await http(A, 'PUT', `products/${p}/sites/${WH}/planning`, { planningMethod: 'none', reorderPolicyCode: policy });
    const refused = await http(A, 'DELETE', `reorder-policies/${policy}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('REORDER_POLICY_IN_USE');
    expect(refused.body.message).toContain(`${p}@${WH}`);
  });
});

describe('one planning method per product-site', () => {
  const policy = `ONE-${run}`;
  const rule = (productId: string) => http(A, 'POST', 'reordering-rules', { productId, warehouseId: WH, min: '1', max: '5', trigger: 'manual' });
  const mrp = (productId: string) => http(A, 'PUT', `products/${productId}/sites/${WH}/planning`, { planningMethod: 'mrp', reorderPolicyCode: policy });
  const mps = (productId: string) => http(A, 'PUT', `mps-planning/${productId}/${WH}`);
  const refusal = (code: string, named: string) => ({ status: 409, body: expect.objectContaining({ code, message: expect.stringContaining(named) }) });
  const answer = (r: { status: number; body: unknown }) => ({ status: r.status, body: r.body });
  beforeAll(async () => {
    await http(A, 'POST', 'reorder-policies', { code: policy });
  });

  it('refuses MRP and the MPS beside a reordering rule', async () => {
    const p = `one-rule-${run}`;
    await product(p);
    expect((await rule(p)).status).toBe(201);
    expect(answer(await mrp(p))).toEqual(refusal('RULE_EXISTS', 'a reordering rule'));
    expect(answer(await mps(p))).toEqual(refusal('RULE_EXISTS', 'a reordering rule'));
    // Planning data without MRP planning it stays possible beside the rule.
    expect((await http(A, 'PUT', `products/${p}/sites/${WH}/planning`, { planningMethod: 'none', safetyStock: '2' })).body.plannedBy).toBe('reorderingRule');
  });

  it('refuses a reordering rule and the MPS beside MRP', async () => {
    const p = `one-mrp-${run}`;
    await product(p);
    expect((await mrp(p)).status).toBe(200);
    expect(answer(await rule(p))).toEqual(refusal('MRP_PLANNED', 'MRP'));
    expect(answer(await mps(p))).toEqual(refusal('MRP_PLANNED', 'MRP'));
    expect((await mrp(p)).status).toBe(200); // MRP again: the same method
  });

  it('refuses a reordering rule and MRP beside the MPS', async () => {
    const p = `one-mps-${run}`;
    await product(p);
    expect((await mps(p)).status).toBe(204);
    expect(answer(await rule(p))).toEqual(refusal('MPS_PLANNED', 'the MPS'));
    expect(answer(await mrp(p))).toEqual(refusal('MPS_PLANNED', 'the MPS'));
    expect((await http(A, 'DELETE', `mps-planning/${p}/${WH}`)).status).toBe(204);
    expect((await mrp(p)).status).toBe(200);
  });
});

describe('BOMs for MRP', () => {
  it('round-trips a phantom BOM, by-products with their share and component scrap', async () => {
    const [kit, part, made, side] = ['kit', 'part', 'made', 'side'].map((s) => `bom-${s}-${run}`);
    for (const p of [kit, part, made, side]) await product(p);
    const phantom = await http(A, 'POST', 'boms', { id: `BOM-${kit}`, productId: kit, outputQty: '1', productionDelayDays: 0, type: 'phantom', components: [{ productId: part, quantity: '2' }] });
    expect(phantom.status).toBe(201);
    expect(phantom.body).toMatchObject({ type: 'phantom', byProducts: [], components: [{ productId: part, quantity: '2' }] });
    const withSides = {
      productId: made, outputQty: '10', productionDelayDays: 1,
      components: [{ productId: part, quantity: '3', scrapPercent: '2.5' }, { productId: kit, quantity: '1' }],
      byProducts: [{ productId: side, quantity: '0.5', costShare: '10' }],
    };
    const normal = await http(A, 'POST', 'boms', { id: `BOM-${made}`, ...withSides });
    expect(normal.status).toBe(201);
    expect(normal.body).toEqual({ id: `BOM-${made}`, ...withSides, outputQty: '10', type: 'normal' });
    expect((await http(A, 'GET', `boms/BOM-${made}`)).body).toEqual(normal.body);
    // A BOM posted without them reads back as before MRP: normal, no by-products, no scrap.
    const plain = await http(A, 'POST', 'boms', { productId: side, outputQty: '1', productionDelayDays: 0, components: [{ productId: part, quantity: '1' }] });
    expect(plain.body).toMatchObject({ type: 'normal', byProducts: [], components: [{ productId: part, quantity: '1' }] });
  });

  it('refuses bad MRP fields with 400 naming each', async () => {
    const [made, part, side] = ['made', 'part', 'side'].map((s) => `bom-bad-${s}-${run}`);
    for (const p of [made, part, side]) await product(p);
    const base = { productId: made, outputQty: '1', productionDelayDays: 0, components: [{ productId: part, quantity: '1' }] };
    const post = async (extra: any) => fields((await http(A, 'POST', 'boms', { ...base, ...extra })).body);
    expect(await post({ type: 'assembly' })).toEqual(['type']);
    expect(await post({ components: [{ productId: part, quantity: '1', scrapPercent: '100' }] })).toEqual(['components.0.scrapPercent']);
    expect(await post({ components: [{ productId: part, quantity: '1', scrapPercent: 'lots' }] })).toEqual(['components.0.scrapPercent']);
    expect(await post({ byProducts: [{ productId: side, quantity: '0' }] })).toEqual(['byProducts.0.quantity']);
    expect(await post({ byProducts: [{ productId: part, quantity: '1' }] })).toEqual(['byProducts.0.productId']);
    expect(await post({ byProducts: [{ productId: made, quantity: '1' }] })).toEqual(['byProducts.0.productId']);
    expect(await post({ byProducts: [{ productId: side, quantity: '1', costShare: '60' }, { productId: `${side}-2`, quantity: '1', costShare: '50' }] })).toEqual(['byProducts']);
    expect(await post({ type: 'phantom', byProducts: [{ productId: side, quantity: '1' }] })).toEqual(['byProducts']);
    const unknown = await http(A, 'POST', 'boms', { ...base, byProducts: [{ productId: `nope-${run}`, quantity: '1' }] });
    expect([unknown.status, fields(unknown.body)]).toEqual([404, ['byProducts.0.productId']]);
  });
});

describe('the OpenAPI document of the MRP planning data', () => {
  it('matches what the service answers, errors included', async () => {
    const validator = new ResponseValidator(await loadOpenApi(A));
    const call = async (method: string, template: string, path: string, body?: unknown) => {
      const res = await http(A, method, path, body);
      expect(validator.problems(method, template, res.status, res.body)).toEqual([]);
      return res.status;
    };
    const code = `DOC-${run}`;
    const p = `doc-${run}`;
    await product(p);
    const site = `products/${p}/sites/${WH}/planning`;
    const siteTemplate = '/products/{productId}/sites/{warehouseId}/planning';
    expect(await call('POST', '/reorder-policies', 'reorder-policies', { code, description: { en: 'Doc' } })).toBe(201);
    expect(await call('POST', '/reorder-policies', 'reorder-policies', { code })).toBe(409);
    expect(await call('POST', '/reorder-policies', 'reorder-policies', { code, splitting: 'x' })).toBe(400);
    expect(await call('GET', '/reorder-policies', 'reorder-policies')).toBe(200);
    expect(await call('GET', '/reorder-policies/{code}', `reorder-policies/${code}`)).toBe(200);
    expect(await call('GET', '/reorder-policies/{code}', `reorder-policies/NOPE-${run}`)).toBe(404);
    expect(await call('PUT', '/reorder-policies/{code}', `reorder-policies/${code}`, { safetyStock: true })).toBe(200);
    expect(await call('PUT', siteTemplate, site, { planningMethod: 'mrp', reorderPolicyCode: code, economicLot: '10' })).toBe(200);
    expect(await call('GET', siteTemplate, site)).toBe(200);
    expect(await call('PUT', '/mps-planning/{productId}/{warehouseId}', `mps-planning/${p}/${WH}`)).toBe(409);
    expect(await call('DELETE', '/reorder-policies/{code}', `reorder-policies/${code}`)).toBe(409);
    expect(await call('DELETE', siteTemplate, site)).toBe(204);
    expect(await call('GET', siteTemplate, site)).toBe(404);
    expect(await call('DELETE', '/reorder-policies/{code}', `reorder-policies/${code}`)).toBe(204);
  });
});
