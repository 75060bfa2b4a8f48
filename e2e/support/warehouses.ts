import { waitFor } from '@replenish/test-infra';
import { httpJson } from './http.js';

/**
 * Resolves once sales-orders has learnt the warehouse from warehouse.created. sales-orders checks a line's warehouse
 * before its product, so a probe line naming a product nobody created is refused for its product (400) once the
 * warehouse is known, and creates nothing.
 */
export async function salesOrdersKnowWarehouse(salesUrl: string, warehouseId: string, timeoutMs: number): Promise<void> {
  await waitFor(async () => {
    const probe = await httpJson(salesUrl, 'POST', '/sales-orders', {
      orderRef: `probe-warehouse-${warehouseId}`,
      lines: [{ lineRef: 'L1', productId: `no-such-product-${warehouseId}`, warehouseId, quantity: '1', uom: 'Units', route: 'stock', requestedDate: '2030-01-01' }],
    });
    return probe.status === 400;
  }, { description: `sales-orders learns warehouse ${warehouseId} from warehouse.created`, timeoutMs });
}

/** Creates a warehouse in inventory, the service that owns warehouses (id = code), once sales-orders has learnt it. */
export async function createWarehouseKnownToSalesOrders(urls: { inventory: string; sales: string }, code: string, timeoutMs: number): Promise<string> {
  const created = await httpJson(urls.inventory, 'POST', '/warehouses', { code, timeZone: 'UTC' });
  if (created.status !== 201) throw new Error(`inventory warehouse ${code}: ${created.status} ${JSON.stringify(created.body)}`);
  await salesOrdersKnowWarehouse(urls.sales, code, timeoutMs);
  return code;
}
