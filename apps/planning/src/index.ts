export { planningService } from './service.js';
export { loadDemoCatalog } from './demo/load-demo-catalog.js';
export { PlanningModule } from './planning.module.js';
