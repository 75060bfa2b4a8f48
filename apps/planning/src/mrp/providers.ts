import type { Provider, Type } from '@nestjs/common';
import { MrpInputsRepository } from './data-access/mrp-inputs.repository.js';
import { MrpPlansRepository } from './data-access/mrp-plans.repository.js';
import { MrpQueriesRepository } from './data-access/mrp-queries.repository.js';
import { MrpRunsRepository } from './data-access/mrp-runs.repository.js';
import { MrpController } from './entry-points/mrp.controller.js';
import { MrpFirmService } from './mrp-firm.service.js';
import { MrpInputReader } from './mrp-input-reader.js';
import { MrpNetChange } from './mrp-net-change.js';
import { MrpPlanner } from './mrp-planner.js';
import { MrpQueries } from './mrp-queries.js';
import { MrpRunsService } from './mrp-runs.service.js';

/** The mrp feature's controllers and providers, for planning.module.ts; its net change is one of PlanChanges' listeners. */
export const MRP_CONTROLLERS: Type[] = [MrpController];
export const MRP_PROVIDERS: Provider[] = [
  MrpInputsRepository, MrpPlansRepository, MrpRunsRepository, MrpQueriesRepository,
  MrpInputReader, MrpPlanner, MrpRunsService, MrpQueries, MrpFirmService, MrpNetChange,
];
export { MrpNetChange };
