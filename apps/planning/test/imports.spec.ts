/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { randomUUID } from 'node:crypto';
import { http, query } from './helpers.js';
import { UNIT, useFeatureFixture } from './feature-fixture.js';

// Bulk imports and exports (issue 18, decision planning-014), against the real PostgreSQL and Kafka.
const fixture = useFeatureFixture({ prefix: 'planning_imports', markedTopics: [] });
const { run, WH, VENDOR, product } = fixture;

/**
 * POSTs a body of another type than JSON (or JSON text as it is) under a correlation id of its own, which every event
 * the request writes carries: eventsOf(answer.correlationId) counts them.
 */
async function post(path: string, type: string, body: string): Promise<{ status: number; body: any; correlationId: string }> {
  const correlationId = `imports-${run}-${randomUUID()}`;
  const res = await fetch(new URL(path, fixture.A), { method: 'POST', headers: { 'content-type': type, 'x-correlation-id': correlationId }, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, correlationId };
}

async function exported(kind: string, format: string): Promise<{ type: string | null; text: string }> {
  const res = await fetch(new URL(`exports/${kind}?format=${format}`, fixture.A));
  expect(res.status).toBe(200);
  return { type: res.headers.get('content-type'), text: await res.text() };
}

/**
 * The events requests of this spec wrote to planning's outbox, copied as they are written (a trigger on the outbox of
 * the spec's own database: the relay deletes the rows once the broker has them). Not the process's
 * messaging_events_published_total: this planning consumes the shared topics from their ends, and what other runs
 * publish meanwhile (sales orders and positions of their products) makes it write events of its own, which that
 * counter counted too (a re-import counted 6 and 83 events while other specs ran).
 */
async function recordOutbox(): Promise<void> {
  await query(fixture.db.databaseUrl, `
    CREATE TABLE public.outbox_written (id bigint, topic text, value text);
    CREATE FUNCTION public.outbox_written() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO public.outbox_written VALUES (NEW.id, NEW.topic, NEW.value); RETURN NEW; END $$;
    CREATE TRIGGER outbox_written AFTER INSERT ON planning.outbox FOR EACH ROW EXECUTE FUNCTION public.outbox_written()`);
}

/** The number of events written by the request of this correlation id (committed before the request answered). */
async function eventsOf(correlationId: string): Promise<number> {
  const [row] = await query(fixture.db.databaseUrl, `SELECT count(*)::int AS n FROM public.outbox_written WHERE value::jsonb->>'correlationId' = $1`, [correlationId]);
  return row.n;
}

/** The refused rows of an answer: line -> the fields named. */
const refusedFields = (body: any): Record<number, string[]> =>
  Object.fromEntries(body.errors.map((e: any) => [e.line, e.errors.map((f: any) => f.field)]));

const P = (n: number) => `imp-${run}-${n}`;

describe('bulk imports', () => {
  beforeAll(recordOutbox);

  it('imports products with units and supplier infos from CSV, refusing each bad row with its line and reasons', async () => {
    const head = 'id,sku,name,stockUom.code,stockUom.category,stockUom.factor,stockUom.rounding,purchaseUom.code,purchaseUom.category,purchaseUom.factor,purchaseUom.rounding,routes,takeFromStockFirst,suppliers.0.vendorId,suppliers.0.leadTimeDays,suppliers.0.price,suppliers.1.vendorId,suppliers.1.leadTimeDays,suppliers.1.price';
    const row = (id: string, rest = '') => `${id},SKU-${id},Product ${id},Units,unit,1,1,,,,,buy,false,${VENDOR},3,2.5,,,${rest}`;
    const csv = [
      head,
      row(P(1)), // 2: accepted
      `${P(2)},SKU-${P(2)},Box of 12,Units,unit,1,1,Dozen,unit,12,1,mto|buy,true,${VENDOR},5,20,,,`, // 3: accepted, purchase UoM, two routes
      row(P(3)).replace('Units,unit,1,1', 'Units,unit,0,1'), // 4: factor 0 (the DTO's rule)
      row(P(4)).replace(',,,,,buy', ',Kg,kg,1,0.001,buy'), // 5: purchase UoM of another category (the service's rule)
      row(P(5)).replace(',buy,', ',mto,'), // 6: mto without a supply route
      `${P(6)},SKU-${P(6)},Product,Units,unit,1,1,,,,,buy,false,nobody-${run},3,1,,,`, // 7: unknown vendor
      row(P(1)).replace(`SKU-${P(1)}`, `SKU-X-${run}`), // 8: the id of line 2 again
      row(P(7)).replace(`SKU-${P(7)}`, `SKU-${P(1)}`), // 9: the SKU of line 2 again
      row('').replace(/^,SKU-/, `,SKU-noid-${run}`), // 10: no id
      `${P(8)},SKU-${P(8)},"Bad\u0001name",Units,unit,1,1,,,,,buy,false,,,,,,`, // 11: a control character
      `${P(9)},SKU-${P(9)},short row`, // 12: fewer cells than the header
      `${P(10)},SKU-${P(10)},Twice,Units,unit,1,1,,,,,buy,false,${VENDOR},3,1,${VENDOR},4,1`, // 13: one vendor twice
    ].join('\n');
    const res = await post('imports/products', 'text/csv', csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 12, created: 2, updated: 0, unchanged: 0, refused: 10 });
    expect(refusedFields(res.body)).toEqual({
      4: ['stockUom.factor'], 5: ['purchaseUom.category'], 6: ['routes'], 7: ['suppliers.0.vendorId'], 8: ['id'], 9: ['sku'],
      10: ['id'], 11: ['name'], 12: ['(row)'], 13: ['suppliers.1.vendorId'],
    });
    expect(res.body.errors.find((e: any) => e.line === 8).errors[0].reason).toContain('repeats line 2');
    expect(res.body.errors.find((e: any) => e.line === 7).errors[0].reason).toContain(`nobody-${run}`);
    const boxed = (await http(fixture.A, 'GET', `products/${P(2)}`)).body;
    expect(boxed).toMatchObject({ routes: ['mto', 'buy'], takeFromStockFirst: true, purchaseUom: { code: 'Dozen', factor: '12' } });
    expect((await http(fixture.A, 'GET', `products/${P(2)}/suppliers`)).body).toMatchObject([{ vendorId: VENDOR, leadTimeDays: 5, price: '20' }]);
    // A SKU another product holds is refused too.
    const taken = await http(fixture.A, 'POST', 'imports/products', [{ id: P(11), sku: `SKU-${P(1)}`, name: 'x', stockUom: UNIT, routes: ['buy'] }]);
    expect(taken.body.errors).toEqual([{ line: 1, errors: [{ field: 'sku', reason: `belongs to product ${P(1)}` }] }]);
  });

  it('imports vendors from NDJSON and warehouse settings from a JSON array, with the single-row checks', async () => {
    const ndjson = [
      JSON.stringify({ id: `V-${run}-1`, name: 'One' }),
      '',
      JSON.stringify({ id: `V-${run}-2`, name: 'Two', active: false }),
      '{"id": "broken',
      JSON.stringify({ id: `V-${run}-3`, name: 'Three', colour: 'red' }),
      JSON.stringify({ name: 'No id' }),
    ].join('\n');
    const vendors = await post('imports/vendors', 'application/x-ndjson', ndjson);
    expect(vendors.body).toMatchObject({ rows: 5, created: 2, refused: 3 });
    expect(refusedFields(vendors.body)).toEqual({ 4: ['(row)'], 5: ['colour'], 6: ['id'] });
    expect((await http(fixture.A, 'GET', `vendors/${V(2)}`)).body).toEqual({ id: V(2), name: 'Two', active: false });
    // CSV lines count empty lines and the lines inside a quoted cell.
    const csv = await post('imports/vendors', 'text/csv', `id,name\n\n${V(4)},"two\nlines"\n,no id\n`);
    expect(csv.body).toMatchObject({ rows: 2, created: 1, errors: [{ line: 5, errors: [{ field: 'id' }] }] });

    const settings = await http(fixture.A, 'POST', 'imports/warehouse-settings', [
      { warehouseId: WH, purchaseSecurityLeadDays: 1, daysToPurchase: 1 },
      { warehouseId: `nowhere-${run}`, daysToPurchase: 2 },
      { warehouseId: WH, daysToPurchase: -1 },
    ]);
    expect(settings.body).toMatchObject({ rows: 3, updated: 0, unchanged: 1, refused: 2 });
    expect(refusedFields(settings.body)).toEqual({ 2: ['warehouseId'], 3: ['daysToPurchase'] });
  });

  it('imports BOMs refusing a BOM of its own product and an unknown component', async () => {
    await product(P(20), { routes: ['manufacture'] });
    await product(P(21));
    const res = await http(fixture.A, 'POST', 'imports/boms', [
      { id: `BOM-${run}-1`, productId: P(20), outputQty: '1', productionDelayDays: 2, components: [{ productId: P(21), quantity: '2' }] },
      { id: `BOM-${run}-2`, productId: P(20), outputQty: '1', productionDelayDays: 2, components: [{ productId: P(20), quantity: '1' }] },
      { id: `BOM-${run}-3`, productId: P(20), outputQty: '1', productionDelayDays: 2, components: [{ productId: `ghost-${run}`, quantity: '1' }] },
      { id: `BOM-${run}-4`, productId: P(20), outputQty: '0', productionDelayDays: 2, components: [] },
    ]);
    expect(res.body).toMatchObject({ rows: 4, created: 1, refused: 3 });
    expect(refusedFields(res.body)).toEqual({ 2: ['components'], 3: ['components.0.productId'], 4: ['outputQty'] });
    // Only the MRP fields changed: an update, not "unchanged".
    const bom = { id: `BOM-${run}-1`, productId: P(20), outputQty: '1', productionDelayDays: 2, components: [{ productId: P(21), quantity: '2' }] };
    expect((await http(fixture.A, 'POST', 'imports/boms', [bom])).body).toMatchObject({ unchanged: 1, updated: 0 });
    expect((await http(fixture.A, 'POST', 'imports/boms', [{ ...bom, type: 'phantom' }])).body).toMatchObject({ unchanged: 0, updated: 1 });
    expect((await http(fixture.A, 'POST', 'imports/boms', [{ ...bom, type: 'phantom', components: [{ productId: P(21), quantity: '2', scrapPercent: '5' }] }])).body)
      .toMatchObject({ unchanged: 0, updated: 1 });
  });

  it('imports reordering rules from CSV, evaluates the automatic ones once for the import (drafts raised), and a re-import changes nothing', async () => {
    for (const n of [30, 31, 32, 33, 34, 35]) await product(P(n));
    expect((await http(fixture.A, 'PUT', `mps-planning/${P(34)}/${WH}`)).status).toBe(204);
    const csv = [
      'productId,warehouseId,min,max,multiple,trigger,vendorId',
      `${P(30)},${WH},10,50,5,automatic,`, // 2: orders 50 (no stock)
      `${P(31)},${WH},0,20,,automatic,`, // 3: orders 20
      `${P(32)},${WH},5,10,1,manual,`, // 4: manual, suggestion only
      `${P(33)},${WH},60,50,1,automatic,`, // 5: min above max
      `ghost-${run},${WH},1,2,1,automatic,`, // 6: unknown product
      `${P(34)},${WH},1,2,1,automatic,`, // 7: planned by the MPS
      `${P(30)},${WH},1,2,1,automatic,`, // 8: the pair of line 2 again
      `${P(33)},${WH},ten,50,1,automatic,`, // 9: not a decimal
      `${P(35)},${WH},1,5,1,automatic,V-none-${run}`, // 10: a vendor that does not exist
    ].join('\n');
    const res = await post('imports/reordering-rules', 'text/csv', csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 9, created: 3, refused: 6, evaluation: { evaluated: 2, ordered: 2, failed: 0 } });
    expect(refusedFields(res.body)).toEqual({ 5: ['min'], 6: ['productId'], 7: ['(row)'], 8: ['productId@warehouseId'], 9: ['min'], 10: ['vendorId'] });
    const drafts = await fixture.openDrafts();
    const lines = drafts.flatMap((d: any) => d.lines).filter((l: any) => [P(30), P(31), P(32)].includes(l.productId));
    expect(lines.map((l: any) => [l.productId, l.quantity]).sort()).toEqual([[P(30), '50'], [P(31), '20']]);
    const evaluations = await query(fixture.db.databaseUrl, `SELECT product_id, cause FROM planning.rule_evaluations WHERE product_id = ANY($1) ORDER BY product_id`, [[P(30), P(31), P(32)]]);
    expect(evaluations).toEqual([{ product_id: P(30), cause: 'rule-imported' }, { product_id: P(31), cause: 'rule-imported' }]);
    expect(await eventsOf(res.correlationId)).toBeGreaterThan(0);

    // The same rows again: nothing written, no evaluation, no event.
    const stamps = await query(fixture.db.databaseUrl, `SELECT id, updated_at FROM planning.reordering_rules ORDER BY id`);
    const again = await post('imports/reordering-rules', 'text/csv', csv);
    expect(again.body).toMatchObject({ rows: 9, created: 0, updated: 0, unchanged: 3, refused: 6, evaluation: { evaluated: 0, ordered: 0 } });
    expect(await eventsOf(again.correlationId)).toBe(0);
    expect(await query(fixture.db.databaseUrl, `SELECT id, updated_at FROM planning.reordering_rules ORDER BY id`)).toEqual(stamps);
    expect(await query(fixture.db.databaseUrl, `SELECT count(*)::int AS n FROM planning.rule_evaluations WHERE product_id = ANY($1)`, [[P(30), P(31)]])).toEqual([{ n: 2 }]);

    // A changed row is an update, evaluated again.
    const changed = await http(fixture.A, 'POST', 'imports/reordering-rules', [{ productId: P(32), warehouseId: WH, min: '5', max: '10', trigger: 'automatic' }]);
    expect(changed.body).toMatchObject({ updated: 1, evaluation: { evaluated: 1, ordered: 1 } });
  });

  it('exports every kind in CSV, NDJSON and JSON; importing an export changes nothing and publishes nothing', async () => {
    const imports: { correlationId: string }[] = [];
    for (const kind of ['products', 'vendors', 'boms', 'warehouse-settings', 'reordering-rules']) {
      const unchangedOf = async (type: string, text: string): Promise<number> => {
        const answer = await post(`imports/${kind}`, type, text);
        imports.push(answer);
        expect([kind, type, answer.body]).toEqual([kind, type, expect.objectContaining({ created: 0, updated: 0, refused: 0, unchanged: answer.body.rows })]);
        return answer.body.unchanged;
      };
      const csv = await exported(kind, 'csv');
      expect(csv.type).toContain('text/csv');
      const fromCsv = await unchangedOf('text/csv', csv.text);
      expect(fromCsv).toBeGreaterThan(0);
      const fromNdjson = await unchangedOf('application/x-ndjson', (await exported(kind, 'ndjson')).text);
      const json = await exported(kind, 'json');
      const rows = JSON.parse(json.text).length;
      expect(await unchangedOf('application/json', json.text)).toBe(rows);
      // The same rows in the three formats. Not for warehouses: planning learns them from warehouse.created on the
      // shared topic, and another run's new warehouse may arrive between two exports.
      if (kind !== 'warehouse-settings') expect([fromNdjson, rows]).toEqual([fromCsv, fromCsv]);
    }
    for (const { correlationId } of imports) expect([correlationId, await eventsOf(correlationId)]).toEqual([correlationId, 0]);
    // Accept chooses the format when ?format does not.
    const res = await fetch(new URL('exports/vendors', fixture.A), { headers: { accept: 'application/x-ndjson' } });
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
  });

  it('documents each import with its three formats, an example of each, and its roles', async () => {
    const doc = (await (await fetch(new URL('docs-json', fixture.A))).json()) as any;
    for (const kind of ['products', 'vendors', 'boms', 'warehouse-settings', 'reordering-rules']) {
      const op = doc.paths[`/imports/${kind}`].post;
      expect(Object.keys(op.requestBody.content).sort()).toEqual(['application/json', 'application/x-ndjson', 'text/csv']);
      for (const content of Object.values<any>(op.requestBody.content)) expect(content.example).toBeDefined();
      expect(op['x-roles']).toEqual(kind === 'reordering-rules' ? ['planner'] : ['admin']);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '413', '415']));
      expect(doc.paths[`/exports/${kind}`].get['x-roles']).toEqual(['viewer']);
    }
  });

  it('refuses a body that is no list of rows, another media type, and more than its limits', async () => {
    expect((await http(fixture.A, 'POST', 'imports/vendors', { id: 'V-1', name: 'not in a list' })).body.errors).toEqual([{ field: '(body)', reason: expect.stringContaining('JSON array') }]);
    expect((await post('imports/vendors', 'text/csv', 'id,name\n"V-1,unclosed')).body.errors[0].field).toBe('(body)');
    expect((await post('imports/vendors', 'text/plain', 'V-1')).status).toBe(415);
    expect((await post('imports/vendors', 'text/csv', 'id,__proto__.polluted\nV-1,yes\n')).body.errors).toEqual([{ field: '(body)', reason: 'header column __proto__.polluted is not a field path' }]);
    expect(({} as any).polluted).toBeUndefined();
    expect((await fetch(new URL('exports/vendors?format=xml', fixture.A))).status).toBe(400);
    // The limits: 100,000 rows (400 naming the body) and 32 MB (413) per import.
    const many = await post('imports/vendors', 'text/csv', `id,name\n${'V,x\n'.repeat(100_001)}`);
    expect(many.body.errors).toEqual([{ field: '(body)', reason: 'holds 100001 rows: at most 100000 per import, split it' }]);
    expect((await post('imports/vendors', 'text/csv', `id,name\nV,${'x'.repeat(33 * 1024 * 1024)}\n`)).status).toBe(413);
  });
});

const V = (n: number) => `V-${run}-${n}`;
