import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { planningExceptionRaised, type EventEnvelope } from '@replenish/contracts';
import { EventPublisher } from '@replenish/messaging';
import { CatalogRepository, type ProductRow } from '../catalog/data-access/catalog.repository.js';
import { SupplyResolver, uomOf, type Supply } from '../catalog/supply-resolver.js';
import { DraftOrderRepository, type LoadedDraft } from '../draft-orders/data-access/draft-order.repository.js';
import { DraftOrderService, type DraftTarget } from '../draft-orders/draft-order.service.js';
import { RuleRepository } from '../reordering-rules/data-access/rule.repository.js';
import { ProjectionService } from '../reordering-rules/projection.service.js';
import { changeMtoLine, confirmMtoLine, dec, draftDates, type MtoDecision, type Need, type Uom } from '../shared/domain.js';
import { MtoRepository, type ExceptionRow, type MtoLineRow } from './data-access/mto.repository.js';

export interface SalesLine {
  salesOrderId: string;
  orderRef: string;
  lineId: string;
  productId: string;
  warehouseId: string;
  uom: string;
  route: 'mto' | 'stock';
  deliveryDate: string;
}

/**
 * Make to order (semantics section 4): the decisions come from libs/domain (confirmMtoLine, changeMtoLine);
 * this service finds the linked drafts, applies the decision in the transaction, and records exceptions.
 */
@Injectable()
export class MtoService {
  constructor(
    private readonly mto: MtoRepository,
    private readonly catalog: CatalogRepository,
    private readonly supplies: SupplyResolver,
    private readonly projection: ProjectionService,
    private readonly draftsRepo: DraftOrderRepository,
    private readonly drafts: DraftOrderService,
    private readonly rules: RuleRepository,
    private readonly publisher: EventPublisher,
  ) {}

  /** A confirmed sales order line: raise or top up a draft for the whole line when it is make to order. */
  async confirmLine(tx: EntityManager, line: SalesLine, quantity: string, event: EventEnvelope): Promise<void> {
    const product = await this.catalog.product(tx, line.productId);
    if (!this.isMto(line, product)) return;
    if (!product) return this.underOrdered(tx, line, quantity, `product ${line.productId} is not in planning's catalog: MTO line ${line.lineId} of sales order ${line.orderRef} was not ordered`, event);
    const resolved = await this.supplies.resolve(tx, product, line.warehouseId);
    if (!resolved.ok) return this.underOrdered(tx, line, quantity, `${resolved.reason}: MTO line ${line.lineId} of sales order ${line.orderRef} was not ordered`, event);
    const supply = resolved.supply;
    const uom = this.lineUom(product, line.uom);
    const freeStock = product.takeFromStockFirst ? await this.projection.freeStock(tx, line.productId, line.warehouseId) : undefined;
    const decision = confirmMtoLine({
      line: { salesOrderId: line.salesOrderId, lineId: line.lineId, productId: line.productId, quantity: dec(quantity), uom },
      target: { key: supply.key, plannedDate: this.plannedDate(supply, line.deliveryDate), eventId: event.id },
      takeFromStockFirst: product.takeFromStockFirst,
      ...(freeStock !== undefined ? { freeStock } : {}),
    });
    const fresh = await this.mto.insertLine(tx, {
      salesOrderLineId: line.lineId, salesOrderId: line.salesOrderId, orderRef: line.orderRef, productId: line.productId,
      warehouseId: line.warehouseId, quantity, deliveryDate: line.deliveryDate, fromStock: decision.action === 'fromStock',
    });
    if (!fresh) return; // this line was already confirmed once: its draft exists
    if (decision.action === 'order' && decision.need) await this.order(tx, decision.need, decision, supply, line, event, 'sales-order.confirmed');
  }

  /** A changed (or cancelled: newQuantity = what was delivered) MTO line. */
  async changeLine(tx: EntityManager, line: SalesLine, newQuantity: string, event: EventEnvelope): Promise<void> {
    const stored = await this.mto.lockLine(tx, line.lineId);
    if (!stored) {
      // Not an MTO line we ordered for; a line that becomes MTO-relevant with a quantity is ordered now.
      if (dec(newQuantity).gt(0) && event.type === 'sales-order.line-changed') await this.confirmLine(tx, line, newQuantity, event);
      return;
    }
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
    const increase = dec(newQuantity).gt(stored.quantity);
    if (!key) {
      await this.mto.updateLine(tx, line.lineId, newQuantity, line.deliveryDate);
      if (increase) await this.underOrdered(tx, line, dec(newQuantity).minus(stored.quantity).toString(), `no supply route for product ${line.productId}: increase of MTO line ${line.lineId} of sales order ${line.orderRef} was not ordered`, event);
      return;
    }
    const decision = changeMtoLine({
      line: { salesOrderId: line.salesOrderId, lineId: line.lineId, productId: line.productId, quantity: dec(newQuantity), uom },
      previousQuantity: dec(stored.quantity),
      linkedDraft: linked?.draft ?? null,
      target: { key, plannedDate, eventId: event.id },
    });
    await this.mto.updateLine(tx, line.lineId, newQuantity, line.deliveryDate);
    switch (decision.action) {
      case 'topUp':
      case 'raise': {
        if (!decision.need) return;
        const target = linked && decision.action === 'topUp' ? this.targetOfDraft(linked) : supply ? this.targetOf(supply, line) : undefined;
        if (!target) return;
        await this.order(tx, decision.need, decision, supply, line, event, event.type, target);
        return;
      }
      case 'shrink':
        if (linked && decision.draftChange) await this.drafts.save(tx, linked, decision.draftChange, { causedBy: event });
        break;
      default:
        break;
    }
    if (decision.exception) {
      await this.raiseException(tx, {
        exceptionId: randomUUID(), kind: 'over-ordered', message: decision.exception.message, productId: line.productId, warehouseId: line.warehouseId,
        quantity: decision.exception.quantity.toString(), salesOrderId: line.salesOrderId, salesOrderLineId: line.lineId,
        ...(linked ? { draftOrderId: this.frozenDraftId(linked) } : {}), raisedAt: new Date().toISOString(),
      }, event);
    }
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

  private frozenDraftId(linked: LoadedDraft): string {
    return linked.header.id;
  }

  private async order(tx: EntityManager, need: Need, decision: MtoDecision, supply: Supply | undefined, line: SalesLine, event: EventEnvelope, cause: string, target?: DraftTarget): Promise<void> {
    const t = target ?? (supply ? this.targetOf(supply, line) : undefined);
    if (!t) return;
    const evaluationId = randomUUID();
    await this.rules.saveEvaluation(tx, {
      id: evaluationId, ruleId: null, productId: line.productId, warehouseId: line.warehouseId, cause, eventId: event.id,
      triggered: true, quantity: need.quantity.toString(), explanation: decision.explanation.toJSON(),
    });
    await this.drafts.addNeed(tx, { ...need, origin: { ...need.origin, evaluationId } }, t, { causedBy: event });
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

export type { MtoLineRow };
