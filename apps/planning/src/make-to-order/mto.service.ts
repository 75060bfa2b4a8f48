import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { planningExceptionRaised, type EventEnvelope } from '@replenish/contracts';
import { EventPublisher } from '@replenish/messaging';
import { CatalogRepository, type ProductRow, SupplyResolver, uomOf, type Supply } from '../catalog/index.js';
import { DraftOrderRepository, type LoadedDraft, DraftOrderService, type DraftTarget } from '../draft-orders/index.js';
import { RuleRepository, ProjectionService, RuleEvaluator } from '../reordering-rules/index.js';
import {
  changeMtoLine, confirmMtoLine, dec, Decimal, draftDates, joinClauses, renderPlannedDate, salesLineName, type MtoDecision, type Need, type Uom,
} from '../shared/domain.js';
import { MtoRepository, type ExceptionRow, type MtoLineRow } from './data-access/mto.repository.js';

export interface SalesLine {
  salesOrderId: string;
  orderRef: string;
  lineId: string;
  /** The line's number in its order and its upstream reference, which name it with orderRef ("SO-2, line 1"). */
  lineNo?: number | null;
  lineRef?: string | null;
  productId: string;
  warehouseId: string;
  uom: string;
  route: 'mto' | 'stock';
  deliveryDate: string;
}

/**
 * Make to order (docs/semantics.md, "Make to order"): the decisions come from libs/domain (confirmMtoLine, changeMtoLine);
 * this service finds the linked drafts, applies the decision in the transaction, and records exceptions.
 */
@Injectable()
export class MtoService {
  private readonly log = new Logger(MtoService.name);

  constructor(
    private readonly mto: MtoRepository,
    private readonly catalog: CatalogRepository,
    private readonly supplies: SupplyResolver,
    private readonly projection: ProjectionService,
    private readonly draftsRepo: DraftOrderRepository,
    private readonly drafts: DraftOrderService,
    private readonly rules: RuleRepository,
    private readonly publisher: EventPublisher,
    private readonly evaluator: RuleEvaluator,
  ) {}

  /** A confirmed sales order line: raise or top up a draft for the whole line when it is make to order. */
  async confirmLine(tx: EntityManager, line: SalesLine, quantity: string, event: EventEnvelope): Promise<void> {
    const product = await this.catalog.product(tx, line.productId);
    if (!this.isMto(line, product)) return;
    if (!product) return this.underOrdered(tx, line, quantity, `product ${line.productId} is not in planning's catalog: ${mtoLineName(line)} was not ordered`, event);
    const planned = await this.supplyLine(tx, product, line, dec(quantity), this.lineUom(product, line.uom), event);
    if (!planned.ok) return this.underOrdered(tx, line, quantity, `${planned.reason}: ${mtoLineName(line)} was not ordered`, event);
    const { supply, decision } = planned;
    const fresh = await this.mto.insertLine(tx, {
      salesOrderLineId: line.lineId, salesOrderId: line.salesOrderId, orderRef: line.orderRef, lineNo: line.lineNo ?? null, lineRef: line.lineRef ?? null, productId: line.productId,
      warehouseId: line.warehouseId, quantity, deliveryDate: line.deliveryDate, fromStock: decision.action === 'fromStock',
    });
    if (!fresh) return; // this line was already confirmed once: its draft exists
    if (decision.action === 'order' && decision.need) await this.order(tx, decision.need, decision.explanation, supply, line, event, 'sales-order.confirmed');
  }

  /** A changed MTO line. */
  changeLine(tx: EntityManager, line: SalesLine, newQuantity: string, event: EventEnvelope): Promise<void> {
    return this.applyChange(tx, line, newQuantity, event, false);
  }

  /**
   * An MTO line of a cancelled sales order: like a decrease to what was delivered, and the line is marked
   * cancelled (`mto_lines.cancelled_at`) so that a draft cancelled later by the supplier side re-orders none of it
   * (decision planning-008), not even the delivered part its draft may still hold.
   */
  cancelLine(tx: EntityManager, line: SalesLine, deliveredQuantity: string, event: EventEnvelope): Promise<void> {
    return this.applyChange(tx, line, deliveredQuantity, event, true);
  }

