import { addDays, assertIsoDate, type IsoDate } from '../dates/iso-date.js';
import { localDate } from '../dates/time-zone.js';
import { InvalidRuleError } from '../errors.js';
import type { BomInput } from '../manufacturing/component-demand.js';
import { Decimal, nonNegativeDec } from '../quantity/decimal.js';
import { Handover, type ByProductIn, type Need } from './explode.js';
import { computeLevels, type Levels } from './levels.js';
import type { MrpInput, MrpItemPlan, MrpResult, ProductSiteRef } from './mrp-types.js';
import { planItem, type ItemInputs, type ParsedDemand, type ParsedReceipt, type RunContext } from './plan-item.js';
import { planPhantom } from './plan-phantom.js';
import { bomInputFor, prepareItem, siteKey, siteName, type PreparedItem } from './prepared-item.js';

export { onHandId, peggingTree } from './pegging-tree.js';

/**
 * A regenerative multi-level MRP run (docs/semantics.md, "MRP run"; decision domain-010): every product-site, level by
 * level by low-level code, netted through its reorder policy, its planned orders exploded into its components'
 * trace requirements. Throws MrpCycleError when BOMs, by-products or transfers loop.
 */
export function planMrp(input: MrpInput): MrpResult {
  return run(prepare(input, null), null);
}

/**
 * planMrp's plans one product-site at a time, the same plans in the same order, planned as they are asked for and
 * none kept once handed out: a caller that writes each plan away (the planning service's worker, decision
 * planning-021) holds only what the levels still to plan need, never the whole result. Throws MrpCycleError on the
 * first plan asked for.
 */
export function* planMrpEach(input: MrpInput): Generator<MrpItemPlan, void, undefined> {
  yield* planLevels(prepare(input, null), null);
}

/**
 * Net change: `input` is the whole new input, `changed` the product-sites whose supply, demand or planning data
 * changed since `previous` was planned from the input before. Re-plans them and what they reach through BOMs,
 * by-products and transfers (in the new input and in `previous`), keeps every other plan, and gives the same
 * result as `planMrp(input)`. A different run date or horizon re-plans everything.
 */
export function planMrpNetChange(previous: MrpResult, input: MrpInput, changed: readonly ProductSiteRef[]): MrpResult {
  const p = prepare(input, structureOf.get(previous) ?? null);
  if (previous.runDate !== p.today || previous.horizonEnd !== p.horizonEnd) return run(p, null);
  const { before, fedBefore } = indexPlans(previous);
  // Re-planned: the changed product-sites, those new since `previous`, and everything they feed, now or before.
  const replan = new Set<string>();
  const queue: string[] = changed.map((c) => siteKey(c.productId, c.warehouseId));
  for (const key of p.items.keys()) if (!before.has(key)) queue.push(key);
  while (queue.length > 0) {
    const key = queue.pop() as string;
    if (replan.has(key)) continue;
    replan.add(key);
    for (const c of p.levels.children.get(key) ?? []) queue.push(c);
    for (const c of fedBefore.get(key) ?? []) queue.push(c);
  }
  // Their other parents are planned again from their own previous requirements, so that they hand down afresh.
  const handDownAgain = new Set<string>();
  for (const key of replan) for (const parent of p.levels.parents.get(key) ?? []) if (!replan.has(parent)) handDownAgain.add(parent);
  return run(p, { before, replan, handDownAgain });
}

/** A result's plans by product-site key, and who each fed: kept by the run that made it, else read from its plans. */
function indexPlans(result: MrpResult): PlanIndex {
  const known = planIndexes.get(result);
  if (known !== undefined) return known;
  const before = new Map<string, MrpItemPlan>();
  const fedBefore = new Map<string, string[]>();
  for (const plan of result.plans) {
    const key = siteKey(plan.productId, plan.warehouseId);
    before.set(key, plan);
    for (const d of plan.dependsOn) {
      const from = siteKey(d.productId, d.warehouseId);
      const list = fedBefore.get(from);
      if (list === undefined) fedBefore.set(from, [key]);
      else list.push(key);
    }
  }
  const index = { before, fedBefore };
  planIndexes.set(result, index);
  return index;
}

