/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
// Decision planning-025: draft-order.updated (schema version 2) carries what a version changed, not the whole draft:
// the lines it added or changed (their origins as what the version did to them), those it removed and how many are
// left. Applied in version order to draft-order.raised, the events give the draft the REST API shows.
import { salesOrderCancelled, salesOrderConfirmed, salesOrderLineChanged, topics } from '@replenish/contracts';
import { addDaysIso, http, todayUtc, waitFor } from './helpers.js';
import { readEvents } from './kafka.js';
import { UNIT, useFeatureFixture } from './feature-fixture.js';

const fixture = useFeatureFixture({ prefix: 'planning_draft_changes', markedTopics: [topics.draftOrders] });
const { run, WH } = fixture;
const DELIVERY = addDaysIso(todayUtc(), 3);

const salesLine = (productId: string, lineId: string) => ({ lineId, lineRef: '1', lineNo: 1, productId, warehouseId: WH, uom: 'Units', route: 'mto' as const, deliveryDate: DELIVERY });
const confirm = (so: string, productId: string, lineId: string, quantity: string) =>
  fixture.producer.send(salesOrderConfirmed, { salesOrderId: so, orderRef: so, confirmedAt: new Date().toISOString(), lines: [{ ...salesLine(productId, lineId), quantity }] });

/** A draft as a consumer keeps it: lines by id, each line's origins as sums per (kind, ref). */
interface Folded { version: number; lines: Map<string, { productId: string; quantity: string; origins: Map<string, number> }> }

/** Applies one draft-order.* event to what a consumer knows of the draft (raised, confirmed, cancelled: whole). */
function apply(draft: Folded | undefined, e: { type: string; payload: any }): Folded {
  const p = e.payload;
  if (e.type !== 'draft-order.updated') {
    const lines = new Map<string, Folded['lines'] extends Map<string, infer L> ? L : never>(p.lines.map((l: any) => [l.lineId, {
      productId: l.productId, quantity: l.quantity, origins: new Map(l.origins.map((o: any) => [`${o.kind}|${o.ref}`, Number(o.quantity)])),
    }]));
    return { version: p.version, lines };
  }
  if (!draft || p.version !== draft.version + 1) throw new Error(`version ${p.version} after ${draft?.version}: read the draft over REST`);
  for (const l of p.lines) {
    const origins = draft.lines.get(l.lineId)?.origins ?? new Map<string, number>();
    for (const c of l.originChanges) {
      const sum = (origins.get(`${c.kind}|${c.ref}`) ?? 0) + Number(c.quantity);
      if (sum === 0) origins.delete(`${c.kind}|${c.ref}`);
      else origins.set(`${c.kind}|${c.ref}`, sum);
    }
    draft.lines.set(l.lineId, { productId: l.productId, quantity: l.quantity, origins });
  }
  for (const r of p.removedLines) draft.lines.delete(r.lineId);
  expect(draft.lines.size).toBe(p.lineCount);
  return { version: p.version, lines: draft.lines };
}

/** The REST view in the folded shape (its origins one per origin: summed here). */
function foldedOf(view: any): Folded {
  return {
    version: view.version,
    lines: new Map(view.lines.map((l: any) => {
      const origins = new Map<string, number>();
      for (const o of l.origins) origins.set(`${o.kind}|${o.ref}`, (origins.get(`${o.kind}|${o.ref}`) ?? 0) + Number(o.quantity));
      return [l.lineId, { productId: l.productId, quantity: l.quantity, origins }];
    })),
  };
}

