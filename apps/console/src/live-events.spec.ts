import { liveEventOf } from './live-events.js';

describe('liveEventOf: what a browser learns of an event', () => {
  it('names the topic, type, key and the product, warehouse and draft order of the payload', () => {
    const value = Buffer.from(JSON.stringify({
      id: 'e1', type: 'draft-order.updated', payload: { draftOrderId: 'd1', productId: 'bolt', warehouseId: 'WH1', lines: [{ quantity: '900' }] },
    }));
    expect(liveEventOf('planning.draft-orders', 'purchase|acme|WH1', value)).toEqual({
      topic: 'planning.draft-orders', key: 'purchase|acme|WH1', type: 'draft-order.updated', productId: 'bolt', warehouseId: 'WH1', draftOrderId: 'd1',
    });
  });

  it('keeps only strings: a payload field of another type is not passed on', () => {
    const value = Buffer.from(JSON.stringify({ type: 'stock-position.changed', payload: { productId: 42, warehouseId: ['WH1'] } }));
    expect(liveEventOf('inventory.stock-positions', null, value)).toMatchObject({ productId: null, warehouseId: null, type: 'stock-position.changed' });
  });

  it('signals a record that is not an event (bad input on the topic) by topic and key alone', () => {
    expect(liveEventOf('catalog.products', 'p1', Buffer.from('not json'))).toEqual({
      topic: 'catalog.products', key: 'p1', type: null, productId: null, warehouseId: null, draftOrderId: null,
    });
    expect(liveEventOf('catalog.products', null, null).type).toBeNull();
  });
});
