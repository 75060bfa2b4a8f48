import { maxDate, type IsoDate } from '../dates/iso-date.js';
import type { BomInput } from '../manufacturing/component-demand.js';
import { netRequirements, type Demand, type NettingResult, type Supply } from '../policies/netting.js';
import { grossUpForShrinkage, netWorkInProgress } from '../policies/shrinkage.js';
import { isProductionKind, suggestionTypeEffects } from '../policies/suggestions.js';
import { Decimal } from '../quantity/decimal.js';
import { roundUpToStep } from '../quantity/uom.js';
import { explainMessage, withExplanation } from './explain.js';
import { explodeOrder, transferRequirement, type ByProductIn, type Handover, type Need } from './explode.js';
import { explainPlanLater, suggestionRenderer, type ByProductWorkOrder } from './item-words.js';
import type { MrpDemand, MrpItemPlan, MrpMessage, MrpNetRequirement, MrpPeg, MrpReceipt, MrpSuggestion, MrpSupplyPegging } from './mrp-types.js';
import { pegSupplies, type PegNeed, type PegSupply } from './pegging.js';
import type { PreparedItem } from './prepared-item.js';

/** An independent demand with its quantity parsed. */
export interface ParsedDemand {
  readonly demand: MrpDemand;
  readonly quantity: Decimal;
}

/** A receipt with its quantity parsed. */
export interface ParsedReceipt {
  readonly receipt: MrpReceipt;
  readonly quantity: Decimal;
}

/** What one product-site is planned from, besides its own data. */
export interface ItemInputs {
  readonly demands: readonly ParsedDemand[];
  readonly receipts: readonly ParsedReceipt[];
  /** Trace requirements on it, by date then id. */
  readonly needs: readonly Need[];
  /** Its expected by-product outputs, by date then id. */
  readonly byProducts: readonly ByProductIn[];
}

/** What the run shares with every product-site's planning. */
export interface RunContext {
  readonly today: IsoDate;
  readonly items: ReadonlyMap<string, PreparedItem>;
  /** componentDemand's view of an item's BOM (or its maker's, for a by-product), built once per run. */
  readonly bomInput: (item: PreparedItem) => BomInput;
  /** The planner's name of each independent demand, by id. */
  readonly demandNames: ReadonlyMap<string, string>;
  /** `date` less `days` (lead-time offsetting), memoised for the run. */
  readonly daysBefore: (date: IsoDate, days: number) => IsoDate;
  readonly handover: Handover;
}

/** Where the run placed the product-site: its level and the product-sites that feed it. */
export type Placement = Pick<MrpItemPlan, 'lowLevelCode' | 'dependsOn'>;

/**
 * Plans one product-site that is not a phantom: its independent demands, trace requirements and by-product outputs
 * against its stock and receipts, through `netRequirements` (policy, lot sizing, splitting, shrinkage, safety stock,
 * firm horizon and replanning), then dates the suggestions back by the lead time, pegs every supply and hands its
 * orders' requirements down (docs/semantics.md, "MRP run").
 */