interface PlanIndex {
  readonly before: ReadonlyMap<string, MrpItemPlan>;
  /** The product-sites each one fed (the children of the levels it was planned with: a plan's dependsOn are its parents). */
  readonly fedBefore: ReadonlyMap<string, readonly string[]>;
}

const planIndexes = new WeakMap<MrpResult, PlanIndex>();

interface Prepared {
  readonly today: IsoDate;
  readonly horizonEnd: IsoDate;
  readonly items: ReadonlyMap<string, PreparedItem>;
  readonly levels: Levels;
  readonly demands: ReadonlyMap<string, ParsedDemand[]>;
  readonly receipts: ReadonlyMap<string, ParsedReceipt[]>;
  readonly demandNames: ReadonlyMap<string, string>;
  /** Requirements and by-product output from parents outside the run (MrpInput.requirements, byProductReceipts). */
  readonly outside: Handover;
}

interface Reuse {
  readonly before: ReadonlyMap<string, MrpItemPlan>;
  readonly replan: ReadonlySet<string>;
  readonly handDownAgain: ReadonlySet<string>;
}

// Parsing and grouping are memoised per input object and array: a net change gets the whole input again, mostly the
// very objects of the run before (the types are readonly: an input object or array is never changed in place, a
// changed one is a new object).
const preparedItems = new WeakMap<MrpInput['items'][number], PreparedItem>();
const parsedDemands = new WeakMap<MrpInput['demands'][number], ParsedDemand>();
const parsedReceipts = new WeakMap<MrpInput['receipts'][number], ParsedReceipt>();
const groupedDemands = new WeakMap<MrpInput['demands'], { horizonEnd: IsoDate; demands: Map<string, ParsedDemand[]>; demandNames: Map<string, string> }>();
const groupedReceipts = new WeakMap<MrpInput['receipts'], { horizonEnd: IsoDate; receipts: Map<string, ParsedReceipt[]> }>();

/** The product-sites and levels a result was planned with: a net change whose BOMs and routes are the same reuses the levels. */
const structureOf = new WeakMap<MrpResult, Pick<Prepared, 'items' | 'levels'>>();

function prepare(input: MrpInput, earlier: Pick<Prepared, 'items' | 'levels'> | null): Prepared {
  if (input.bucket !== 'day') throw new InvalidRuleError(`bucket ${String(input.bucket)} is not supported: MRP plans in daily buckets`);
  if (!Number.isInteger(input.horizonDays) || input.horizonDays < 0) throw new InvalidRuleError('horizonDays must be a whole number of days, not negative');
  const today = localDate(input.runAt, input.timeZone);
  const horizonEnd = addDays(today, input.horizonDays);
  const items = new Map<string, PreparedItem>();
  for (const raw of input.items) {
    let item = preparedItems.get(raw);
    if (item === undefined) preparedItems.set(raw, (item = prepareItem(raw)));
    if (items.has(item.key)) throw new InvalidRuleError(`product-site ${siteName(item)} is given twice`);
    items.set(item.key, item);
  }
  const { demands, demandNames } = groupDemands(input.demands, horizonEnd);
  const levels = earlier !== null && sameStructure(earlier.items, items) ? { ...earlier.levels, order: earlier.levels.order.map((i) => items.get(i.key) as PreparedItem) } : computeLevels(items);
  return { today, horizonEnd, items, levels, demands, receipts: groupReceipts(input.receipts, horizonEnd), demandNames, outside: fromOutside(input, items) };
}

