// Two transactions changing one position at once, against real PostgreSQL: the position published with the higher
// sequence must carry what the other one committed. Planning keeps only the newest sequence of a position, so a
// newer position that misses a sales line's outgoing hides that demand until the position changes again (the chaos
// suite once ended without a rule's draft so).
import type { INestApplication } from '@nestjs/common';
import { Decimal } from '../src/shared/quantities.js';
import { DataSource, type QueryRunner } from 'typeorm';
import { productWarehouseKey } from '@replenish/contracts';
import { StockRepository } from '../src/stock/data-access/stock.repository.js';
import { createDatabase, runId, startInventory, waitFor } from './support.js';

let db: Awaited<ReturnType<typeof createDatabase>>;
let app: INestApplication;
let dataSource: DataSource;
const repo = new StockRepository();

beforeAll(async () => {
  db = await createDatabase('inventory_race');
  ({ app } = await startInventory(db.url));
  dataSource = app.get(DataSource);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const begin = async (): Promise<QueryRunner> => {
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  await qr.startTransaction();
  return qr;
};

it('a position bumped while another transaction held it and added a planned move carries that move', async () => {
  const [productId, warehouseId] = [`P-${runId()}`, `W${runId()}`];
  const key = productWarehouseKey(productId, warehouseId);
  await repo.bumpPositions(dataSource.manager, [{ productId, warehouseId, delta: new Decimal(50) }]);

  // An order event: its sales line planned as outgoing, then the position bumped (row locked until commit).
  const order = await begin();
  const delivery = await begin();
  try {
    await order.query(
      `INSERT INTO inventory.planned_moves (reference_type, reference_id, product_id, warehouse_id, direction, planned_date, planned_quantity)
       VALUES ('sales-order-line', $1, $2, $3, 'out', '2030-01-02', 7)`, [`L-${runId()}`, productId, warehouseId]);
    const first = await repo.bumpPositions(order.manager, [{ productId, warehouseId, delta: new Decimal(0) }]);
    // A delivery of the same position meanwhile: its bump waits for the order's row lock.
    const second = repo.bumpPositions(delivery.manager, [{ productId, warehouseId, delta: new Decimal(-3) }]);
    await waitFor(async () => {
      const rows: { waiting: boolean }[] = await dataSource.query(
        `SELECT wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE query LIKE '%INSERT INTO inventory.positions%' AND state = 'active' AND pid <> pg_backend_pid()`);
      return rows.some((r) => r.waiting);
    }, { description: "the delivery's bump waiting for the order's lock" });
    await order.commitTransaction();
    const bumped = (await second).get(key)!;
    await delivery.commitTransaction();

    const firstSequence = first.get(key)!.sequence;
    expect(bumped.sequence).toBe(firstSequence + 1);
    expect(bumped.onHand).toBe('47');
    expect(bumped.planned).toEqual([{ direction: 'out', date: '2030-01-02', planned: '7', done: '0', open: true }]);
  } finally {
    for (const qr of [order, delivery]) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      await qr.release();
    }
  }
}, 60_000);
