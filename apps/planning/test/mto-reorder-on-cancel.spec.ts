/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
// Decision planning-008: when the purchasing system cancels a draft, the make-to-order sales lines that had
// quantity on it are ordered again (once), on a new draft, except the lines of cancelled sales orders. A decrease
// that no open draft can absorb names the confirmed drafts holding the excess. Planning runs against real PostgreSQL and Kafka, in a
// consumer group of its own that starts at the topics' ends (other runs' messages are not replayed).
import { randomUUID } from 'node:crypto';
import {
  createEnvelope, purchaseOrderCancelled, purchaseOrderConfirmed, salesOrderCancelled, salesOrderConfirmed, salesOrderLineChanged, stockPositionChanged,
  topics,
} from '@replenish/contracts';
import type { TestDatabase } from '@replenish/test-infra';
import { addDaysIso, EventProducer, http, query, todayUtc, waitFor } from './helpers.js';
import { learnWarehouse, startPlanning, type PlanningUnderTest } from './planning-app.js';
import { markTopics, readEvents, type TopicMarks } from './kafka.js';

const run = randomUUID().slice(0, 8);
const WH = `WH-reorder-${run}`;
const UNIT = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const DELIVERY = addDaysIso(todayUtc(), 3);
// Other runs' inventory services on the shared Kafka also read our sales orders and publish positions of our
// products (sequence 1, 2...): ours must be the newest for planning to keep them.
const POSITION_SEQUENCE = 1_000_000_000;

let db: TestDatabase;
let base: string;
let group: string;
let producer: EventProducer;
let brokers: string[];

let planning: PlanningUnderTest;

beforeAll(async () => {
  planning = await startPlanning('planning_reorder');
  ({ db, base, group, producer } = planning);
  brokers = planning.brokers;
  expect((await learnWarehouse(producer, base, WH, { purchaseSecurityLeadDays: 1, daysToPurchase: 1 })).status).toBe(200);
});

afterAll(async () => {
  await planning?.close();
});

/** A product made to order and bought from its own vendor (3 days), so each test has its own top-up key. */
async function mtoProduct(id: string, vendorId: string, extra: Record<string, unknown> = {}): Promise<void> {
  expect((await http(base, 'POST', 'vendors', { id: vendorId, name: vendorId })).status).toBe(201);
  expect((await http(base, 'POST', 'products', { id, sku: `SKU-${id}`, name: id, stockUom: UNIT, routes: ['mto', 'buy'], ...extra })).status).toBe(201);
  expect((await http(base, 'POST', `products/${id}/suppliers`, { vendorId, leadTimeDays: 3 })).status).toBe(201);
}

const salesLine = (productId: string, lineId: string) => ({ lineId, lineRef: '1', lineNo: 1, productId, warehouseId: WH, uom: 'Units', route: 'mto' as const, deliveryDate: DELIVERY });
const confirm = (so: string, productId: string, lineId: string, quantity: string) =>
  producer.send(salesOrderConfirmed, { salesOrderId: so, orderRef: so, confirmedAt: new Date().toISOString(), lines: [{ ...salesLine(productId, lineId), quantity }] });
const change = (so: string, productId: string, lineId: string, oldQuantity: string, newQuantity: string) =>
  producer.send(salesOrderLineChanged, { salesOrderId: so, orderRef: so, ...salesLine(productId, lineId), oldQuantity, newQuantity });

/** Every draft of a vendor at the test warehouse, oldest first (any state). */
async function draftsOf(vendorId: string): Promise<any[]> {
  const r = await http<any[]>(base, 'GET', `draft-orders?vendorId=${vendorId}&warehouseId=${WH}`);
  expect(r.status).toBe(200);
  return r.body;
}

/** Waits until the vendor's open draft has this quantity of the product. */
const openDraftWith = (vendorId: string, productId: string, quantity: string) =>
  waitFor(async () => {
    const open = (await draftsOf(vendorId)).filter((d) => d.state === 'draft');
    return open.length === 1 && open[0].lines.find((l: any) => l.productId === productId)?.quantity === quantity ? open[0] : undefined;
  }, { description: `open draft of ${vendorId} with ${quantity} ${productId}`, timeoutMs: 30000 });