/** What parents outside the run put on its product-sites; what a parent inside the run gives is left to it. */
function fromOutside(input: MrpInput, items: ReadonlyMap<string, PreparedItem>): Handover {
  const outside = new Handover();
  for (const r of input.requirements ?? []) {
    const emitter = r.viaPhantom !== undefined ? siteKey(r.viaPhantom, r.warehouseId) : siteKey(r.parentProductId, r.parentWarehouseId);
    if (!items.has(emitter)) outside.addNeed(siteKey(r.productId, r.warehouseId), { requirement: r, quantity: nonNegativeDec(r.quantity, `requirement ${r.id} quantity`) });
  }
  for (const b of input.byProductReceipts ?? []) {
    if (items.has(siteKey(b.parentProductId, b.warehouseId))) continue;
    const { productId: _p, warehouseId: _w, ...receipt } = b;
    outside.addByProduct(siteKey(b.productId, b.warehouseId), { receipt, quantity: nonNegativeDec(b.quantity, `by-product receipt ${b.id} quantity`) });
  }
  return outside;
}

/**
 * The same product-sites with the same BOM objects and routes: levels, parents and children are the same. A BOM
 * given as a new object counts as changed (not compared field by field: that would cost what it saves).
 */
function sameStructure(before: ReadonlyMap<string, PreparedItem>, now: ReadonlyMap<string, PreparedItem>): boolean {
  if (before.size !== now.size) return false;
  for (const [key, item] of now) {
    const was = before.get(key);
    if (was === undefined) return false;
    if (was === item) continue;
    const a = was.item;
    const b = item.item;
    if (a.bom !== b.bom || a.replenishment !== b.replenishment || a.sourceWarehouseId !== b.sourceWarehouseId || a.byProductOf !== b.byProductOf) return false;
  }
  return true;
}

/** Demands by product-site (those of unplanned sites are never read), by date then id, memoised per array and horizon. */
function groupDemands(list: MrpInput['demands'], horizonEnd: IsoDate): { demands: Map<string, ParsedDemand[]>; demandNames: Map<string, string> } {
  const known = groupedDemands.get(list);
  if (known !== undefined && known.horizonEnd === horizonEnd) return known;
  const demands = new Map<string, ParsedDemand[]>();
  const demandNames = new Map<string, string>();
  for (const d of list) {
    let parsed = parsedDemands.get(d);
    if (parsed === undefined) {
      assertIsoDate(d.date, `demand ${d.id} date`);
      parsedDemands.set(d, (parsed = { demand: d, quantity: nonNegativeDec(d.quantity, `demand ${d.id} quantity`) }));
    }
    demandNames.set(d.id, d.document ?? d.id);
    if (d.date <= horizonEnd) push(demands, siteKey(d.productId, d.warehouseId), parsed);
  }
  for (const byKey of demands.values()) byKey.sort((a, b) => byDateThenId(a.demand, b.demand));
  groupedDemands.set(list, { horizonEnd, demands, demandNames });
  return { demands, demandNames };
}

