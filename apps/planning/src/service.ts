import type { ServiceDefinition } from '@replenish/service-kit';
import { PlanningInit1760000000000 } from './migrations/1760000000000-planning-init.js';
import { PlanningModule } from './planning.module.js';

export const planningService: ServiceDefinition = {
  name: 'planning',
  schema: 'planning',
  defaultPort: 3003,
  entities: [],
  migrations: [PlanningInit1760000000000],
  imports: [PlanningModule],
  description: 'Catalog, reordering rules, make to order, draft orders and the replenishment report.',
};