  private async applyChange(tx: EntityManager, line: SalesLine, newQuantity: string, event: EventEnvelope, cancelled: boolean): Promise<void> {
    const stored = await this.mto.lockLine(tx, line.lineId);
    if (!stored) {
      // Not an MTO line we ordered for; a line that becomes MTO-relevant with a quantity is ordered now.
      if (dec(newQuantity).gt(0) && event.type === 'sales-order.line-changed') await this.confirmLine(tx, line, newQuantity, event);
      return;
    }
    if (cancelled) await this.mto.markCancelled(tx, line.lineId);
    const product = await this.catalog.product(tx, line.productId);
    const uom = this.lineUom(product, line.uom);
    const linked = stored.fromStock ? undefined : await this.linkedDraft(tx, line.lineId);
    let supply: Supply | undefined;
    let key = linked?.header.state === 'draft' ? linked.draft.key : undefined;
    if (product) {
      const resolved = await this.supplies.resolve(tx, product, line.warehouseId);
      if (resolved.ok) supply = resolved.supply;
    }
    key ??= supply?.key;
    const plannedDate = supply ? this.plannedDate(supply, line.deliveryDate) : line.deliveryDate;
    const securityLeadDays = supply?.securityLeadDays ?? 0;
    const increase = dec(newQuantity).gt(stored.quantity);
    if (!key) {
      await this.mto.updateLine(tx, line.lineId, newQuantity, line.deliveryDate);
      if (increase) await this.underOrdered(tx, line, dec(newQuantity).minus(stored.quantity).toString(), `no supply route for product ${line.productId}: increase of ${mtoLineName(line)} was not ordered`, event);
      return;
    }
    const decision = changeMtoLine({
      line: { ...lineNaming(line), productId: line.productId, quantity: dec(newQuantity), uom },
      previousQuantity: dec(stored.quantity),
      linkedDraft: linked?.draft ?? null,
      target: { key, plannedDate, eventId: event.id, needDate: line.deliveryDate, securityLeadDays },
    });
    await this.mto.updateLine(tx, line.lineId, newQuantity, line.deliveryDate);
    switch (decision.action) {
      case 'topUp':
      case 'raise': {
        if (!decision.need) return;
        const target = linked && decision.action === 'topUp' ? this.targetOfDraft(linked) : supply ? this.targetOf(supply, line) : undefined;
        if (!target) return;
        await this.order(tx, decision.need, decision.explanation, supply, line, event, event.type, target);
        return;
      }
      case 'shrink':
        if (linked && decision.draftChange) await this.drafts.save(tx, linked, decision.draftChange, { causedBy: event });
        break;
      default:
        break;
    }
    if (decision.exception) {
      // The excess sits on confirmed drafts (the open one, if any, absorbed what it could): name those.
      const excess = await this.excessOn(tx, line.lineId, dec(newQuantity), decision.exception.quantity);
      await this.raiseException(tx, {
        exceptionId: randomUUID(), kind: 'over-ordered', message: `${decision.exception.message}${describeExcess(excess)}`, productId: line.productId, warehouseId: line.warehouseId,
        quantity: decision.exception.quantity.toString(), salesOrderId: line.salesOrderId, salesOrderLineId: line.lineId,
        ...(excess[0] ? { draftOrderId: excess[0].draftId } : {}), raisedAt: new Date().toISOString(),
      }, event);
    }
  }

  /**
   * The confirmed drafts that hold the excess of a decrease no open draft could absorb, newest first, each with
   * its share. Read once the shrink (if any) is saved. The line is taken to be served by its oldest orders first,
   * so what is over-ordered sits on the newest confirmed drafts: of the confirmed drafts' total over-supply
   * (what they hold for the line beyond what the open drafts leave them to deliver), the newest part was reported
   * by earlier decreases, and this excess is the part right after it. Empty when no confirmed draft holds any of it.
   */
  private async excessOn(tx: EntityManager, lineId: string, newQuantity: Decimal, excess: Decimal): Promise<ExcessShare[]> {
    const holdings = await this.mto.holdingsOfLine(tx, lineId);
    const confirmed = holdings.filter((h) => h.state === 'confirmed').map((h) => ({ draftId: h.draftId, held: dec(h.quantity) }));
    const onOpen = holdings.filter((h) => h.state === 'draft').reduce((sum, h) => sum.plus(h.quantity), dec(0));
    const onConfirmed = confirmed.reduce((sum, h) => sum.plus(h.held), dec(0));
    const leftForConfirmed = Decimal.max(newQuantity.minus(onOpen), 0);
    const overSupply = onConfirmed.minus(leftForConfirmed);
    let skip = Decimal.max(overSupply.minus(excess), 0); // reported by earlier decreases
    let rest = excess;
    const shares: ExcessShare[] = [];
    for (const h of confirmed) {
      if (!rest.gt(0)) break;
      const skipped = Decimal.min(skip, h.held);
      skip = skip.minus(skipped);
      const share = Decimal.min(h.held.minus(skipped), rest);
      if (share.gt(0)) shares.push({ draftId: h.draftId, quantity: share });
      rest = rest.minus(share);
    }
    return shares;
  }

