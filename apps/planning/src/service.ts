import type { ServiceDefinition } from '@replenish/service-kit';
import { PlanningInit1760000000000 } from './migrations/1760000000000-planning-init.js';
import { PlanningMtoOriginsIndex1760000000001 } from './migrations/1760000000001-planning-mto-origins-index.js';
import { PlanningModule } from './planning.module.js';

export const planningService: ServiceDefinition = {
  name: 'planning',
  schema: 'planning',
  defaultPort: 3003,
  entities: [],
  migrations: [PlanningInit1760000000000, PlanningMtoOriginsIndex1760000000001],
  imports: [PlanningModule],
  description: 'Catalog, reordering rules, make to order, draft orders and the replenishment report.',
};
