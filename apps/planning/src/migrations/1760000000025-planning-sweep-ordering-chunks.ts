import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A sweep's ordering chunks (decision planning-019): the keys a read-only chunk found ordering, evaluated again and
 * ordered later, several such chunks of one run in one transaction. And the open transfers out of a warehouse by an
 * index, which every position read asks for each of its keys (it scanned every open draft per key).
 */
export class PlanningSweepOrderingChunks1760000000025 implements MigrationInterface {
  name = 'PlanningSweepOrderingChunks1760000000025';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.sweep_chunks ADD COLUMN IF NOT EXISTS orders boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX IF NOT EXISTS draft_orders_open_transfer_source ON planning.draft_orders (source_warehouse_id) WHERE type = 'transfer' AND state = 'draft'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS planning.draft_orders_open_transfer_source`);
    await q.query(`ALTER TABLE planning.sweep_chunks DROP COLUMN IF EXISTS orders`);
  }
}
