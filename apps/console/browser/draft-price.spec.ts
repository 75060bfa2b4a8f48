/* eslint-disable @typescript-eslint/no-explicit-any -- the service answers are read loosely */
// Screen 2's prices (issue 15; decision planning-024): a purchase draft line shows the unit price planning stored
// with it from the vendor's supplier info, per its UoM, and the line amount, as the draft answer has them.
import { ConsoleStack } from './console-stack.js';

let stack: ConsoleStack;

beforeAll(async () => {
  stack = await ConsoleStack.start();
}, 600_000);

afterAll(async () => {
  await stack?.stop();
});

it("shows a purchase line's unit price and amount on the draft", async () => {
  const s = stack.services;
  const wh = await s.warehouse('PR', { purchaseSecurityLeadDays: 0, daysToPurchase: 0 });
  const vendor = await s.vendor('price');
  const product = await s.product('prc', { routes: ['buy'] });
  expect((await s.P('POST', `/products/${product}/suppliers`, { vendorId: vendor, leadTimeDays: 2, price: '2.50' })).status).toBe(201);
  const rule = (await s.P('POST', '/reordering-rules', { productId: product, warehouseId: wh, min: '0', max: '10', trigger: 'manual' })).body as any;
  const ordered = await s.P('POST', `/replenishment-report/${rule.id}/order-once`, { quantity: '4' });
  expect(ordered.status).toBe(200);

  const { page } = stack;
  await stack.open(`#/drafts/${(ordered.body as any).draftOrderId}`);
  const line = page.getByRole('table', { name: 'Lines' }).getByRole('row').filter({ hasText: product });
  await line.getByRole('cell', { name: '2.50 per Units', exact: true }).waitFor();
  await line.getByRole('cell', { name: '10', exact: true }).waitFor();
  await stack.screenshot('2-draft-prices');
});
