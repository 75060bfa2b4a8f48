import { startService } from '@replenish/service-kit';
import { salesOrdersService } from './service.js';

await startService(salesOrdersService);
