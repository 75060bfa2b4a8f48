/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { salesOrderConfirmed, stockPositionChanged, topics } from '@replenish/contracts';
import { addDaysIso, http, todayUtc, waitFor } from './helpers.js';
import { useFeatureFixture, UNIT } from './feature-fixture.js';
import { readEvents } from './kafka.js';

// MRP in planning (issue 13 parts 3 and 4, decision planning-021) on real PostgreSQL and Kafka: a 3-level bike, a sales
// order's position, the suggestions at every level with their pegging up to the order line, regenerative runs,
// requirements, firming into drafts of MRP's own key, and the errors the API answers.
const fixture = useFeatureFixture({ prefix: 'planning_mrp', markedTopics: [topics.mrp, topics.draftOrders] });
const { run, WH } = fixture;
let A: string;
const bike = `bike-${run}`;
const frame = `frame-${run}`;
const wheel = `wheel-${run}`;
const tube = `tube-${run}`;
const policy = `MRP-${run}`;
const due = addDaysIso(todayUtc(), 40);
const lineId = `SOL-${run}-1`;
let sequence = 1;

const suggestionsOf = async (productId: string): Promise<any[]> => (await http(A, 'GET', `mrp/suggestions?productId=${productId}&warehouseId=${WH}`)).body.items;
const position = (productId: string, onHand: string, outgoing: { date: string; quantity: string }[] = []) =>
  fixture.producer.send(stockPositionChanged, { productId, warehouseId: WH, uom: 'Units', onHand, incoming: [], outgoing, sequence: sequence++, asOf: new Date().toISOString() });

beforeAll(async () => {
  ({ A } = fixture);
  const post = async (path: string, body: unknown) => expect((await http(A, 'POST', path, body)).status).toBe(201);
  for (const p of [bike, frame]) await post('products', { id: p, sku: `SKU-${p}`, name: p, stockUom: UNIT, routes: ['manufacture'] });
  for (const p of [wheel, tube]) await fixture.product(p);
  await post('boms', { id: `BOM-${bike}`, productId: bike, outputQty: '1', productionDelayDays: 2, components: [{ productId: frame, quantity: '1' }, { productId: wheel, quantity: '2' }] });
  await post('boms', { id: `BOM-${frame}`, productId: frame, outputQty: '1', productionDelayDays: 3, components: [{ productId: tube, quantity: '3' }] });
  await post('reorder-policies', { code: policy });
  for (const p of [bike, frame, wheel, tube]) {
    expect((await http(A, 'PUT', `products/${p}/sites/${WH}/planning`, { planningMethod: 'mrp', reorderPolicyCode: policy })).status).toBe(200);
  }
  // The sales order, and the position inventory publishes from it (its planned delivery).
  await fixture.producer.send(salesOrderConfirmed, {
    salesOrderId: `SO-${run}`, orderRef: `SO-${run}`, confirmedAt: new Date().toISOString(),
    lines: [{ lineId, lineRef: '1', lineNo: 1, productId: bike, warehouseId: WH, quantity: '5', uom: 'Units', route: 'stock', deliveryDate: due }],
  });
  await position(bike, '0', [{ date: due, quantity: '5' }]);
  // Both events applied (in either order): the bike's work order pegs the order line.
  await waitFor(async () => {
    const [wos] = await suggestionsOf(bike);
    return (await suggestionsOf(tube)).length > 0 && wos !== undefined
      && JSON.stringify((await http(A, 'GET', `mrp/suggestions/${encodeURIComponent(wos.suggestionId)}`)).body.pegging).includes(lineId);
  }, { description: 'the sales order planned down to the tubes', timeoutMs: 90_000 });
});

