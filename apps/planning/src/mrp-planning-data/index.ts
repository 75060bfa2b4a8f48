// The mrp-planning-data feature's public file (decision 0005): what the MRP run reads (decision planning-018).
export { ProductSitePlanningRepository, type ProductSitePlanningRow, type SitePlanningMethod } from './data-access/product-site-planning.repository.js';
export { ReorderPolicyRepository, type ReorderPolicyRow } from './data-access/reorder-policy.repository.js';