  /**
   * The purchasing, manufacturing or warehouse system cancelled an open draft (decision planning-008): every MTO
   * sales line that had quantity on it is ordered again, for what the cancellation took away and the line still
   * needs, as a new need dated from the line's delivery date with the sales line as origin (it goes to the open
   * draft of the product's supply key: a new one, since the cancelled draft was that key's open draft).
   * Call it once the draft is saved as cancelled and before the rules are re-evaluated: their forecast must see
   * the new MTO supply cancel the line's demand (planning-002), or a rule would order the same goods.
   */
  async reorderCancelledDraft(tx: EntityManager, cancelled: LoadedDraft, event: EventEnvelope): Promise<void> {
    const held = new Map<string, HeldForLine>();
    for (const l of cancelled.draft.lines) {
      for (const o of l.origins) {
        if (o.kind !== 'salesOrderLine') continue;
        const seen = held.get(o.id);
        held.set(o.id, { uom: l.uom, quantity: seen ? seen.quantity.plus(o.quantity) : o.quantity });
      }
    }
    // Sorted: the lines' rows are locked in one order whatever the draft's line order.
    for (const [lineId, h] of [...held].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) await this.reorderLine(tx, cancelled, lineId, h, event);
  }

  private async reorderLine(tx: EntityManager, cancelled: LoadedDraft, lineId: string, held: HeldForLine, event: EventEnvelope): Promise<void> {
    const stored = await this.mto.lockLine(tx, lineId);
    if (!stored) return; // an origin names only lines planning confirmed; nothing to answer for otherwise
    const draftId = cancelled.header.id;
    const what = mtoLineName({ ...stored, lineId });
    if (stored.cancelledAt) {
      // The customer no longer wants any of it; what the draft still held for the line is what was delivered.
      this.log.log({ draftId, salesOrderLineId: lineId, held: held.quantity.toString(), lineQuantity: stored.quantity, cancelledAt: stored.cancelledAt },
        `draft ${draftId} was cancelled while it held ${held.quantity.toString()} for ${what}; the sales order was cancelled: nothing to re-order`);
      return;
    }
    // The line now (0 once decreased to nothing) minus what open and confirmed drafts still bring it,
    // at most what this draft held: a line split over a confirmed draft and this one gets back only its share.
    const onOrders = dec(await this.mto.quantityOnLiveDrafts(tx, lineId));
    const outstanding = dec(stored.quantity).minus(onOrders);
    const quantity = outstanding.lt(held.quantity) ? outstanding : held.quantity;
    const why = `draft ${draftId} was cancelled while it held ${held.quantity.toString()} for ${what}; the line is ${stored.quantity}, ${onOrders.toString()} of it on other orders`;
    if (!quantity.gt(0)) {
      this.log.log({ draftId, salesOrderLineId: lineId, held: held.quantity.toString(), lineQuantity: stored.quantity, onOrders: onOrders.toString() }, `${why}: nothing to re-order`);
      return;
    }
    const line: SalesLine = {
      salesOrderId: stored.salesOrderId, orderRef: stored.orderRef, lineNo: stored.lineNo, lineRef: stored.lineRef, lineId, productId: stored.productId, warehouseId: stored.warehouseId,
      uom: held.uom.code, route: 'mto', deliveryDate: stored.deliveryDate,
    };
    const product = await this.catalog.product(tx, stored.productId);
    if (!product) return this.underOrdered(tx, line, quantity.toString(), `product ${stored.productId} is not in planning's catalog: ${what} lost its supply when draft ${draftId} was cancelled and was not re-ordered`, event);
    const planned = await this.supplyLine(tx, product, line, quantity, this.lineUom(product, held.uom.code), event);
    if (!planned.ok) return this.underOrdered(tx, line, quantity.toString(), `${planned.reason}: ${what} lost its supply when draft ${draftId} was cancelled and was not re-ordered`, event);
    const { supply, decision, freeStock } = planned;
    const stock = freeStock === undefined ? '' : `; free stock ${freeStock.toString()} ${decision.action === 'fromStock' ? 'covers it: taken from stock' : 'does not cover it'}`;
    if (decision.action !== 'order' || !decision.need) {
      this.log.log({ draftId, salesOrderLineId: lineId, quantity: quantity.toString() }, `${why}${stock}`);
      return;
    }
    const steps = [
      { code: 'mto-reorder-cancelled', draftId, held: held.quantity.toString(), lineQuantity: stored.quantity, onOrders: onOrders.toString(), quantity: quantity.toString() },
      ...decision.explanation.steps,
    ];
    const text = joinClauses([`${why}${stock}`, `re-order ${quantity.toString()}`, renderPlannedDate(decision.explanation.steps)]);
    const explanation = { toJSON: () => ({ steps, text }) };
    await this.order(tx, decision.need, explanation, supply, line, event, event.type);
  }

