import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables every stock position updates in place. */
const HOT_TABLES = ['draft_lines', 'draft_orders', 'stock_positions'];

/**
 * Room on each page for the next version of a row (fillfactor 50): an update that changes no indexed column then
 * stays on its page (a HOT update) and adds no index entry. A draft line topped up by every delivery otherwise
 * left a dead version, and an index entry, per update: at 500 moves/s the open drafts' lines spread over hundreds of
 * pages and reading a batch's drafts visited every one of them. Pages written before this migration keep their
 * layout until rewritten (VACUUM FULL); new pages get the room.
 */
export class PlanningFillfactor1760000000004 implements MigrationInterface {
  name = 'PlanningFillfactor1760000000004';

  async up(q: QueryRunner): Promise<void> {
    for (const t of HOT_TABLES) await q.query(`ALTER TABLE planning.${t} SET (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of HOT_TABLES) await q.query(`ALTER TABLE planning.${t} RESET (fillfactor)`);
  }
}
