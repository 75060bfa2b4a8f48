import { startService } from '@replenish/service-kit';
import { planningService } from './service.js';

await startService(planningService);
