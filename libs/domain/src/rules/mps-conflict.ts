import { MpsRuleConflictError } from '../errors.js';

export interface MpsRuleConflictInput {
  readonly productId: string;
  readonly warehouseId: string;
  /** What the API is about to create or activate. */
  readonly attempted: 'reorderingRule' | 'mps';
  /** The product is already planned by the MPS at the warehouse. */
  readonly plannedByMps: boolean;
  /** The product already has an active reordering rule at the warehouse. */
  readonly hasActiveRule: boolean;
}

/**
 * Refuses a reordering rule for a product the MPS plans at that warehouse, and the reverse (docs/semantics.md,
 * "Reordering rules"): the two would both replenish the same stock. Whichever comes second is refused.
 */
export function assertNoMpsRuleConflict(input: MpsRuleConflictInput): void {
  const conflict = input.attempted === 'reorderingRule' ? input.plannedByMps : input.hasActiveRule;
  if (conflict) throw new MpsRuleConflictError(input.productId, input.warehouseId, input.attempted);
}
