import { DeadLettersModule, type ServiceDefinition } from '@replenish/service-kit';
import { PlanningInit1760000000000 } from './migrations/1760000000000-planning-init.js';
import { PlanningOriginSummaries1760000000001 } from './migrations/1760000000001-planning-origin-summaries.js';
import { PlanningComponentDemand1760000000002 } from './migrations/1760000000002-planning-component-demand.js';
import { PlanningMtoLinesCancelled1760000000003 } from './migrations/1760000000003-planning-mto-lines-cancelled.js';
import { PlanningFillfactor1760000000004 } from './migrations/1760000000004-planning-fillfactor.js';
import { PlanningWarehousesFromInventory1760000000005 } from './migrations/1760000000005-planning-warehouses-from-inventory.js';
import { PlanningMtoLineNames1760000000008 } from './migrations/1760000000008-planning-mto-line-names.js';
import { PlanningReportIndexes1760000000015 } from './migrations/1760000000015-planning-report-indexes.js';
import { PlanningSweepRuns1760000000018 } from './migrations/1760000000018-planning-sweep-runs.js';
import { PlanningMrpData1760000000021 } from './migrations/1760000000021-planning-mrp-data.js';
import { PlanningMrpRuns1760000000030 } from './migrations/1760000000030-planning-mrp-runs.js';
import { PlanningMrpIndexes1760000000031 } from './migrations/1760000000031-planning-mrp-indexes.js';
import { PlanningMrpByProductsIndex1760000000032 } from './migrations/1760000000032-planning-mrp-by-products-index.js';
import { PlanningMrpOriginKind1760000000033 } from './migrations/1760000000033-planning-mrp-origin-kind.js';
import { PlanningSweepOrderingChunks1760000000025 } from './migrations/1760000000025-planning-sweep-ordering-chunks.js';
import { PlanningMps1760000000040 } from './migrations/1760000000040-planning-mps.js';
import { PlanningMpsRowsAsText1760000000041 } from './migrations/1760000000041-planning-mps-rows-as-text.js';
import { PlanningLateSupplyNotCounted1760000000055 } from './migrations/1760000000055-planning-late-supply-not-counted.js';
import { PlanningDraftVersions1760000000060 } from './migrations/1760000000060-planning-draft-versions.js';
import { PlanningDraftLinePrice1760000000090 } from './migrations/1760000000090-planning-draft-line-price.js';
import { PlanningDraftChanges1760000000100 } from './migrations/1760000000100-planning-draft-changes.js';
import { PlanningMrpSiteKeys1760000000120 } from './migrations/1760000000120-planning-mrp-site-keys.js';
import { IMPORT_BODY_LIMIT_KB, IMPORT_PATH, IMPORT_TEXT_TYPES } from './imports/index.js';
import { MPS_IMPORT_BODY_LIMIT_KB, MPS_IMPORT_PATH } from './mps/index.js';
import { PlanningModule } from './planning.module.js';
import { planningHttpErrors } from './shared/http-errors.js';
import { planningSettings } from './settings.js';

export const planningService: ServiceDefinition = {
  name: 'planning',
  schema: 'planning',
  defaultPort: 3003,
  entities: [],
  migrations: [PlanningInit1760000000000, PlanningOriginSummaries1760000000001, PlanningComponentDemand1760000000002, PlanningMtoLinesCancelled1760000000003, PlanningFillfactor1760000000004,
    PlanningWarehousesFromInventory1760000000005, PlanningMtoLineNames1760000000008, PlanningReportIndexes1760000000015, PlanningSweepRuns1760000000018,
    PlanningMrpData1760000000021, PlanningSweepOrderingChunks1760000000025, PlanningMps1760000000040, PlanningMpsRowsAsText1760000000041, PlanningMrpRuns1760000000030, PlanningMrpIndexes1760000000031, PlanningMrpByProductsIndex1760000000032, PlanningMrpOriginKind1760000000033,
    PlanningLateSupplyNotCounted1760000000055, PlanningDraftVersions1760000000060, PlanningDraftLinePrice1760000000090, PlanningDraftChanges1760000000100, PlanningMrpSiteKeys1760000000120],
  imports: [PlanningModule, DeadLettersModule],
  settings: planningSettings,
  httpErrors: planningHttpErrors,
  // Bulk imports take larger bodies, in CSV and NDJSON too (decision planning-014).
  bodyLimitsKb: { [IMPORT_PATH]: IMPORT_BODY_LIMIT_KB, [MPS_IMPORT_PATH]: MPS_IMPORT_BODY_LIMIT_KB },
  textBodyTypes: { [IMPORT_PATH]: IMPORT_TEXT_TYPES, [MPS_IMPORT_PATH]: ['text/csv'] },
  description: 'Catalog, reordering rules, make to order, draft orders and the replenishment report.',
};
