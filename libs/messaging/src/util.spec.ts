import { stockMoveDone, eventCatalog } from '@replenish/contracts';
import { withDefinitions } from './consumer/route-batch.js';
import { PermanentError, isPermanentError } from './errors.js';
import { messagingMigration } from './outbox/migration.js';
import { ident } from './sql.js';
import { backoffMs, Signal } from './util.js';

describe('pure helpers', () => {
  it('backs off exponentially up to a cap', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((a) => backoffMs(a, 200, 5000))).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('names the messaging migration uniquely per schema and returns one class per schema', () => {
    const a = messagingMigration('sales_orders');
    expect(a.name).toBe('MessagingTablesSalesOrders1700000000000');
    expect(new a().name).toBe('MessagingTablesSalesOrders1700000000000');
    expect(messagingMigration('sales_orders')).toBe(a);
    expect(messagingMigration('planning').name).toBe('MessagingTablesPlanning1700000000000');
  });

  it('quotes identifiers and refuses odd ones', () => {
    expect(ident('inventory')).toBe('"inventory"');
    expect(() => ident('x; DROP TABLE y')).toThrow(/invalid SQL identifier/);
  });

  it('recognises permanent errors', () => {
    expect(isPermanentError(new PermanentError('bad'))).toBe(true);
    expect(isPermanentError(new Error('bad'))).toBe(false);
  });

  it('extends a catalog with private definitions only when needed', () => {
    expect(withDefinitions(eventCatalog, [stockMoveDone])).toBe(eventCatalog);
    const extended = withDefinitions(eventCatalog, [{ ...stockMoveDone, type: 'private.thing' }]);
    expect(extended.get('private.thing')).toBeDefined();
    expect(extended.get(stockMoveDone.type)).toBe(stockMoveDone);
  });

  it('wakes a waiting signal early', async () => {
    const s = new Signal();
    const start = Date.now();
    const waiting = s.wait(60_000);
    s.fire();
    await waiting;
    expect(Date.now() - start).toBeLessThan(30_000);
  });
});
