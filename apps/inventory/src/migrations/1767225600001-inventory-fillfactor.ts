import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables every stock move updates in place. */
const HOT_TABLES = ['on_hand', 'positions'];

/**
 * Room on each page for the next version of a row (fillfactor 50), so the update of a product's on hand and
 * position stays on its page (a HOT update, no new index entry) instead of spreading dead versions over new
 * pages at every move. Pages written before this migration keep their layout until rewritten (VACUUM FULL).
 */
export class InventoryFillfactor1767225600001 implements MigrationInterface {
  name = 'InventoryFillfactor1767225600001';

  async up(q: QueryRunner): Promise<void> {
    for (const t of HOT_TABLES) await q.query(`ALTER TABLE inventory.${t} SET (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of HOT_TABLES) await q.query(`ALTER TABLE inventory.${t} RESET (fillfactor)`);
  }
}
