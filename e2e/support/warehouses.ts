import { httpJson } from './http.js';

/**
 * Creates a warehouse in inventory, the service that owns warehouses (id = code). The services that keep a copy learn
 * it from warehouse.created: wait with warehouseLearnt (learnt.ts) before using it there.
 */
export async function createWarehouse(inventoryUrl: string, code: string, fields: { name?: string; timeZone?: string } = {}): Promise<string> {
  const created = await httpJson(inventoryUrl, 'POST', '/warehouses', { code, timeZone: 'UTC', ...fields });
  if (created.status !== 201) throw new Error(`inventory warehouse ${code}: ${created.status} ${JSON.stringify(created.body)}`);
  return code;
}