export function planItem(ctx: RunContext, item: PreparedItem, inputs: ItemInputs, placement: Placement): MrpItemPlan {
  const { policy, site, kind } = item;
  const today = ctx.today;
  const demands: Demand[] = [];
  for (const d of inputs.demands) demands.push({ date: d.demand.date, quantity: d.quantity, id: d.demand.id });
  for (const n of inputs.needs) demands.push({ date: n.requirement.date, quantity: n.quantity, id: n.requirement.id });
  // A by-product's output is tied to its parent's order: netting must not move it as it may move a receipt beyond
  // the firm horizon, so it enters as a negative demand on its date.
  for (const b of inputs.byProducts) demands.push({ date: b.receipt.date, quantity: b.quantity.negated(), id: b.receipt.id });
  const supplies: Supply[] = inputs.receipts.map((r) => ({ id: r.receipt.id, date: r.receipt.date, quantity: r.quantity, status: r.receipt.status, workInProgress: r.receipt.workInProgress === true }));
  // No explanation steps: a suggestion's sentence is recomputed from its requirement when read (sizingOf).
  const net = netRequirements({ profile: { startingStock: item.onHand, demands, supplies }, policy, site, today, kind, uomStep: item.uom.rounding, explain: false });

  const shrinkPct = policy.applyShrinkage ? site.shrinkagePercent : ZERO;
  const requirementOn = new Map<IsoDate, Decimal>();
  for (const r of net.requirements) requirementOn.set(r.date, r.quantity);
  const losses = isProductionKind(kind) && !shrinkPct.isZero() ? lotLosses(net, requirementOn, shrinkPct) : null;
  const pegSupply: PegSupply[] = [];
  const suggestionSupplies: PegSupply[] = [];
  const drafts = net.suggestions.map((s, k) => {
    const id = `${kind}-${item.productId}@${item.warehouseId}-${k + 1}`;
    const startDate = ctx.daysBefore(s.dueDate, item.leadDays);
    const loss = losses?.[k] ?? ZERO;
    const supply: PegSupply = loss.isZero()
      ? { id, date: s.dueDate, rank: 3, usable: s.quantity, pegs: [] }
      : { id, date: s.dueDate, rank: 3, usable: s.quantity.minus(loss), pegs: [{ type: 'shrinkage', id: null, date: s.dueDate, quantity: loss.toString() }] };
    pegSupply.push(supply);
    suggestionSupplies.push(supply);
    return { s, id, startDate };
  });

  const receiptSupplies = pegReceipts(inputs.receipts, net, shrinkPct, today);
  pegSupply.push(...receiptSupplies);
  for (const b of inputs.byProducts) pegSupply.push({ id: b.receipt.id, date: maxDate(today, b.receipt.date), rank: 2, usable: b.quantity, pegs: [] });
  const onHandSupply: PegSupply | null = item.onHand.gt(0) ? { id: 'onHand', date: today, rank: 0, usable: item.onHand, pegs: [] } : null;
  if (onHandSupply !== null) pegSupply.push(onHandSupply);
  const needs = pegNeeds(item, inputs, today);
  pegSupplies(pegSupply, needs);

  const requirements = inputs.needs.map((n) => n.requirement);
  const bws = kind === 'BWS' ? byProductWorkOrder(ctx, item) : null;
  const render = suggestionRenderer({ item, today, requirementOn, requirements, demandNames: ctx.demandNames, bws, requirementsById: null });
  const suggestions: MrpSuggestion[] = drafts.map(({ s, id, startDate }, k) => {
    const quantity = s.quantity.toString();
    const late = startDate < today;
    const pegging = (suggestionSupplies[k] as PegSupply).pegs;
    const parentQuantity = bws === null ? null : roundUpToStep(s.quantity.times(bws.maker.output).dividedBy(bws.yieldPerRun), bws.makerStep);
    return withExplanation<MrpSuggestion>(
      {
        id,
        productId: item.productId,
        warehouseId: item.warehouseId,
        kind,
        quantity,
        dueDate: s.dueDate,
        startDate,
        late,
        requirementDate: s.requirementDate,
        lot: s.lot,
        lots: s.lots,
        ...(item.item.sourceWarehouseId !== undefined && kind === 'TRS' ? { sourceWarehouseId: item.item.sourceWarehouseId } : {}),
        ...(item.bom !== null ? { bomId: item.bom.bomId } : bws !== null ? { bomId: bws.maker.bomId } : {}),
        ...(bws !== null ? { parentProductId: bws.makerProductId, parentQuantity: (parentQuantity as Decimal).toString() } : {}),
        pegging,
      },
      render,
    );
  });

  handDown(ctx, item, inputs.receipts, suggestions.map((s, k) => ({ id: s.id, quantity: (drafts[k] as (typeof drafts)[number]).s.quantity, startDate: s.startDate, dueDate: s.dueDate, parentQuantity: s.parentQuantity })), bws);

  const receiptsById = new Map(inputs.receipts.map((r) => [r.receipt.id, r.receipt]));
  const messages: MrpMessage[] = net.messages.map((m) => {
    const receipt = receiptsById.get(m.supplyId) as MrpReceipt;
    return {
      productId: item.productId,
      warehouseId: item.warehouseId,
      receiptId: m.supplyId,
      action: m.action,
      fromDate: m.fromDate,
      toDate: m.toDate,
      fromQuantity: m.fromQuantity.toString(),
      toQuantity: m.toQuantity.toString(),
      explanation: explainMessage(m, receipt.documentNumber ?? receipt.id),
    };
  });
  const netReqs: MrpNetRequirement[] = policy.suggestionType === 'mrpPeggingOnly' ? net.requirements.map((r) => ({ type: 'netRequirement', date: r.date, quantity: r.quantity.toString() })) : [];
  const supplyPegging: MrpSupplyPegging[] = [];
  if (onHandSupply !== null) supplyPegging.push({ supplyId: 'onHand', pegging: onHandSupply.pegs });
  for (const r of receiptSupplies) supplyPegging.push({ supplyId: r.id, pegging: r.pegs });
  for (const s of pegSupply) if (s.rank === 2) supplyPegging.push({ supplyId: s.id, pegging: s.pegs });
  return explainPlanLater(item, net.requirements, {
    productId: item.productId,
    warehouseId: item.warehouseId,
    ...placement,
    phantom: false,
    requirements,
    suggestions,
    netRequirements: netReqs,
    messages,
    supplyPegging,
    byProductReceipts: inputs.byProducts.map((b) => b.receipt),
    endingStock: net.endingStock.toString(),
  });
}