/** Receipts by product-site, by date then id, memoised per array and horizon. */
function groupReceipts(list: MrpInput['receipts'], horizonEnd: IsoDate): Map<string, ParsedReceipt[]> {
  const known = groupedReceipts.get(list);
  if (known !== undefined && known.horizonEnd === horizonEnd) return known.receipts;
  const receipts = new Map<string, ParsedReceipt[]>();
  for (const r of list) {
    let parsed = parsedReceipts.get(r);
    if (parsed === undefined) {
      assertIsoDate(r.date, `receipt ${r.id} date`);
      parsedReceipts.set(r, (parsed = { receipt: r, quantity: nonNegativeDec(r.quantity, `receipt ${r.id} quantity`) }));
    }
    if (r.date <= horizonEnd) push(receipts, siteKey(r.productId, r.warehouseId), parsed);
  }
  for (const byKey of receipts.values()) byKey.sort((a, b) => byDateThenId(a.receipt, b.receipt));
  groupedReceipts.set(list, { horizonEnd, receipts });
  return receipts;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function byDateThenId(a: { date: IsoDate; id: string }, b: { date: IsoDate; id: string }): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A run's result, its plans kept (and indexed, for a net change from it). */
function run(p: Prepared, reuse: Reuse | null): MrpResult {
  const plans: MrpItemPlan[] = [];
  const byKey = new Map<string, MrpItemPlan>();
  for (const plan of planLevels(p, reuse)) {
    plans.push(plan);
    byKey.set(siteKey(plan.productId, plan.warehouseId), plan);
  }
  const result: MrpResult = { runDate: p.today, horizonEnd: p.horizonEnd, plans, unplanned: p.levels.unplanned };
  structureOf.set(result, { items: p.items, levels: p.levels });
  planIndexes.set(result, { before: byKey, fedBefore: p.levels.children });
  return result;
}

/** Level by level: each product-site planned from what its parents handed down, or its previous plan kept. */
function* planLevels(p: Prepared, reuse: Reuse | null): Generator<MrpItemPlan, void, undefined> {
  const handover = new Handover();
  const bomInputs = new Map<string, BomInput>();
  const offsets = new Map<number, Map<IsoDate, IsoDate>>();
  const ctx: RunContext = {
    today: p.today,
    items: p.items,
    handover,
    demandNames: p.demandNames,
    daysBefore: (date, days) => {
      let byDate = offsets.get(days);
      if (byDate === undefined) offsets.set(days, (byDate = new Map()));
      let d = byDate.get(date);
      if (d === undefined) byDate.set(date, (d = addDays(date, -days)));
      return d;
    },
    bomInput: (item) => {
      let b = bomInputs.get(item.key);
      if (b === undefined) bomInputs.set(item.key, (b = bomInputFor(item.bom as NonNullable<PreparedItem['bom']>, p.items)));
      return b;
    },
  };
  for (const item of p.levels.order) {
    const lowLevelCode = p.levels.lowLevelCode.get(item.key) as number;
    const previous = reuse?.before.get(item.key);
    if (reuse !== null && previous !== undefined && !reuse.replan.has(item.key) && !reuse.handDownAgain.has(item.key)) {
      yield previous.lowLevelCode === lowLevelCode ? previous : { ...previous, lowLevelCode, dependsOn: parentsOf(p, item) };
      continue;
    }
    const dependsOn = parentsOf(p, item);
    const fromBefore = reuse !== null && previous !== undefined && reuse.handDownAgain.has(item.key);
    const inputs: ItemInputs = {
      demands: p.demands.get(item.key) ?? [],
      receipts: p.receipts.get(item.key) ?? [],
      needs: fromBefore ? previous.requirements.map((requirement) => ({ requirement, quantity: new Decimal(requirement.quantity) })) : sortNeeds([...handover.takeNeeds(item.key), ...p.outside.takeNeeds(item.key)]),
      byProducts: fromBefore ? previous.byProductReceipts.map((receipt) => ({ receipt, quantity: new Decimal(receipt.quantity) })) : sortByProducts([...handover.takeByProducts(item.key), ...p.outside.takeByProducts(item.key)]),
    };
    yield item.phantom ? planPhantom(ctx, item, inputs, { lowLevelCode, dependsOn }) : planItem(ctx, item, inputs, { lowLevelCode, dependsOn });
    handover.forgetExplosions();
  }
}

function parentsOf(p: Prepared, item: PreparedItem): ProductSiteRef[] {
  return (p.levels.parents.get(item.key) ?? []).map((k) => {
    const parent = p.items.get(k) as PreparedItem;
    return { productId: parent.productId, warehouseId: parent.warehouseId };
  });
}

/**
 * By date; the parents hand down in the run's order (level, product, warehouse, then their orders' order), which a
 * net change keeps, so a stable sort by date alone is deterministic.
 */
function sortNeeds(needs: Need[]): Need[] {
  return needs.sort((a, b) => (a.requirement.date < b.requirement.date ? -1 : a.requirement.date > b.requirement.date ? 1 : 0));
}

function sortByProducts(outputs: ByProductIn[]): ByProductIn[] {
  return outputs.sort((a, b) => byDateThenId(a.receipt, b.receipt));
}