describe('draft-order.updated carries what a version changed (decision planning-025)', () => {
  it('top-ups, a new line, a shrink and a removal: each event names only its lines; folded in order they give the draft over REST', async () => {
    const { A } = fixture;
    const vendor = `changes-vendor-${run}`;
    const [p1, p2] = [`changes-a-${run}`, `changes-b-${run}`];
    expect((await http(A, 'POST', 'vendors', { id: vendor, name: vendor })).status).toBe(201);
    for (const p of [p1, p2]) {
      expect((await http(A, 'POST', 'products', { id: p, sku: `SKU-${p}`, name: p, stockUom: UNIT, routes: ['mto', 'buy'] })).status).toBe(201);
      expect((await http(A, 'POST', `products/${p}/suppliers`, { vendorId: vendor, leadTimeDays: 3 })).status).toBe(201);
    }
    const open = async () => (await http<any[]>(A, 'GET', `draft-orders?vendorId=${vendor}&warehouseId=${WH}`)).body;
    const atVersion = async (version: number) => {
      await waitFor(async () => (await open())[0]?.version === version, { description: `draft at version ${version}`, timeoutMs: 30_000 });
      return (await open())[0];
    };

    await confirm(`so1-${run}`, p1, `l1-${run}`, '5');
    await atVersion(1);
    await confirm(`so2-${run}`, p1, `l2-${run}`, '3');
    await atVersion(2);
    await confirm(`so3-${run}`, p2, `l3-${run}`, '4');
    await atVersion(3);
    await fixture.producer.send(salesOrderLineChanged, { salesOrderId: `so1-${run}`, orderRef: `so1-${run}`, ...salesLine(p1, `l1-${run}`), oldQuantity: '5', newQuantity: '2' });
    await atVersion(4);
    await fixture.producer.send(salesOrderCancelled, {
      salesOrderId: `so3-${run}`, orderRef: `so3-${run}`, wasConfirmed: true, lines: [{ ...salesLine(p2, `l3-${run}`), quantity: '4', deliveredQuantity: '0' }],
    });
    const draft = await atVersion(5);

    const events = (await readEvents(fixture.brokers, fixture.marks, topics.draftOrders, (e) => e.envelope?.payload?.draftOrderId === draft.draftOrderId, { count: 5 }))
      .map((e) => e.envelope);
    expect(events.map((e) => [e.type, e.schemaVersion, e.payload.version])).toEqual([
      ['draft-order.raised', 1, 1], ['draft-order.updated', 2, 2], ['draft-order.updated', 2, 3], ['draft-order.updated', 2, 4], ['draft-order.updated', 2, 5],
    ]);
    const [, topUp, added, shrunk, removed] = events.map((e) => e.payload);
    const change = (l: any) => [l.productId, l.quantity, l.originChanges.map((c: any) => [c.kind, c.ref, c.quantity])];
    // the top-up of p1: its line at 8, only the origin it added
    expect(topUp.lines.map(change)).toEqual([[p1, '8', [['sales-order-line', `l2-${run}`, '3']]]]);
    expect([topUp.removedLines, topUp.lineCount]).toEqual([[], 1]);
    // p2's new line: p1's line is not published again
    expect(added.lines.map(change)).toEqual([[p2, '4', [['sales-order-line', `l3-${run}`, '4']]]]);
    expect(added.lineCount).toBe(2);
    // so1's line from 5 to 2: p1's line at 5, its origin of l1 down by 3
    expect(shrunk.lines.map(change)).toEqual([[p1, '5', [['sales-order-line', `l1-${run}`, '-3']]]]);
    // so3 cancelled: p2's line removed, nothing else
    expect([removed.lines, removed.removedLines, removed.lineCount]).toEqual([[], [{ lineId: added.lines[0].lineId, productId: p2 }], 1]);

    let folded: Folded | undefined;
    for (const e of events) folded = apply(folded, e);
    expect(folded).toEqual(foldedOf(draft));

    // The versions keep whole lines: rows holding only the changed lines are folded when read.
    const versions = (await http<any[]>(A, 'GET', `draft-orders/${draft.draftOrderId}/versions`)).body;
    expect(versions.map((v) => v.lines.map((l: any) => [l.productId, l.quantity]))).toEqual([
      [[p1, '5']], [[p1, '8']], [[p1, '8'], [p2, '4']], [[p1, '5'], [p2, '4']], [[p1, '5']],
    ]);
    expect(versions.map((v) => v.changedLines)).toEqual([
      [{ productId: p1, uom: 'Units', after: '5' }], [{ productId: p1, uom: 'Units', before: '5', after: '8' }], [{ productId: p2, uom: 'Units', after: '4' }],
      [{ productId: p1, uom: 'Units', before: '8', after: '5' }], [{ productId: p2, uom: 'Units', before: '4' }],
    ]);
    const page = (await http<any[]>(A, 'GET', `draft-orders/${draft.draftOrderId}/versions?offset=3&limit=1`)).body;
    expect(page.map((v) => [v.version, v.lines.length, v.changedLines])).toEqual([[4, 2, [{ productId: p1, uom: 'Units', before: '8', after: '5' }]]]);
  });
});
