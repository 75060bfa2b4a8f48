import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The warehouses learnt from inventory.warehouses (inventory owns them; decision inventory-002). */
@Injectable()
export class WarehouseRepository {
  /** Stores a warehouse; a redelivered or repeated event writes the same values again. */
  async learn(tx: EntityManager, w: { warehouseId: string; name: string }): Promise<void> {
    await tx.query(
      `INSERT INTO sales_orders.warehouse (warehouse_id, name) VALUES ($1, $2)
       ON CONFLICT (warehouse_id) DO UPDATE SET name = EXCLUDED.name, updated_at = now()`,
      [w.warehouseId, w.name],
    );
  }

  /** Which of these warehouse ids are known. */
  async known(tx: EntityManager, warehouseIds: string[]): Promise<Set<string>> {
    const rows: { warehouse_id: string }[] = await tx.query(`SELECT warehouse_id FROM sales_orders.warehouse WHERE warehouse_id = ANY($1)`, [[...new Set(warehouseIds)]]);
    return new Set(rows.map((r) => r.warehouse_id));
  }
}
