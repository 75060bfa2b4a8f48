import type { IsoDate } from '../dates/iso-date.js';
import { componentDemand, type BomInput } from '../manufacturing/component-demand.js';
import { traceRequirementCode, type ParentDocument, type ParentStatus } from '../policies/suggestions.js';
import type { Decimal } from '../quantity/decimal.js';
import type { MrpByProductReceipt, MrpRequirement, MrpRequirementCode } from './mrp-types.js';
import { siteKey, type PreparedBom, type PreparedItem } from './prepared-item.js';

/** A trace requirement with its quantity as a Decimal, for the netting of the product-site it lands on. */
export interface Need {
  readonly requirement: MrpRequirement;
  readonly quantity: Decimal;
}

/** A by-product's expected output with its quantity as a Decimal. */
export interface ByProductIn {
  readonly receipt: MrpByProductReceipt;
  readonly quantity: Decimal;
}

/** What a level hands down to the next ones, by product-site key. */
export class Handover {
  readonly needs = new Map<string, Need[]>();
  readonly byProducts = new Map<string, ByProductIn[]>();

  addNeed(key: string, need: Need): void {
    const list = this.needs.get(key);
    if (list === undefined) this.needs.set(key, [need]);
    else list.push(need);
  }

  addByProduct(key: string, output: ByProductIn): void {
    const list = this.byProducts.get(key);
    if (list === undefined) this.byProducts.set(key, [output]);
    else list.push(output);
  }

  /** What was handed down to a product-site, let go of once taken (a run holds a level's needs, not all of them). */
  takeNeeds(key: string): Need[] {
    const list = this.needs.get(key) ?? [];
    this.needs.delete(key);
    return list;
  }

  takeByProducts(key: string): ByProductIn[] {
    const list = this.byProducts.get(key) ?? [];
    this.byProducts.delete(key);
    return list;
  }

  /**
   * `componentDemand` of a quantity, memoised per BOM and quantity while a product-site is planned: lot sizing makes
   * many orders of the same quantity (an economic lot, a technical lot), and each explosion is several decimal
   * divisions and roundings. Forgotten once the site is planned (forgetExplosions).
   */
  componentsOf(quantity: Decimal, bomInput: BomInput): readonly { readonly productId: string; readonly quantity: Decimal; readonly shown: string }[] {
    let byQuantity = this.explosions.get(bomInput);
    if (byQuantity === undefined) this.explosions.set(bomInput, (byQuantity = new Map()));
    const key = quantity.toString();
    let components = byQuantity.get(key);
    if (components === undefined) byQuantity.set(key, (components = componentDemand(quantity, bomInput).map((c) => ({ productId: c.productId, quantity: c.quantity, shown: c.quantity.toString() }))));
    return components;
  }

  /**
   * Ends componentsOf's memo once a product-site is planned: its orders are exploded while it is planned (a
   * by-product's work orders too, with its maker's BOM), and the memo kept for the whole run was a third of the
   * engine's live heap at 10,000 items (decision domain-010, addendum).
   */
  forgetExplosions(): void {
    this.explosions.clear();
  }

  private readonly explosions = new Map<BomInput, Map<string, { productId: string; quantity: Decimal; shown: string }[]>>();
}

/** An order of a product-site whose BOM the run explodes: a WOS, BWS or subcontract POS, or an existing work order. */
export interface ParentOrder {
  readonly id: string;
  readonly productId: string;
  readonly warehouseId: string;
  readonly document: ParentDocument;
  readonly status: ParentStatus;
  /** How much of the BOM's product the order makes. */
  readonly quantity: Decimal;
  readonly startDate: IsoDate;
  readonly dueDate: IsoDate;
}

/**
 * The trace requirements of a parent order (docs/semantics.md, "MRP run"): each component's quantity is
 * `componentDemand` of the order's quantity (quantity x line quantity, scrap included, / BOM output, rounded up to
 * the component's step), due on the order's start date, coded by `traceRequirementCode` and carrying the order's
 * document number. The BOM's by-products come out with the order on its due date.
 */
export function explodeOrder(order: ParentOrder, bom: PreparedBom, bomInput: BomInput, items: ReadonlyMap<string, PreparedItem>, into: Handover, withByProducts: boolean): void {
  const code = traceRequirementCode(order.document, order.status) as MrpRequirementCode;
  for (const c of into.componentsOf(order.quantity, bomInput)) {
    const requirement: MrpRequirement = {
      id: `${order.id}/${c.productId}`,
      productId: c.productId,
      warehouseId: order.warehouseId,
      code,
      parentId: order.id,
      parentProductId: order.productId,
      parentWarehouseId: order.warehouseId,
      quantity: c.shown,
      date: order.startDate,
    };
    into.addNeed(siteKey(c.productId, order.warehouseId), { requirement, quantity: c.quantity });
  }
  if (!withByProducts) return;
  for (const b of bom.byProducts) {
    const target = items.get(b.key);
    if (target === undefined) continue;
    const exact = order.quantity.times(b.quantity).dividedBy(bom.output);
    // What comes out is rounded down: the plan never counts on more by-product than the order yields.
    const quantity = exact.dividedToIntegerBy(target.uom.rounding).times(target.uom.rounding);
    if (!quantity.gt(0)) continue;
    const receipt: MrpByProductReceipt = {
      id: `${order.id}/${b.productId}`,
      parentId: order.id,
      parentProductId: order.productId,
      date: order.dueDate,
      quantity: quantity.toString(),
      costShare: b.costShare.toString(),
    };
    into.addByProduct(b.key, { receipt, quantity });
  }
}

/**
 * A phantom's components, for the part of a parent's need its own stock does not meet: the requirements keep the
 * parent order's document number and code (the phantom is no order of its own) and name the phantom they passed.
 */
export function explodeThroughPhantom(need: MrpRequirement, quantity: Decimal, phantom: PreparedItem, bomInput: BomInput, into: Handover): void {
  for (const c of into.componentsOf(quantity, bomInput)) {
    const requirement: MrpRequirement = {
      id: `${need.id}/${c.productId}`,
      productId: c.productId,
      warehouseId: phantom.warehouseId,
      code: need.code,
      parentId: need.parentId,
      parentProductId: need.parentProductId,
      parentWarehouseId: need.parentWarehouseId,
      viaPhantom: phantom.productId,
      quantity: c.shown,
      date: need.date,
    };
    into.addNeed(siteKey(c.productId, phantom.warehouseId), { requirement, quantity: c.quantity });
  }
}

/** A transfer suggestion's demand on its source site, on the day the goods leave (its start date). */
export function transferRequirement(transfer: { id: string; quantity: Decimal; startDate: IsoDate }, item: PreparedItem, into: Handover): void {
  const source = item.item.sourceWarehouseId as string;
  const requirement: MrpRequirement = {
    id: `${transfer.id}/${item.productId}`,
    productId: item.productId,
    warehouseId: source,
    code: 'TRS',
    parentId: transfer.id,
    parentProductId: item.productId,
    parentWarehouseId: item.warehouseId,
    quantity: transfer.quantity.toString(),
    date: transfer.startDate,
  };
  into.addNeed(item.transferSourceKey as string, { requirement, quantity: transfer.quantity });
}