/** Waits until the vendor's open draft is another one than `draftId` (the re-ordered draft). */
const newOpenDraft = (vendorId: string, draftId: string) =>
  waitFor(async () => {
    const open = (await draftsOf(vendorId)).filter((d) => d.state === 'draft');
    return open.length === 1 && open[0].draftOrderId !== draftId ? open[0] : undefined;
  }, { description: `a new open draft of ${vendorId}`, timeoutMs: 30000 });

const stateOf = async (draftId: string): Promise<string> => (await http(base, 'GET', `draft-orders/${draftId}`)).body.state;

/** Planning handled (committed) this event: it is in planning's inbox for our consumer group. */
const handled = (eventId: string) =>
  waitFor(async () => (await query(db.databaseUrl, `SELECT 1 FROM planning.inbox WHERE event_id = $1 AND consumer_group = $2`, [eventId, group])).length > 0, { description: `event ${eventId} handled`, timeoutMs: 30000 });

/** The purchasing system's cancel, as an envelope we can send again unchanged (a redelivery). */
async function sendCancel(draftOrderId: string): Promise<{ id: string; resend: () => Promise<void> }> {
  const env = createEnvelope(purchaseOrderCancelled, { draftOrderId, reason: 'Vendor cannot deliver.' }, { source: 'purchasing-test' });
  const resend = () => producer.sendRaw(purchaseOrderCancelled.topic, env.key, JSON.stringify(env));
  await resend();
  return { id: env.id, resend };
}