  private isMto(line: SalesLine, product: ProductRow | undefined): boolean {
    return line.route === 'mto' || (product?.routes.includes('mto') ?? false);
  }

  private lineUom(product: ProductRow | undefined, code: string): Uom {
    if (product?.purchaseUom && product.purchaseUom.code === code && product.stockUom.code !== code) return uomOf(product.purchaseUom);
    if (product) return uomOf(product.stockUom);
    return uomOf({ code, category: code, factor: '1', rounding: '1' });
  }

  private plannedDate(supply: Supply, needDate: string): string {
    return draftDates({
      needDate, securityLeadDays: supply.securityLeadDays,
      ...(supply.vendorLeadDays !== undefined ? { vendorLeadDays: supply.vendorLeadDays } : {}),
    }).plannedDate;
  }

  private targetOf(supply: Supply, line: SalesLine): DraftTarget {
    const dates = draftDates({
      needDate: line.deliveryDate, securityLeadDays: supply.securityLeadDays,
      ...(supply.vendorLeadDays !== undefined ? { vendorLeadDays: supply.vendorLeadDays } : {}),
      ...(supply.productionDelayDays !== undefined ? { productionDelayDays: supply.productionDelayDays } : {}),
    });
    const orderDate = dates.orderDate ?? dates.manufacturingStartDate;
    return {
      keyString: supply.keyString, warehouseId: line.warehouseId,
      ...(supply.vendorId ? { vendorId: supply.vendorId } : {}), ...(supply.bomId ? { bomId: supply.bomId } : {}),
      ...(supply.sourceWarehouseId ? { sourceWarehouseId: supply.sourceWarehouseId } : {}), ...(orderDate ? { orderDate } : {}),
    };
  }

  private targetOfDraft(d: LoadedDraft): DraftTarget {
    const h = d.header;
    return {
      keyString: h.topUpKey, warehouseId: h.warehouseId,
      ...(h.vendorId ? { vendorId: h.vendorId } : {}), ...(h.bomId ? { bomId: h.bomId } : {}), ...(h.sourceWarehouseId ? { sourceWarehouseId: h.sourceWarehouseId } : {}),
    };
  }

  /** The draft a line's change applies to: its open draft if any (locked), else the newest frozen one. */
  private async linkedDraft(tx: EntityManager, lineId: string): Promise<LoadedDraft | undefined> {
    const drafts = await this.draftsRepo.draftsOfSalesLine(tx, lineId);
    const open = drafts.find((d) => d.state === 'draft');
    if (open) {
      const locked = await this.draftsRepo.lockById(tx, open.id);
      if (locked?.header.state === 'draft') return locked;
    }
    const confirmed = drafts.find((d) => d.state === 'confirmed');
    return confirmed ? this.draftsRepo.byId(tx, confirmed.id) : undefined;
  }

