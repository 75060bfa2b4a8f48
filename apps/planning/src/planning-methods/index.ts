// The planning-methods feature's public file (decision 0005): one method per product-site (decision planning-018).
export { PlanningMethodRepository } from './data-access/planning-method.repository.js';
export { PlanningMethods } from './planning-methods.service.js';
export type { PlanningMethod } from './planning-method.js';
