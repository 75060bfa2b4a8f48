/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { stockPositionChanged } from '@replenish/contracts';
import { http } from './helpers.js';
import { readEvents } from './kafka.js';
import { UNIT, useFeatureFixture } from './feature-fixture.js';

const fixture = useFeatureFixture({ prefix: 'planning_line_price', markedTopics: ['planning.draft-orders'] });
const { run, WH } = fixture;
const DOZENS = { code: 'Dozens', category: 'unit', factor: '12', rounding: '1' };

/** A bought product supplied by a vendor of its own at `price`; returns the vendor. */
async function pricedProduct(id: string, price: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { A } = fixture;
  const vendor = `${id}-vendor`;
  expect((await http(A, 'POST', 'vendors', { id: vendor, name: vendor })).status).toBe(201);
  expect((await http(A, 'POST', 'products', { id, sku: `SKU-${id}`, name: id, stockUom: UNIT, routes: ['buy'], ...extra })).status).toBe(201);
  expect((await http(A, 'POST', `products/${id}/suppliers`, { vendorId: vendor, leadTimeDays: 2, price })).status).toBe(201);
  return vendor;
}

/** The draft-order.* event whose line of `productId` is at `quantity`. */
async function lineOnEvent(productId: string, quantity: string): Promise<any> {
  const [event] = await readEvents(fixture.brokers, fixture.marks, 'planning.draft-orders',
    (e) => e.envelope?.payload?.lines?.some((l: any) => l.productId === productId && l.quantity === quantity));
  return event!.envelope.payload.lines.find((l: any) => l.productId === productId);
}

describe('the unit price of a purchase draft line (decision planning-024)', () => {
  it('a draft raised from a supplier info at 2.50 shows 2.50 on its line over REST and on the Kafka event; a top-up after a price change re-prices it', async () => {
    const { A } = fixture;
    const p = `price-${run}`;
    await pricedProduct(p, '2.50');
    const rule = (await http(A, 'POST', 'reordering-rules', { productId: p, warehouseId: WH, min: '0', max: '10', trigger: 'manual' })).body.id;
    const raised = await http(A, 'POST', `replenishment-report/${rule}/order-once`, { quantity: '4' });
    expect(raised.status).toBe(200);
    const draftId = raised.body.draftOrderId;

    const priced = { unitPrice: '2.50', priceUom: 'Units', amount: '10' };
    expect((await http(A, 'GET', `draft-orders/${draftId}`)).body.lines[0]).toMatchObject({ productId: p, quantity: '4', ...priced });
    const listed = (await http<any[]>(A, 'GET', `draft-orders?productId=${p}`)).body;
    expect(listed[0].lines[0]).toMatchObject(priced);
    expect(await lineOnEvent(p, '4')).toMatchObject({ quantity: '4', ...priced });

    // the vendor's price changes; the next top-up prices the whole line at the price of that change
    expect((await http(A, 'POST', `products/${p}/suppliers`, { vendorId: `${p}-vendor`, leadTimeDays: 2, price: '3' })).status).toBe(201);
    expect((await http(A, 'GET', `draft-orders/${draftId}`)).body.lines[0]).toMatchObject(priced); // not re-priced by the catalog alone
    expect((await http(A, 'POST', `replenishment-report/${rule}/order-once`, { quantity: '2' })).status).toBe(200);
    const repriced = { unitPrice: '3', priceUom: 'Units', amount: '18' };
    expect((await http(A, 'GET', `draft-orders/${draftId}`)).body.lines[0]).toMatchObject({ quantity: '6', ...repriced });
    expect(await lineOnEvent(p, '6')).toMatchObject(repriced);

    const versions = (await http<any[]>(A, 'GET', `draft-orders/${draftId}/versions`)).body;
    expect(versions.map((v) => v.lines[0])).toEqual([
      { productId: p, quantity: '4', uom: 'Units', unitPrice: '2.50', priceUom: 'Units' },
      { productId: p, quantity: '6', uom: 'Units', unitPrice: '3', priceUom: 'Units' },
    ]);
  });

  it('prices a product bought by the dozen per dozen, its amount that of the purchase quantity', async () => {
    const { A, producer } = fixture;
    const p = `price-dozen-${run}`;
    await pricedProduct(p, '30.00', { purchaseUom: DOZENS });
    expect((await http(A, 'POST', 'reordering-rules', { productId: p, warehouseId: WH, min: '0', max: '0' })).status).toBe(201);
    await producer.send(stockPositionChanged, { productId: p, warehouseId: WH, uom: 'Units', onHand: '-40', incoming: [], outgoing: [], sequence: 1, asOf: new Date().toISOString() });
    const line = await lineOnEvent(p, '40');
    expect(line).toMatchObject({ purchaseQuantity: '3', purchaseUom: 'Dozens', unitPrice: '30.00', priceUom: 'Dozens', amount: '90' });
  });

  it('leaves a manufacturing line without a price, even when the product also has a priced supplier info', async () => {
    const { A } = fixture;
    const made = `price-made-${run}`;
    const part = `price-part-${run}`;
    await pricedProduct(made, '9', { routes: ['manufacture'] });
    expect((await http(A, 'POST', 'products', { id: part, sku: `SKU-${part}`, name: part, stockUom: UNIT, routes: ['buy'] })).status).toBe(201);
    expect((await http(A, 'POST', 'boms', { id: `BOM-${made}`, productId: made, outputQty: '1', productionDelayDays: 1, components: [{ productId: part, quantity: '1' }] })).status).toBe(201);
    const rule = (await http(A, 'POST', 'reordering-rules', { productId: made, warehouseId: WH, min: '0', max: '10', trigger: 'manual' })).body.id;
    const ordered = await http(A, 'POST', `replenishment-report/${rule}/order-once`, { quantity: '3' });
    expect(ordered.status).toBe(200);
    const draft = (await http(A, 'GET', `draft-orders/${ordered.body.draftOrderId}`)).body;
    expect(draft.type).toBe('manufacturing');
    expect(draft.lines[0]).not.toHaveProperty('unitPrice');
    expect(draft.lines[0]).not.toHaveProperty('amount');
  });
});
