import type { MrpInput, MrpPeggingNode, MrpResult, ProductSiteRef } from './mrp-types.js';

/**
 * A regenerative multi-level MRP run (docs/semantics.md, "MRP run"; decision domain-010): every product-site, level by
 * level by low-level code, netted through its reorder policy, its planned orders exploded into its components'
 * trace requirements. Throws MrpCycleError when BOMs, by-products or transfers loop.
 */
export function planMrp(input: MrpInput): MrpResult {
  void input;
  throw new Error('not implemented');
}

/**
 * Net change: `input` is the whole new input, `changed` the product-sites whose supply, demand or planning data
 * changed since `previous` was planned from the input before. Re-plans them and what they reach through BOMs,
 * by-products and transfers (in the new input and in `previous`), keeps every other plan, and gives the same
 * result as `planMrp(input)`. A different run date or horizon re-plans everything.
 */
export function planMrpNetChange(previous: MrpResult, input: MrpInput, changed: readonly ProductSiteRef[]): MrpResult {
  void previous;
  void input;
  void changed;
  throw new Error('not implemented');
}

/**
 * The pegging tree of a suggestion, receipt or stock ("onHand@<productId>@<warehouseId>"): what it covers, up
 * through trace requirements and their parent orders to the independent demands. Null when the id is unknown.
 */
export function peggingTree(result: MrpResult, supplyId: string): MrpPeggingNode | null {
  void result;
  void supplyId;
  throw new Error('not implemented');
}
