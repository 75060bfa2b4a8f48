import type { EntityManager } from 'typeorm';
import { notFound } from '../shared/http-errors.js';
import type { CatalogRepository } from './data-access/catalog.repository.js';

type Find<T> = (repo: CatalogRepository, tx: EntityManager, id: string) => Promise<T | undefined>;

/** A lookup that answers the row, or throws 404 naming `field` (the body field or path parameter holding the id) and what to do. */
const known = <T>(what: string, defaultField: string, hint: string, find: Find<T>) =>
  async (repo: CatalogRepository, tx: EntityManager, id: string, field = defaultField): Promise<T> => {
    const row = await find(repo, tx, id);
    if (!row) throw notFound(what, id, field, hint);
    return row;
  };

/** Warehouses are inventory's: planning knows one once warehouse.created has reached it (decision inventory-002). */
export const knownWarehouse = known('warehouse', 'warehouseId', 'create it in inventory with POST /warehouses; planning learns it from the warehouse.created event', (r, tx, id) => r.warehouse(tx, id));
export const knownProduct = known('product', 'productId', 'create it with POST /products', (r, tx, id) => r.product(tx, id));
export const knownVendor = known('vendor', 'vendorId', 'create it with POST /vendors', (r, tx, id) => r.vendor(tx, id));
export const knownBom = known('BOM', 'bomId', 'create it with POST /boms', (r, tx, id) => r.bom(tx, id));
