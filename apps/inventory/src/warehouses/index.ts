// The warehouses feature's public file: what other features of inventory may use (decision 0005).
export { LocationRepository } from './data-access/location.repository.js';
export { WarehouseRepository } from './data-access/warehouse.repository.js';
export { knownWarehouse } from './known-warehouse.js';
export { VIRTUAL_LOCATIONS, type LocationInfo } from './locations.js';