describe('net change from the events', () => {
  it('plans every level: a WOS for the bike and the frame, POS for the wheels and tubes, quantities through the BOMs, dates offset by lead days', async () => {
    // Work orders: the BOM's production delay; purchases: vendor lead 3 + security 1 + 1 day to purchase. A component
    // is due when its parent starts.
    const plan = async (p: string) => (await suggestionsOf(p)).map((s) => [s.suggestionId, s.kind, s.quantity, s.dueDate, s.startDate]);
    expect(await plan(bike)).toEqual([[`WOS-${bike}@${WH}-1`, 'WOS', '5', due, addDaysIso(due, -2)]]);
    expect(await plan(frame)).toEqual([[`WOS-${frame}@${WH}-1`, 'WOS', '5', addDaysIso(due, -2), addDaysIso(due, -5)]]);
    expect(await plan(wheel)).toEqual([[`POS-${wheel}@${WH}-1`, 'POS', '10', addDaysIso(due, -2), addDaysIso(due, -7)]]);
    expect(await plan(tube)).toEqual([[`POS-${tube}@${WH}-1`, 'POS', '15', addDaysIso(due, -5), addDaysIso(due, -10)]]);
  });

  it("pegs a tube purchase up through the frame's and the bike's work orders to the sales order line", async () => {
    const [pos] = await suggestionsOf(tube);
    const tree = await http(A, 'GET', `mrp/suggestions/${encodeURIComponent(pos.suggestionId)}/pegging`);
    expect(tree.status).toBe(200);
    const ids: string[] = [];
    const walk = (n: any) => {
      ids.push(`${n.type}:${n.productId}`);
      for (const c of n.children) walk(c);
    };
    walk(tree.body);
    expect(ids).toEqual([`suggestion:${tube}`, `requirement:${tube}`, `suggestion:${frame}`, `requirement:${frame}`, `suggestion:${bike}`, `demand:${bike}`]);
    const chain: any[] = [];
    for (let n = tree.body; n; n = n.children[0]) chain.push([n.id, n.quantity]);
    expect(chain).toEqual([
      [pos.suggestionId, '15'], [`WOS-${frame}@${WH}-1/${tube}`, '15'], [`WOS-${frame}@${WH}-1`, '5'], [`WOS-${bike}@${WH}-1/${frame}`, '5'],
      [`WOS-${bike}@${WH}-1`, '5'], [`sales-order-line:${lineId}`, '5'],
    ]);
  });

  it('explains a suggestion and lists its trace requirement with the parent document number and code MWS', async () => {
    const [pos] = await suggestionsOf(tube);
    const one = await http(A, 'GET', `mrp/suggestions/${encodeURIComponent(pos.suggestionId)}`);
    expect(one.status).toBe(200);
    expect(one.body.explanation.text).toEqual(expect.any(String));
    expect(one.body.pegging.reduce((n: number, p: any) => n + Number(p.quantity), 0)).toBe(15);
    const [wos] = await suggestionsOf(frame);
    const reqs = await http(A, 'GET', `mrp/requirements?productId=${tube}&warehouseId=${WH}`);
    expect(reqs.body.items).toEqual([expect.objectContaining({ productId: tube, quantity: '15', code: 'MWS', documentNumber: wos.suggestionId, parentProductId: frame })]);
  });

  it('publishes each changed product-site\'s suggestions, versioned', async () => {
    const [e] = await readEvents(fixture.brokers, fixture.marks, topics.mrp, (x) => x.envelope?.type === 'mrp-suggestions.changed' && x.envelope.payload.productId === tube);
    expect(e?.key).toBe(`${tube}@${WH}`);
    expect(e?.envelope.payload).toMatchObject({ warehouseId: WH, version: expect.any(Number), suggestions: [expect.objectContaining({ kind: 'POS', quantity: '15' })] });
  });

  it('a receipt of a component changes only that component\'s suggestions', async () => {
    const before = await Promise.all([bike, frame, wheel].map(suggestionsOf));
    await position(tube, '6');
    await waitFor(async () => (await suggestionsOf(tube))[0]?.quantity === '9', { description: 'tubes on hand reduce the tube purchase', timeoutMs: 60_000 });
    expect(await Promise.all([bike, frame, wheel].map(suggestionsOf))).toEqual(before);
  });
});

