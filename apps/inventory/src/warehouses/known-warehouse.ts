import { notFound } from '@replenish/service-kit';
import type { EntityManager } from 'typeorm';
import type { WarehouseRecord, WarehouseRepository } from './data-access/warehouse.repository.js';

/** The warehouse, or 404 naming warehouseId and how to create it. */
export async function knownWarehouse(warehouses: WarehouseRepository, tx: EntityManager, warehouseId: string): Promise<WarehouseRecord> {
  const w = await warehouses.get(tx, warehouseId);
  if (!w) throw notFound('warehouseId', `unknown warehouse ${warehouseId}: create it with POST /warehouses`);
  return w;
}