  /**
   * How an MTO quantity is supplied, at confirmation and when a cancelled draft's line is ordered again: the
   * product's supply for that quantity (the vendor whose minimum it meets; decision domain-008) and libs/domain's
   * decision, with take from stock first against free stock when the product asks for it.
   */
  private async supplyLine(
    tx: EntityManager, product: ProductRow, line: SalesLine, quantity: Decimal, uom: Uom, event: EventEnvelope,
  ): Promise<{ ok: false; reason: string } | { ok: true; supply: Supply; decision: MtoDecision; freeStock?: Decimal }> {
    const resolved = await this.supplies.resolve(tx, product, line.warehouseId);
    if (!resolved.ok) return resolved;
    const supply = await this.supplies.forQuantity(tx, product, resolved.supply, quantity, {}, uom);
    const freeStock = product.takeFromStockFirst ? await this.projection.freeStock(tx, line.productId, line.warehouseId) : undefined;
    const decision = confirmMtoLine({
      line: { ...lineNaming(line), productId: line.productId, quantity, uom },
      target: {
        key: supply.key, plannedDate: this.plannedDate(supply, line.deliveryDate), eventId: event.id,
        needDate: line.deliveryDate, securityLeadDays: supply.securityLeadDays,
      },
      takeFromStockFirst: product.takeFromStockFirst,
      ...(freeStock !== undefined ? { freeStock } : {}),
    });
    return { ok: true, supply, decision, ...(freeStock !== undefined ? { freeStock } : {}) };
  }

  private async order(
    tx: EntityManager, need: Need, explanation: { toJSON(): unknown }, supply: Supply | undefined, line: SalesLine, event: EventEnvelope, cause: string, target?: DraftTarget,
  ): Promise<void> {
    const t = target ?? (supply ? this.targetOf(supply, line) : undefined);
    if (!t) return;
    const evaluationId = randomUUID();
    await this.rules.saveEvaluation(tx, {
      id: evaluationId, ruleId: null, productId: line.productId, warehouseId: line.warehouseId, cause, eventId: event.id,
      triggered: true, quantity: need.quantity.toString(), explanation: explanation.toJSON(),
    });
    await this.drafts.addNeed(tx, { ...need, origin: { ...need.origin, evaluationId } }, t, { causedBy: event });
    // Under the exclusive write lock (serializeWrites): no other transaction holds the dependents' rule or draft keys.
    if (supply) await this.evaluator.evaluateDependents(tx, line.productId, supply, event);
  }

  private async underOrdered(tx: EntityManager, line: SalesLine, quantity: string, message: string, event: EventEnvelope): Promise<void> {
    await this.raiseException(tx, {
      exceptionId: randomUUID(), kind: 'under-ordered', message, productId: line.productId, warehouseId: line.warehouseId, quantity,
      salesOrderId: line.salesOrderId, salesOrderLineId: line.lineId, raisedAt: new Date().toISOString(),
    }, event);
  }

  async raiseException(tx: EntityManager, e: ExceptionRow, causedBy?: EventEnvelope): Promise<void> {
    await this.mto.insertException(tx, e);
    await this.publisher.publish(tx, planningExceptionRaised, e, causedBy ? { causedBy } : undefined);
  }
}

/** "MTO SO-2, line 1": the line as people know it, for messages (the ids are in the exception's fields). */
const mtoLineName = (line: Parameters<typeof salesLineName>[0]): string => `MTO ${salesLineName(line)}`;

/** The line's ids and names, for libs/domain's MTO decisions. */
const lineNaming = (line: SalesLine) => ({
  salesOrderId: line.salesOrderId, lineId: line.lineId, orderRef: line.orderRef, lineNo: line.lineNo ?? null, lineRef: line.lineRef ?? null,
});

/** What one confirmed draft holds of an over-ordered excess. */
interface ExcessShare {
  draftId: string;
  quantity: Decimal;
}

/** " on confirmed draft D", or " on confirmed drafts D1 (2), D2 (1)" (at most 10 named). */
function describeExcess(excess: ExcessShare[]): string {
  if (excess.length === 0) return '';
  if (excess.length === 1) return ` on confirmed draft ${excess[0]!.draftId}`;
  const named = excess.slice(0, 10).map((e) => `${e.draftId} (${e.quantity.toString()})`).join(', ');
  return ` on confirmed drafts ${named}${excess.length > 10 ? ` and ${excess.length - 10} more` : ''}`;
}

/** What a cancelled draft held for one sales line, in its draft line's UoM. */
interface HeldForLine {
  uom: Uom;
  quantity: Decimal;
}

export type { MtoLineRow };
