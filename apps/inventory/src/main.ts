import { startService } from '@replenish/service-kit';
import { inventoryService } from './service.js';

await startService(inventoryService);
