import { maxDate } from '../dates/iso-date.js';
import { phantomRequirement } from '../policies/suggestions.js';
import { Decimal } from '../quantity/decimal.js';
import { describePegs, pegKindName } from './explain.js';
import { explodeThroughPhantom } from './explode.js';
import type { MrpItemPlan, MrpNetRequirement, MrpPeg, MrpRequirement, ProductSiteRef } from './mrp-types.js';
import type { ItemInputs, ParsedDemand, Placement, RunContext } from './plan-item.js';
import type { PreparedItem } from './prepared-item.js';

const ZERO = new Decimal(0);

/**
 * Plans a phantom (a kit, decision domain-005): it is never ordered; each need, in date order, takes from the kit's
 * own stock first and passes the rest to its components, as `phantomRequirement` says for its suggestion type,
 * which also says what is shown as the phantom's own demand.
 */
export function planPhantom(ctx: RunContext, item: PreparedItem, inputs: ItemInputs, placement: Placement): MrpItemPlan {
  const site: ProductSiteRef = { productId: item.productId, warehouseId: item.warehouseId };
  const kitNeeds: MrpRequirement[] = inputs.demands.map((d) => ({
    id: d.demand.id,
    ...site,
    // A kit sold as such is assembled for the sales line: its components are traced as for a work order suggestion.
    code: 'MWS',
    parentId: d.demand.id,
    parentProductId: item.productId,
    parentWarehouseId: item.warehouseId,
    quantity: d.quantity.toString(),
    date: d.demand.date,
  }));
  const all: { requirement: MrpRequirement; quantity: Decimal; demand: boolean }[] = [
    ...inputs.needs.map((n) => ({ requirement: n.requirement, quantity: n.quantity, demand: false })),
    ...kitNeeds.map((r, i) => ({ requirement: r, quantity: (inputs.demands[i] as ParsedDemand).quantity, demand: true })),
  ].sort((a, b) => (a.requirement.date < b.requirement.date ? -1 : a.requirement.date > b.requirement.date ? 1 : a.requirement.id < b.requirement.id ? -1 : a.requirement.id > b.requirement.id ? 1 : 0));
  const type = item.policy.suggestionType;
  const bomInput = item.bom === null ? null : ctx.bomInput(item);
  let stock = item.onHand.gt(0) ? item.onHand : ZERO;
  const stockPegs: MrpPeg[] = [];
  const shown: MrpNetRequirement[] = [];
  const clauses: string[] = [];
  for (const n of all) {
    const outcome = phantomRequirement(type, n.quantity, stock);
    const date = maxDate(ctx.today, n.requirement.date);
    if (outcome.phantomDemand !== null) shown.push({ type: 'phantomDemand', date: n.requirement.date, quantity: outcome.phantomDemand.toString(), requirementId: n.requirement.id });
    if (outcome.componentQuantity === null) {
      clauses.push(`${n.requirement.id}: ${n.quantity.toString()} on ${n.requirement.date}, components not processed (${type})`);
      continue;
    }
    const used = n.quantity.minus(outcome.componentQuantity);
    if (used.gt(0)) {
      stockPegs.push({ type: n.demand ? 'demand' : 'requirement', id: n.requirement.id, date, quantity: used.toString() });
      stock = stock.minus(used);
    }
    if (outcome.componentQuantity.gt(0) && bomInput !== null) explodeThroughPhantom(n.requirement, outcome.componentQuantity, item, bomInput, ctx.handover);
    clauses.push(`${n.requirement.id}: ${n.quantity.toString()} on ${n.requirement.date}, ${used.toString()} from the kit's stock, ${outcome.componentQuantity.toString()} to its components`);
  }
  if (stock.gt(0) && item.onHand.gt(0)) stockPegs.push({ type: 'surplus', id: null, date: ctx.today, quantity: stock.toString() });
  const head = `kit ${item.productId} at ${item.warehouseId} (phantom BOM${item.bom !== null ? ` ${item.bom.bomId}` : ''}, ${type}), stock ${item.onHand.toString()}`;
  return {
    ...site,
    ...placement,
    phantom: true,
    requirements: inputs.needs.map((n) => n.requirement),
    suggestions: [],
    netRequirements: shown,
    messages: [],
    supplyPegging: item.onHand.gt(0) ? [{ supplyId: 'onHand', pegging: stockPegs }] : [],
    byProductReceipts: inputs.byProducts.map((b) => b.receipt),
    endingStock: (item.onHand.gt(0) ? stock : item.onHand).toString(),
    explanation: [head, ...clauses].join('; ') + (stockPegs.length > 0 ? `; its stock covers ${describePegs(stockPegs, (p) => p.id ?? pegKindName(p))}` : ''),
  };
}