const ZERO = new Decimal(0);

/**
 * The expected loss of each production suggestion: netting grosses a requirement R up to R x (1 + loss%) and counts
 * the loss on R only; the lots of that requirement carry it, the last lot (due on the requirement date) first.
 */
function lotLosses(net: NettingResult, requirementOn: ReadonlyMap<IsoDate, Decimal>, shrinkPct: Decimal): Decimal[] {
  const losses = new Array<Decimal>(net.suggestions.length).fill(ZERO);
  for (let k = 0; k < net.suggestions.length; ) {
    const first = net.suggestions[k] as NettingResult['suggestions'][number];
    const r = requirementOn.get(first.requirementDate);
    let loss = r === undefined ? ZERO : grossUpForShrinkage(r, shrinkPct).minus(r);
    for (let j = k + first.lots - 1; j >= k && loss.gt(0); j--) {
      const q = (net.suggestions[j] as NettingResult['suggestions'][number]).quantity;
      const part = q.lte(loss) ? q : loss;
      losses[j] = part;
      loss = loss.minus(part);
    }
    k += first.lots;
  }
  return losses;
}

/** The receipts as supplies to peg: on the date and at the quantity the replanning messages leave them. */
function pegReceipts(receipts: readonly ParsedReceipt[], net: NettingResult, shrinkPct: Decimal, today: IsoDate): PegSupply[] {
  const out: PegSupply[] = [];
  for (const r of receipts) {
    const wip = r.receipt.workInProgress === true && !shrinkPct.isZero();
    let usable = wip ? netWorkInProgress(r.quantity, shrinkPct) : r.quantity;
    const pegs: MrpPeg[] = [];
    let date = r.receipt.date;
    for (const m of net.messages) {
      if (m.supplyId !== r.receipt.id) continue;
      if (m.action === 'advance' || m.action === 'delay') date = m.toDate;
      else usable = m.toQuantity;
    }
    date = maxDate(today, date);
    const loss = r.quantity.minus(usable);
    if (wip && loss.gt(0) && usable.gt(0)) pegs.push({ type: 'shrinkage', id: null, date, quantity: loss.toString() });
    out.push({ id: r.receipt.id, date, rank: 1, usable, pegs });
  }
  return out;
}

