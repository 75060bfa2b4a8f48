import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Component demand of manufacturing drafts in planning's projection (decision planning-009):
 * - boms_components: GIN index on boms.components, to find the BOMs that list a product (`@>`), so that a
 *   product that is no component costs one empty index probe per projection (no pending list: BOMs change
 *   rarely, and a pending list makes the planner prefer a sequential scan until the next vacuum);
 * - draft_orders_open_bom / draft_orders_confirmed_bom: a BOM's open manufacturing drafts at a warehouse, and
 *   its confirmed ones by confirmation time (only those within the grace count), without scanning history;
 * - draft_orders_confirmed_event: the draft a position's causation id names;
 * - component_settlements: (draft-order.confirmed event, component, warehouse) whose position from inventory,
 *   caused by that event, carries the component's planned consumption: planning stops counting it itself.
 */
export class PlanningComponentDemand1760000000002 implements MigrationInterface {
  name = 'PlanningComponentDemand1760000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS boms_components ON planning.boms USING gin (components jsonb_path_ops) WITH (fastupdate = off)`);
    await q.query(`CREATE INDEX IF NOT EXISTS draft_orders_open_bom ON planning.draft_orders (bom_id, warehouse_id) WHERE type = 'manufacturing' AND state = 'draft'`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS draft_orders_confirmed_bom ON planning.draft_orders (bom_id, warehouse_id, confirmed_at) WHERE type = 'manufacturing' AND state = 'confirmed'`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS draft_orders_confirmed_event ON planning.draft_orders (confirmed_event_id) WHERE confirmed_event_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS planning.component_settlements (
        confirmed_event_id uuid NOT NULL,
        product_id text NOT NULL,
        warehouse_id text NOT NULL,
        settled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (confirmed_event_id, product_id, warehouse_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS planning.component_settlements`);
    for (const i of ['draft_orders_confirmed_event', 'draft_orders_confirmed_bom', 'draft_orders_open_bom', 'boms_components']) {
      await q.query(`DROP INDEX IF EXISTS planning.${i}`);
    }
  }
}
