import { conflict } from '@replenish/service-kit';

/** How a product is planned at a warehouse: exactly one of these, or none (decision planning-018). */
export type PlanningMethod = 'reorderingRule' | 'mrp' | 'mps';

const NAMES: Record<PlanningMethod, string> = { reorderingRule: 'a reordering rule', mrp: 'MRP (a reorder policy)', mps: 'the MPS' };
/** The 409's code names the method already there. */
const CODES: Record<PlanningMethod, string> = { reorderingRule: 'RULE_EXISTS', mrp: 'MRP_PLANNED', mps: 'MPS_PLANNED' };

/** Refuses `wanted` for a product-site another method plans already, with a 409 naming that method. */
export function refuseSecondMethod(present: readonly PlanningMethod[], wanted: PlanningMethod, productId: string, warehouseId: string): void {
  const first = present.find((m) => m !== wanted);
  if (first === undefined) return;
  throw conflict(`product ${productId} is planned by ${NAMES[first]} at warehouse ${warehouseId}: ${NAMES[wanted]} must not plan it alongside`, CODES[first]);
}