/** The needs a product-site's supplies cover, in pegging order: stock below zero, the safety stock (when the policy keeps it), then demands and requirements by date. */
function pegNeeds(item: PreparedItem, inputs: ItemInputs, today: IsoDate): PegNeed[] {
  const needs: PegNeed[] = [];
  if (item.onHand.lt(0)) needs.push({ type: 'backlog', id: null, date: today, rank: 0, quantity: item.onHand.negated(), shown: null });
  if (item.policy.safetyStock && item.site.safetyStock.gt(0)) needs.push({ type: 'safetyStock', id: null, date: today, rank: 1, quantity: item.site.safetyStock, shown: null });
  // Both lists come sorted by date: merged, not sorted again (a demand first on a tie).
  const { demands, needs: required } = inputs;
  let i = 0;
  let j = 0;
  while (i < demands.length || j < required.length) {
    const d = demands[i];
    const n = required[j];
    if (d !== undefined && (n === undefined || d.demand.date <= n.requirement.date)) {
      needs.push({ type: 'demand', id: d.demand.id, date: maxDate(today, d.demand.date), rank: 2, quantity: d.quantity, shown: null });
      i++;
    } else if (n !== undefined) {
      needs.push({ type: 'requirement', id: n.requirement.id, date: maxDate(today, n.requirement.date), rank: 2, quantity: n.quantity, shown: n.requirement.quantity });
      j++;
    }
  }
  return needs;
}

function byProductWorkOrder(ctx: RunContext, item: PreparedItem): ByProductWorkOrder | null {
  const makerItem = item.makerKey === null ? undefined : ctx.items.get(item.makerKey);
  if (makerItem === undefined || makerItem.bom === null) return null;
  const line = makerItem.bom.byProducts.find((b) => b.productId === item.productId);
  if (line === undefined || !line.quantity.gt(0)) return null;
  return { maker: makerItem.bom, makerItem, makerProductId: makerItem.productId, makerStep: makerItem.uom.rounding, yieldPerRun: line.quantity };
}

interface PlannedOrder {
  readonly id: string;
  readonly quantity: Decimal;
  readonly startDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly parentQuantity?: string | undefined;
}

/**
 * Hands the product-site's orders down, when its suggestion type traces components (with MRP pegging): a WOS or
 * subcontract POS and each existing work order or subcontract explode into their components' requirements (and
 * by-product outputs), a TRS into its source site's requirement, a BWS into its maker's components.
 */
function handDown(ctx: RunContext, item: PreparedItem, receipts: readonly ParsedReceipt[], orders: readonly PlannedOrder[], bws: ByProductWorkOrder | null): void {
  if (!suggestionTypeEffects(item.policy.suggestionType).componentRequirements) return;
  const { productId, warehouseId } = item;
  if (item.bom !== null && item.parentDocument !== null) {
    const bomInput = ctx.bomInput(item);
    for (const o of orders) explodeOrder({ productId, warehouseId, id: o.id, document: item.parentDocument, status: 'suggestion', quantity: o.quantity, startDate: o.startDate, dueDate: o.dueDate }, item.bom, bomInput, ctx.items, ctx.handover, true);
    for (const r of receipts) {
      const doc = r.receipt.document;
      if ((doc !== 'workOrder' && doc !== 'subcontract') || r.receipt.componentsReserved === true) continue;
      const startDate = r.receipt.startDate ?? ctx.daysBefore(r.receipt.date, item.leadDays);
      explodeOrder({ productId, warehouseId, id: r.receipt.id, document: doc, status: r.receipt.status, quantity: r.quantity, startDate, dueDate: maxDate(ctx.today, r.receipt.date) }, item.bom, bomInput, ctx.items, ctx.handover, true);
    }
  }
  if (item.transferSourceKey !== null && ctx.items.has(item.transferSourceKey)) for (const o of orders) transferRequirement(o, item, ctx.handover);
  if (bws !== null) {
    const bomInput = ctx.bomInput(bws.makerItem);
    for (const o of orders) {
      explodeOrder({ productId, warehouseId, id: o.id, document: 'workOrder', status: 'suggestion', quantity: new Decimal(o.parentQuantity as string), startDate: o.startDate, dueDate: o.dueDate }, bws.maker, bomInput, ctx.items, ctx.handover, false);
    }
  }
}
