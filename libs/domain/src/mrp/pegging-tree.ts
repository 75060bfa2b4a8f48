import { Decimal } from '../quantity/decimal.js';
import type { MrpItemPlan, MrpPeg, MrpPeggingNode, MrpRequirement, MrpResult } from './mrp-types.js';

/** A supply of the result: its plan, its pegs and its whole quantity. */
interface SupplyEntry {
  readonly type: 'suggestion' | 'receipt' | 'onHand';
  readonly plan: MrpItemPlan;
  readonly pegging: readonly MrpPeg[];
  readonly quantity: Decimal;
}

interface ResultIndex {
  readonly supplies: ReadonlyMap<string, SupplyEntry>;
  readonly requirements: ReadonlyMap<string, MrpRequirement>;
}

const indexes = new WeakMap<MrpResult, ResultIndex>();

function indexOf(result: MrpResult): ResultIndex {
  const known = indexes.get(result);
  if (known !== undefined) return known;
  const supplies = new Map<string, SupplyEntry>();
  const requirements = new Map<string, MrpRequirement>();
  const sum = (pegs: readonly MrpPeg[]): Decimal => pegs.reduce((acc, p) => acc.plus(p.quantity), new Decimal(0));
  for (const plan of result.plans) {
    for (const s of plan.suggestions) supplies.set(s.id, { type: 'suggestion', plan, pegging: s.pegging, quantity: new Decimal(s.quantity) });
    for (const s of plan.supplyPegging) {
      const id = s.supplyId === 'onHand' ? onHandId(plan) : s.supplyId;
      supplies.set(id, { type: s.supplyId === 'onHand' ? 'onHand' : 'receipt', plan, pegging: s.pegging, quantity: sum(s.pegging) });
    }
    for (const r of plan.requirements) requirements.set(r.id, r);
  }
  const index = { supplies, requirements };
  indexes.set(result, index);
  return index;
}

/** The pegging-tree id of a product-site's stock on hand. */
export function onHandId(site: { productId: string; warehouseId: string }): string {
  return `onHand@${site.productId}@${site.warehouseId}`;
}

/**
 * The pegging tree of a suggestion, a receipt or a product-site's stock (`onHandId`): what it covers, and through
 * each trace requirement the parent order it serves and what that covers, up to the independent demands (decision
 * domain-010). A node's quantity is the part of it this chain accounts for: a parent order is counted in the share
 * its requirement's pegged part is of the whole requirement. Null when the id is unknown.
 */
export function peggingTree(result: MrpResult, supplyId: string): MrpPeggingNode | null {
  const index = indexOf(result);
  const entry = index.supplies.get(supplyId);
  return entry === undefined ? null : supplyNode(index, supplyId, entry, ONE);
}

const ONE = new Decimal(1);

function supplyNode(index: ResultIndex, id: string, entry: SupplyEntry, share: Decimal): MrpPeggingNode {
  return {
    type: entry.type,
    id,
    productId: entry.plan.productId,
    warehouseId: entry.plan.warehouseId,
    quantity: shown(entry.quantity.times(share)),
    children: entry.pegging.map((peg) => pegNode(index, entry.plan, peg, share)),
  };
}

function pegNode(index: ResultIndex, plan: MrpItemPlan, peg: MrpPeg, share: Decimal): MrpPeggingNode {
  const part = new Decimal(peg.quantity).times(share);
  const requirement = peg.type === 'requirement' ? index.requirements.get(peg.id as string) : undefined;
  if (requirement === undefined) return { type: peg.type, id: peg.id, productId: plan.productId, warehouseId: plan.warehouseId, quantity: shown(part), children: [] };
  const parentShare = part.dividedBy(requirement.quantity);
  const parent = index.supplies.get(requirement.parentId);
  const up: MrpPeggingNode =
    parent !== undefined
      ? supplyNode(index, requirement.parentId, parent, parentShare)
      : // A kit sold as such: its components' requirements name the sales line itself.
        { type: 'demand', id: requirement.parentId, productId: requirement.parentProductId, warehouseId: requirement.parentWarehouseId, quantity: shown(part), children: [] };
  return { type: 'requirement', id: requirement.id, productId: requirement.productId, warehouseId: requirement.warehouseId, quantity: shown(part), children: [up] };
}

function shown(quantity: Decimal): string {
  return quantity.toDecimalPlaces(6).toString();
}
