import { DeadLettersModule, type ServiceDefinition } from '@replenish/service-kit';
import { InventoryInitial1767225600000 } from './migrations/1767225600000-inventory-initial.js';
import { InventoryFillfactor1767225600001 } from './migrations/1767225600001-inventory-fillfactor.js';
import { InventoryExternalSupply1767225600040 } from './migrations/1767225600040-inventory-external-supply.js';
import { inventoryHttpErrors } from './shared/http-errors.js';
import { InventoryModule } from './inventory.module.js';
import { inventorySettings } from './settings.js';

export const inventoryService: ServiceDefinition = {
  name: 'inventory',
  schema: 'inventory',
  defaultPort: 3002,
  entities: [],
  migrations: [InventoryInitial1767225600000, InventoryFillfactor1767225600001, InventoryExternalSupply1767225600040],
  imports: [InventoryModule, DeadLettersModule],
  httpErrors: inventoryHttpErrors,
  settings: inventorySettings,
  // 10,000 moves with every field at its longest (the contract's bounds) fit (decision inventory-003).
  bodyLimitsKb: { '/stock/moves/batch': 16 * 1024 },
  description:
    'Warehouses and locations, the ledger of stock moves, on hand, planned (confirmed, not done) moves, and the ' +
    'stock-position.changed events planning computes forecasts from.',
};
