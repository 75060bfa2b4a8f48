import { DomainError } from '../errors.js';

/** BOMs, by-products or transfers that loop: MRP cannot order the product-sites by level. */
export class MrpCycleError extends DomainError {
  readonly code = 'MRP_CYCLE';
  constructor(
    /** The loop as product-site keys "productId@warehouseId", the first repeated last. */
    readonly path: readonly string[],
  ) {
    super(`the BOMs, by-products or transfers loop: ${path.join(' -> ')}`);
  }
}
