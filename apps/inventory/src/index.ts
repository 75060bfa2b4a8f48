export { inventoryService } from './service.js';
export { InventoryModule } from './inventory.module.js';
