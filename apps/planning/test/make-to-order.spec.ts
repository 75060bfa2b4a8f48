/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { randomUUID } from 'node:crypto';
import { purchaseOrderConfirmed, salesOrderCancelled, salesOrderConfirmed, salesOrderLineChanged } from '@replenish/contracts';
import { addDaysIso, http, todayUtc, waitFor } from './helpers.js';
import { readEvents } from './kafka.js';
import { useFeatureFixture } from './feature-fixture.js';

const fixture = useFeatureFixture({ prefix: 'planning_mto', markedTopics: ['planning.draft-orders', 'planning.exceptions', 'purchasing.orders.dlq'] });
const { run, WH, product, openDrafts } = fixture;
let A: string;
let producer: typeof fixture.producer;
let brokers: string[];
let marks: typeof fixture.marks;
let group: string;
beforeAll(() => {
  ({ A, producer, brokers, marks, group } = fixture);
});

describe('make to order', () => {
  const p = `mto-${run}`;
  const confirmed = (so: string, line: string, qty: string) =>
    producer.send(salesOrderConfirmed, {
      salesOrderId: so, orderRef: `REF-${so}`, confirmedAt: new Date().toISOString(),
      lines: [{ lineId: line, lineRef: '1', lineNo: 1, productId: p, warehouseId: WH, quantity: qty, uom: 'Units', route: 'mto', deliveryDate: addDaysIso(todayUtc(), 10) }],
    });
  const changed = (so: string, line: string, oldQ: string, newQ: string) =>
    producer.send(salesOrderLineChanged, {
      salesOrderId: so, orderRef: `REF-${so}`, lineId: line, lineRef: '1', productId: p, warehouseId: WH, uom: 'Units', route: 'mto',
      deliveryDate: addDaysIso(todayUtc(), 10), oldQuantity: oldQ, newQuantity: newQ,
    });
  const mtoDraft = async (qty: string) =>
    waitFor(async () => {
      const d = (await openDrafts()).find((x) => x.lines.some((l: any) => l.productId === p));
      return d?.lines.find((l: any) => l.productId === p).quantity === qty ? d : undefined;
    }, { description: `MTO draft with ${qty}`, timeoutMs: 30000 });

  it('raises, tops up, shrinks, freezes on confirmation, then raises a new draft and reports over-ordering', async () => {
    await product(p, { routes: ['mto', 'buy'] });
    await confirmed(`so1-${run}`, `l1-${run}`, '7');
    const d1 = await mtoDraft('7');
    const line = d1.lines.find((l: any) => l.productId === p);
    // need date = delivery (today+10); planned = need - purchase security 1
    expect(line.plannedDate).toBe(addDaysIso(todayUtc(), 9));
    expect(line.origins[0]).toMatchObject({ kind: 'sales-order-line', ref: `l1-${run}`, quantity: '7' });
    // its explanation names the line by the order's reference and the line's number, not by their ids
    const why = await http(A, 'GET', `draft-orders/${d1.draftOrderId}/lines/${line.lineId}/explain`);
    expect(why.body.origins[0].evaluation.explanation.text).toBe(
      `MTO REF-so1-${run}, line 1 confirmed for 7; order the whole line: 7; ` +
        `planned for ${addDaysIso(todayUtc(), 9)}: the delivery date ${addDaysIso(todayUtc(), 10)} minus 1 security lead day`,
    );
    await confirmed(`so2-${run}`, `l2-${run}`, '3');
    const d2 = await mtoDraft('10');
    expect(d2.draftOrderId).toBe(d1.draftOrderId);
    await changed(`so1-${run}`, `l1-${run}`, '7', '4');
    const d3 = await mtoDraft('7');
    expect(d3.draftOrderId).toBe(d1.draftOrderId);

    await producer.send(purchaseOrderConfirmed, { draftOrderId: d1.draftOrderId, externalRef: `PO-${run}` });
    const frozen = await waitFor(async () => {
      const r = await http(A, 'GET', `draft-orders/${d1.draftOrderId}`);
      return r.body.state === 'confirmed' ? r.body : undefined;
    }, { description: 'confirmed', timeoutMs: 30000 });
    expect(frozen.version).toBe(d3.version + 1);
    const ev = await readEvents(brokers, marks, 'planning.draft-orders', (e) => e.envelope?.type === 'draft-order.confirmed' && e.envelope.payload.draftOrderId === d1.draftOrderId);
    expect(ev[0]!.envelope.payload).toMatchObject({ state: 'confirmed', version: frozen.version });

    // decrease on the confirmed order: nothing changes, an exception is raised
    await changed(`so2-${run}`, `l2-${run}`, '3', '1');
    const exc = await waitFor(async () => (await http<any[]>(A, 'GET', `exceptions?salesOrderId=so2-${run}`)).body[0], { description: 'exception', timeoutMs: 30000 });
    expect(exc).toMatchObject({ kind: 'over-ordered', quantity: '2', draftOrderId: d1.draftOrderId });
    expect(exc.message).toContain('over-ordered by 2');
    expect(exc.message).toContain(`over-ordered by 2 Units for sales order REF-so2-${run} on confirmed draft ${d1.draftOrderId}`);
    // by id: other planning deployments on the shared Kafka read our sales orders too and publish their own
    // exceptions about them (under-ordered: our product is not in their catalogs)
    const pub = await readEvents(brokers, marks, 'planning.exceptions', (e) => e.envelope?.type === 'planning-exception.raised' && e.envelope.payload.exceptionId === exc.exceptionId);
    expect(pub[0]!.envelope.payload).toMatchObject({ kind: 'over-ordered', quantity: '2', salesOrderId: `so2-${run}` });

    // the next need opens a new draft
    await confirmed(`so3-${run}`, `l3-${run}`, '5');
    const d4 = await mtoDraft('5');
    expect(d4.draftOrderId).not.toBe(d1.draftOrderId);
    expect(d4.version).toBe(1);

    // cancelling so3 shrinks the new draft to zero: the draft is cancelled
    await producer.send(salesOrderCancelled, {
      salesOrderId: `so3-${run}`, orderRef: `REF-so3-${run}`, wasConfirmed: true,
      lines: [{ lineId: `l3-${run}`, lineRef: '1', productId: p, warehouseId: WH, quantity: '5', deliveredQuantity: '0', uom: 'Units', route: 'mto', deliveryDate: addDaysIso(todayUtc(), 10) }],
    });
    await waitFor(async () => (await http(A, 'GET', `draft-orders/${d4.draftOrderId}`)).body.state === 'cancelled', { description: 'cancelled draft', timeoutMs: 30000 });
  });

  it('dead-letters a confirmation of an unknown draft and goes on', async () => {
    const unknown = randomUUID();
    await producer.send(purchaseOrderConfirmed, { draftOrderId: unknown });
    await producer.sendRaw('purchasing.orders', `poison-${run}`, 'not json');
    // the flow goes on: a later MTO order is still handled
    await confirmed(`so4-${run}`, `l4-${run}`, '2');
    await mtoDraft('2');
    // ours only: every planning deployment on the shared Kafka dead-letters these, each under its own group
    const ours = (e: { headers: Record<string, string> }) => e.headers['dlq-consumer-group'] === group;
    const dl = await readEvents(brokers, marks, 'purchasing.orders.dlq', (e) => ours(e) && (e.key === `poison-${run}` || e.envelope?.payload?.draftOrderId === unknown), { count: 2 });
    const reasons = dl.map((d) => d.headers['dlq-reason']).sort();
    expect(reasons[0]).toContain(unknown);
    expect(reasons[1]).toMatch(/not JSON/);
  });
});