describe('a draft cancelled by the purchasing system', () => {
  it('re-orders its open MTO line on a new draft once, before the rules; a cancelled line is not re-ordered; a later decrease shrinks the new draft', async () => {
    const p = `reorder-${run}`;
    const vendor = `reorder-vendor-${run}`;
    await mtoProduct(p, vendor);
    await confirm(`so1-${run}`, p, `l1-${run}`, '7');
    await confirm(`so2-${run}`, p, `l2-${run}`, '3');
    await openDraftWith(vendor, p, '10');
    // so2 is cancelled before anything was delivered: its 3 leave the draft
    await producer.send(salesOrderCancelled, { salesOrderId: `so2-${run}`, orderRef: `REF-so2-${run}`, wasConfirmed: true, lines: [{ ...salesLine(p, `l2-${run}`), quantity: '3', deliveredQuantity: '0' }] });
    const d1 = await openDraftWith(vendor, p, '7');

    // Inventory's position shows so1's 7 going out on the delivery date; a just-in-time automatic rule (min = max = 0)
    // sees the MTO draft cancel that demand (forecast 0) and orders nothing.
    const position = await producer.send(stockPositionChanged, {
      productId: p, warehouseId: WH, uom: 'Units', onHand: '0', incoming: [], outgoing: [{ date: DELIVERY, quantity: '7' }], sequence: POSITION_SEQUENCE, asOf: new Date().toISOString(),
    });
    await handled(position);
    expect((await http(base, 'POST', 'reordering-rules', { productId: p, warehouseId: WH, min: '0', max: '0', trigger: 'automatic' })).status).toBe(201);
    expect((await draftsOf(vendor)).map((d) => [d.draftOrderId, d.state, d.version])).toEqual([[d1.draftOrderId, 'draft', d1.version]]);

    const marks: TopicMarks = await markTopics(brokers, [topics.draftOrders]);
    const cancel = await sendCancel(d1.draftOrderId);
    const d2 = await newOpenDraft(vendor, d1.draftOrderId);
    expect(d2.version).toBe(1);
    expect(d2.topUpKey).toBe(d1.topUpKey);
    expect(await stateOf(d1.draftOrderId)).toBe('cancelled');
    // only the open sales line, dated from its delivery date (need = delivery, planned = need - 1 day security)
    const line = d2.lines.find((l: any) => l.productId === p);
    expect(d2.lines).toHaveLength(1);
    expect(line.plannedDate).toBe(addDaysIso(DELIVERY, -1));
    // the sales line is the only origin: had the rule run before the re-order, it would have ordered 7 more
    expect(line.origins).toEqual([expect.objectContaining({ kind: 'sales-order-line', ref: `l1-${run}`, quantity: '7' })]);
    const explain = await http(base, 'GET', `draft-orders/${d2.draftOrderId}/lines/${line.lineId}/explain`);
    expect(explain.body.origins).toEqual([
      expect.objectContaining({ kind: 'sales-order-line', ref: `l1-${run}`, quantity: '7', salesOrderId: `so1-${run}`, eventId: cancel.id }),
    ]);
    expect(explain.body.origins[0].evaluation.cause).toBe('purchase-order.cancelled');
    expect(explain.body.origins[0].evaluation.explanation.text).toContain(`draft ${d1.draftOrderId} was cancelled while it held 7`);
    // the line by its order's reference and number; the planned date by the security lead time
    expect(explain.body.origins[0].evaluation.explanation.text).toContain(`held 7 for MTO so1-${run}, line 1;`);
    expect(explain.body.origins[0].evaluation.explanation.text).toContain(
      `re-order 7; planned for ${addDaysIso(DELIVERY, -1)}: the delivery date ${DELIVERY} minus 1 security lead day`,
    );

    // Redelivery of the same event, then the same cancel again under a new id (same key: handled after it)
    await cancel.resend();
    const again = await sendCancel(d1.draftOrderId);
    await handled(again.id);
    expect((await draftsOf(vendor)).map((d) => [d.draftOrderId, d.state, d.version, d.lines.map((l: any) => l.quantity)])).toEqual([
      [d1.draftOrderId, 'cancelled', d1.version + 1, ['7']],
      [d2.draftOrderId, 'draft', 1, ['7']],
    ]);

    // so1's line decreased to 4: the new draft's line shrinks, the cancelled one stays as it was
    await change(`so1-${run}`, p, `l1-${run}`, '7', '4');
    const shrunk = await openDraftWith(vendor, p, '4');
    expect(shrunk).toMatchObject({ draftOrderId: d2.draftOrderId, version: 2 });
    expect((await http(base, 'GET', `draft-orders/${d1.draftOrderId}`)).body).toMatchObject({ state: 'cancelled', version: d1.version + 1 });

    // What planning published for the key since the first cancel: nothing for the redeliveries
    const published = await readEvents(brokers, marks, topics.draftOrders, (e) => e.key === d1.topUpKey, { count: 3, settleMs: 3000 });
    expect(published.map((e) => [e.envelope.type, e.envelope.payload.draftOrderId, e.envelope.payload.version])).toEqual([
      ['draft-order.cancelled', d1.draftOrderId, d1.version + 1],
      ['draft-order.raised', d2.draftOrderId, 1],
      ['draft-order.updated', d2.draftOrderId, 2],
    ]);
    expect(published[1]!.envelope.causationId).toBe(cancel.id);
  });

  it('re-orders only the share the cancelled draft held when the rest of the line is on a confirmed order', async () => {
    const p = `reorder-split-${run}`;
    const vendor = `reorder-split-vendor-${run}`;
    await mtoProduct(p, vendor);
    await confirm(`so3-${run}`, p, `l3-${run}`, '7');
    const d1 = await openDraftWith(vendor, p, '7');
    await producer.send(purchaseOrderConfirmed, { draftOrderId: d1.draftOrderId, externalRef: `PO-${run}` });
    await waitFor(async () => (await stateOf(d1.draftOrderId)) === 'confirmed', { description: 'confirmed', timeoutMs: 30000 });
    // +3 on a confirmed order: a new draft for the difference, which the purchasing system then cancels
    await change(`so3-${run}`, p, `l3-${run}`, '7', '10');
    const d2 = await openDraftWith(vendor, p, '3');
    await sendCancel(d2.draftOrderId);
    const d3 = await newOpenDraft(vendor, d2.draftOrderId);
    expect(d3.lines).toEqual([expect.objectContaining({ productId: p, quantity: '3', origins: [expect.objectContaining({ kind: 'sales-order-line', ref: `l3-${run}`, quantity: '3' })] })]);
    // a decrease comes off the newest open draft (not the confirmed order): no over-ordering exception
    await change(`so3-${run}`, p, `l3-${run}`, '10', '8');
    await openDraftWith(vendor, p, '1');
    expect((await draftsOf(vendor)).map((d) => [d.state, d.lines.map((l: any) => l.quantity)])).toEqual([
      ['confirmed', ['7']],
      ['cancelled', ['3']],
      ['draft', ['1']],
    ]);
    expect((await http<any[]>(base, 'GET', `exceptions?salesOrderId=so3-${run}`)).body).toEqual([]);
  });

  it('re-orders nothing of a cancelled sales order, not even the delivered part its draft still held; the other lines are re-ordered', async () => {
    const p = `reorder-cancelled-${run}`;
    const vendor = `reorder-cancelled-vendor-${run}`;
    await mtoProduct(p, vendor);
    await confirm(`so5-${run}`, p, `l5-${run}`, '6');
    await confirm(`so6-${run}`, p, `l6-${run}`, '3');
    await openDraftWith(vendor, p, '9');
    // so5 is cancelled after 2 of its 6 were delivered: the draft shrinks by 4 only and still holds 2 for it
    const cancelled = await producer.send(salesOrderCancelled, {
      salesOrderId: `so5-${run}`, orderRef: `REF-so5-${run}`, wasConfirmed: true, lines: [{ ...salesLine(p, `l5-${run}`), quantity: '6', deliveredQuantity: '2' }],
    });
    await handled(cancelled);
    const d1 = await openDraftWith(vendor, p, '5');
    expect(d1.lines[0].origins.map((o: any) => [o.ref, o.quantity]).sort()).toEqual([[`l5-${run}`, '2'], [`l6-${run}`, '3']].sort());
    const [marked] = await query(db.databaseUrl, `SELECT quantity::text AS quantity, cancelled_at IS NOT NULL AS cancelled FROM planning.mto_lines WHERE sales_order_line_id = $1`, [`l5-${run}`]);
    expect(marked).toEqual({ quantity: '2', cancelled: true });

    // the purchasing system cancels the draft: so6's 3 are re-ordered, none of so5's 2
    const cancel = await sendCancel(d1.draftOrderId);
    const d2 = await newOpenDraft(vendor, d1.draftOrderId);
    expect(d2.lines).toEqual([expect.objectContaining({ productId: p, quantity: '3', origins: [expect.objectContaining({ kind: 'sales-order-line', ref: `l6-${run}`, quantity: '3' })] })]);
    await handled(cancel.id);
    expect((await draftsOf(vendor)).map((d) => [d.draftOrderId, d.state, d.lines.map((l: any) => l.quantity)])).toEqual([
      [d1.draftOrderId, 'cancelled', ['5']],
      [d2.draftOrderId, 'draft', ['3']],
    ]);
    expect((await http<any[]>(base, 'GET', `exceptions?salesOrderId=so5-${run}`)).body).toEqual([]);
  });

  it('names the confirmed drafts that hold an over-ordered excess, not the open draft that absorbed the rest', async () => {
    const p = `reorder-excess-${run}`;
    const vendor = `reorder-excess-vendor-${run}`;
    const [so, line] = [`so7-${run}`, `l7-${run}`];
    const confirmDraft = async (draftOrderId: string, externalRef: string) => {
      await producer.send(purchaseOrderConfirmed, { draftOrderId, externalRef });
      await waitFor(async () => (await stateOf(draftOrderId)) === 'confirmed', { description: `${draftOrderId} confirmed`, timeoutMs: 30000 });
    };
    await mtoProduct(p, vendor);
    // 7 on a confirmed order c1, +3 on a confirmed order c2, +2 on the open draft d3
    await confirm(so, p, line, '7');
    const c1 = await openDraftWith(vendor, p, '7');
    await confirmDraft(c1.draftOrderId, `PO-1-${run}`);
    await change(so, p, line, '7', '10');
    const c2 = await openDraftWith(vendor, p, '3');
    await confirmDraft(c2.draftOrderId, `PO-2-${run}`);
    await change(so, p, line, '10', '12');
    const d3 = await openDraftWith(vendor, p, '2');

    // 12 -> 4: d3 absorbs 2 (emptied, so cancelled); the other 6 are over-ordered, the newest order first:
    // c2's 3, then 3 of c1's 7
    await change(so, p, line, '12', '4');
    await waitFor(async () => (await stateOf(d3.draftOrderId)) === 'cancelled', { description: 'the open draft emptied and cancelled', timeoutMs: 30000 });
    const [first] = await waitFor(async () => {
      const r = (await http<any[]>(base, 'GET', `exceptions?salesOrderId=${so}`)).body;
      return r.length === 1 ? r : undefined;
    }, { description: 'the over-ordered exception', timeoutMs: 30000 });
    expect(first).toMatchObject({ kind: 'over-ordered', quantity: '6', salesOrderLineId: line, draftOrderId: c2.draftOrderId });
    expect(first.message).toContain(`over-ordered by 6 Units for sales order ${so} on confirmed drafts ${c2.draftOrderId} (3), ${c1.draftOrderId} (3)`);

    // 4 -> 3, no open draft left: the excess is the next unit of c1 (c2's 3 were reported above)
    await change(so, p, line, '4', '3');
    const second = await waitFor(async () => {
      const r = (await http<any[]>(base, 'GET', `exceptions?salesOrderId=${so}`)).body;
      return r.length === 2 ? r.find((e: any) => e.exceptionId !== first.exceptionId) : undefined;
    }, { description: 'the second over-ordered exception', timeoutMs: 30000 });
    expect(second).toMatchObject({ kind: 'over-ordered', quantity: '1', draftOrderId: c1.draftOrderId });
    expect(second.message).toContain(`over-ordered by 1 Units for sales order ${so} on confirmed draft ${c1.draftOrderId}`);
    // the confirmed orders did not change
    expect((await draftsOf(vendor)).map((d) => [d.draftOrderId, d.state, d.lines.map((l: any) => l.quantity)])).toEqual([
      [c1.draftOrderId, 'confirmed', ['7']],
      [c2.draftOrderId, 'confirmed', ['3']],
      [d3.draftOrderId, 'cancelled', []],
    ]);
  });

  it('takes from stock first, as the first order did: free stock that covers the line means no new draft', async () => {
    const p = `reorder-stock-${run}`;
    const vendor = `reorder-stock-vendor-${run}`;
    await mtoProduct(p, vendor, { takeFromStockFirst: true });
    // no stock known yet: the line is ordered
    await confirm(`so4-${run}`, p, `l4-${run}`, '5');
    const d1 = await openDraftWith(vendor, p, '5');
    // then 20 arrive: free stock 20 - 5 promised = 15 covers the line
    const position = await producer.send(stockPositionChanged, {
      productId: p, warehouseId: WH, uom: 'Units', onHand: '20', incoming: [], outgoing: [{ date: DELIVERY, quantity: '5' }], sequence: POSITION_SEQUENCE, asOf: new Date().toISOString(),
    });
    await handled(position);
    const cancel = await sendCancel(d1.draftOrderId);
    await handled(cancel.id);
    expect((await draftsOf(vendor)).map((d) => [d.draftOrderId, d.state])).toEqual([[d1.draftOrderId, 'cancelled']]);
    expect((await http<any[]>(base, 'GET', `exceptions?salesOrderId=so4-${run}`)).body).toEqual([]);
  });
});