describe('regenerative runs', () => {
  it('answers a run at once, then shows it done with every site read and written, and the same suggestions', async () => {
    const before = await suggestionsOf(wheel);
    const started = await http(A, 'POST', 'mrp/runs');
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ id: expect.any(String), state: 'running', cause: 'on-demand' });
    const done = await http(A, 'POST', 'mrp/runs?wait=true');
    expect(done.status).toBe(200);
    const read = await http(A, 'GET', `mrp/runs/${started.body.id}`);
    expect(read.body).toMatchObject({ state: 'done', phase: 'finished' });
    expect(read.body.done).toBe(read.body.total);
    expect(read.body.total).toBeGreaterThanOrEqual(8);
    expect((await suggestionsOf(wheel)).map((s) => [s.suggestionId, s.quantity, s.dueDate])).toEqual(before.map((s) => [s.suggestionId, s.quantity, s.dueDate]));
    expect((await http<any[]>(A, 'GET', 'mrp/runs?limit=5')).body[0]).toMatchObject({ id: expect.any(String) });
  });
});

describe('firming', () => {
  it('puts a suggestion on a draft of its own key (|mrp) whose line names it, publishes the draft, and plans the site again', async () => {
    const [pos] = await suggestionsOf(wheel);
    const r = await http(A, 'POST', 'mrp/suggestions/firm', { ids: [pos.suggestionId] });
    expect(r.status).toBe(200);
    expect(r.body.refused).toEqual([]);
    expect(r.body.firmed).toEqual([expect.objectContaining({ suggestionId: pos.suggestionId, kind: 'POS', quantity: '10', draftOrderId: expect.any(String) })]);
    const draft = await http(A, 'GET', `draft-orders/${r.body.firmed[0].draftOrderId}`);
    expect(draft.body.topUpKey).toBe(`purchase|${fixture.VENDOR}|${WH}|mrp`);
    expect(draft.body.lines).toEqual([expect.objectContaining({ productId: wheel, quantity: '10' })]);
    expect(draft.body.lines[0].origins).toEqual([expect.objectContaining({ kind: 'mrp', ref: pos.suggestionId })]);
    const [e] = await readEvents(fixture.brokers, fixture.marks, topics.draftOrders, (x) => x.envelope?.payload?.draftOrderId === r.body.firmed[0].draftOrderId);
    expect(e?.envelope.type).toBe('draft-order.raised');
    // The draft line is the wheels' receipt now: no suggestion left.
    expect(await suggestionsOf(wheel)).toEqual([]);
  });

  it('firms by a filter too', async () => {
    const r = await http(A, 'POST', 'mrp/suggestions/firm', { productId: tube, kind: 'POS' });
    expect(r.status).toBe(200);
    expect(r.body.firmed).toHaveLength(1);
    expect(await suggestionsOf(tube)).toEqual([]);
  });
});

describe('errors', () => {
  it('answers 404 for an unknown suggestion or run, 400 naming the field for bad input', async () => {
    expect((await http(A, 'GET', 'mrp/suggestions/POS-nope@WH-1')).status).toBe(404);
    expect((await http(A, 'GET', 'mrp/suggestions/POS-nope@WH-1/pegging')).status).toBe(404);
    expect((await http(A, 'GET', `mrp/runs/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)).status).toBe(404);
    const field = async (r: Promise<any>) => { const x = await r; return [x.status, (x.body.errors ?? []).map((e: any) => e.field)]; };
    expect(await field(http(A, 'GET', 'mrp/suggestions?kind=XYZ'))).toEqual([400, ['kind']]);
    expect(await field(http(A, 'GET', 'mrp/messages?limit=0'))).toEqual([400, ['limit']]);
    expect(await field(http(A, 'POST', 'mrp/suggestions/firm', {}))).toEqual([400, ['ids']]);
    expect(await field(http(A, 'POST', 'mrp/suggestions/firm', { ids: ['a'], productId: bike }))).toEqual([400, ['ids']]);
    expect(await field(http(A, 'POST', 'mrp/suggestions/firm', { ids: ['POS-nope@WH-1'] }))).toEqual([404, ['ids.0']]);
  });
});
