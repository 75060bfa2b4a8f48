import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { planningExceptionRaised, salesOrderConfirmed, salesOrderLineChanged, type EventEnvelope } from '@replenish/contracts';
import { EventPublisher } from '@replenish/messaging';
import { CatalogRepository, type ProductRow, SupplyResolver, type Supply } from '../catalog/index.js';
import { DraftOrderRepository, type LoadedDraft, DraftOrderService, type DraftTarget } from '../draft-orders/index.js';
import { draftTargetOf, NeedOrderer, orderDates, ProjectionService, RuleEvaluator } from '../reordering-rules/index.js';
import {
  changeMtoLine, confirmMtoLine, dec, excessShares, heldForSalesLines, joinClauses, mtoReorderQuantity, renderPlannedDate, salesLineName,
  uomOf, uomOfCode, type Decimal, type ExcessShare, type HeldForSalesLine, type MtoDecision, type Need, type Uom,
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
 * Make to order (docs/semantics.md, "Make to order"): the decisions and their quantities come from libs/domain
 * (confirmMtoLine, changeMtoLine, excessShares, mtoReorderQuantity); this service finds the linked drafts, applies
 * the decision in the transaction (a need through NeedOrderer), and records exceptions.
 */
@Injectable()
export class MtoService {
  private readonly log = new Logger(MtoService.name);

  constructor(
    private readonly mto: MtoRepository,
    private readonly catalog: CatalogRepository,
    private readonly supplies: SupplyResolver,
    private readonly projection: ProjectionService,
    private readonly draftRepository: DraftOrderRepository,
    private readonly drafts: DraftOrderService,
    private readonly needs: NeedOrderer,
    private readonly publisher: EventPublisher,
    private readonly evaluator: RuleEvaluator,
  ) {}

  /** A confirmed sales order line: raise or top up a draft for the whole line when it is make to order. */
  async confirmLine(tx: EntityManager, line: SalesLine, quantity: string, event: EventEnvelope): Promise<void> {
    const product = await this.catalog.product(tx, line.productId);
    if (!this.isMto(line, product)) return;
    if (!product) return this.underOrdered(tx, line, quantity, `product ${line.productId} is not in planning's catalog: ${mtoLineName(line)} was not ordered`, event);
    const supplied = await this.supplyLine(tx, product, line, dec(quantity), this.lineUom(product, line.uom), event);
    if (!supplied.ok) return this.underOrdered(tx, line, quantity, `${supplied.reason}: ${mtoLineName(line)} was not ordered`, event);
    const { supply, decision } = supplied;
    const firstConfirmation = await this.mto.insertLine(tx, {
      salesOrderLineId: line.lineId, salesOrderId: line.salesOrderId, orderRef: line.orderRef, lineNo: line.lineNo ?? null, lineRef: line.lineRef ?? null, productId: line.productId,
      warehouseId: line.warehouseId, quantity, deliveryDate: line.deliveryDate, fromStock: decision.action === 'fromStock',
    });
    if (!firstConfirmation) return; // this line was already confirmed once: its draft exists
    if (decision.action === 'order' && decision.need) {
      await this.orderForLine(tx, line, { need: decision.need, explanation: decision.explanation, supply, cause: salesOrderConfirmed.type, event });
    }
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
      if (dec(newQuantity).gt(0) && event.type === salesOrderLineChanged.type) await this.confirmLine(tx, line, newQuantity, event);
      return;
    }
    if (cancelled) await this.mto.markCancelled(tx, line.lineId);
    const product = await this.catalog.product(tx, line.productId);
    const uom = this.lineUom(product, line.uom);
    const linked = stored.fromStock ? undefined : await this.linkedDraft(tx, line.lineId);
    let supply: Supply | undefined;
    let draftKey = linked?.header.state === 'draft' ? linked.draft.key : undefined;
    if (product) {
      const resolved = await this.supplies.resolve(tx, product, line.warehouseId);
      if (resolved.ok) supply = resolved.supply;
    }
    draftKey ??= supply?.key;
    const plannedDate = supply ? orderDates(supply, line.deliveryDate).plannedDate : line.deliveryDate;
    const securityLeadDays = supply?.securityLeadDays ?? 0;
    const increased = dec(newQuantity).gt(stored.quantity);
    if (!draftKey) {
      await this.mto.updateLine(tx, line.lineId, newQuantity, line.deliveryDate);
      if (increased) await this.underOrdered(tx, line, dec(newQuantity).minus(stored.quantity).toString(), `no supply route for product ${line.productId}: increase of ${mtoLineName(line)} was not ordered`, event);
      return;
    }
    const decision = changeMtoLine({
      line: { ...lineNaming(line), productId: line.productId, quantity: dec(newQuantity), uom },
      previousQuantity: dec(stored.quantity),
      linkedDraft: linked?.draft ?? null,
      target: { key: draftKey, plannedDate, eventId: event.id, needDate: line.deliveryDate, securityLeadDays },
    });
    await this.mto.updateLine(tx, line.lineId, newQuantity, line.deliveryDate);
    switch (decision.action) {
      case 'topUp':
      case 'raise': {
        if (!decision.need) return;
        await this.orderForLine(tx, line, {
          need: decision.need, explanation: decision.explanation, cause: event.type, event,
          ...(supply ? { supply } : {}), ...(linked && decision.action === 'topUp' ? { draft: draftTargetOfLinked(linked) } : {}),
        });
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
      const shares = await this.excessOn(tx, line.lineId, dec(newQuantity), decision.exception.quantity);
      await this.raiseException(tx, {
        exceptionId: randomUUID(), kind: 'over-ordered', message: `${decision.exception.message}${describeExcess(shares)}`, productId: line.productId, warehouseId: line.warehouseId,
        quantity: decision.exception.quantity.toString(), salesOrderId: line.salesOrderId, salesOrderLineId: line.lineId,
        ...(shares[0] ? { draftOrderId: shares[0].draftId } : {}), raisedAt: new Date().toISOString(),
      }, event);
    }
  }

  /**
   * The confirmed drafts that hold the excess of a decrease no open draft could absorb, newest first, each with
   * its share (libs/domain's excessShares). Read once the shrink (if any) is saved.
   */
  private async excessOn(tx: EntityManager, lineId: string, lineQuantity: Decimal, excess: Decimal): Promise<ExcessShare[]> {
    const holdings = await this.mto.holdingsOfLine(tx, lineId);
    return excessShares({ holdings: holdings.map((h) => ({ ...h, quantity: dec(h.quantity) })), lineQuantity, excess });
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
    for (const held of heldForSalesLines(cancelled.draft)) await this.reorderLine(tx, cancelled, held, event);
  }

  private async reorderLine(tx: EntityManager, cancelled: LoadedDraft, held: HeldForSalesLine, event: EventEnvelope): Promise<void> {
    const lineId = held.salesLineId;
    const stored = await this.mto.lockLine(tx, lineId);
    if (!stored) return; // an origin names only lines planning confirmed; nothing to answer for otherwise
    const draftId = cancelled.header.id;
    const lineName = mtoLineName({ ...stored, lineId });
    if (stored.cancelledAt) {
      // The customer no longer wants any of it; what the draft still held for the line is what was delivered.
      this.log.log({ draftId, salesOrderLineId: lineId, held: held.quantity.toString(), lineQuantity: stored.quantity, cancelledAt: stored.cancelledAt },
        `draft ${draftId} was cancelled while it held ${held.quantity.toString()} for ${lineName}; the sales order was cancelled: nothing to re-order`);
      return;
    }
    const onOrders = dec(await this.mto.quantityOnLiveDrafts(tx, lineId));
    const quantity = mtoReorderQuantity({ lineQuantity: dec(stored.quantity), onLiveDrafts: onOrders, held: held.quantity });
    const reason = `draft ${draftId} was cancelled while it held ${held.quantity.toString()} for ${lineName}; the line is ${stored.quantity}, ${onOrders.toString()} of it on other orders`;
    if (!quantity.gt(0)) {
      this.log.log({ draftId, salesOrderLineId: lineId, held: held.quantity.toString(), lineQuantity: stored.quantity, onOrders: onOrders.toString() }, `${reason}: nothing to re-order`);
      return;
    }
    const line: SalesLine = {
      salesOrderId: stored.salesOrderId, orderRef: stored.orderRef, lineNo: stored.lineNo, lineRef: stored.lineRef, lineId, productId: stored.productId, warehouseId: stored.warehouseId,
      uom: held.uom.code, route: 'mto', deliveryDate: stored.deliveryDate,
    };
    const product = await this.catalog.product(tx, stored.productId);
    if (!product) return this.underOrdered(tx, line, quantity.toString(), `product ${stored.productId} is not in planning's catalog: ${lineName} lost its supply when draft ${draftId} was cancelled and was not re-ordered`, event);
    const supplied = await this.supplyLine(tx, product, line, quantity, this.lineUom(product, held.uom.code), event);
    if (!supplied.ok) return this.underOrdered(tx, line, quantity.toString(), `${supplied.reason}: ${lineName} lost its supply when draft ${draftId} was cancelled and was not re-ordered`, event);
    const { supply, decision, freeStock } = supplied;
    const freeStockClause = freeStock === undefined ? '' : `; free stock ${freeStock.toString()} ${decision.action === 'fromStock' ? 'covers it: taken from stock' : 'does not cover it'}`;
    if (decision.action !== 'order' || !decision.need) {
      this.log.log({ draftId, salesOrderLineId: lineId, quantity: quantity.toString() }, `${reason}${freeStockClause}`);
      return;
    }
    const steps = [
      { code: 'mto-reorder-cancelled', draftId, held: held.quantity.toString(), lineQuantity: stored.quantity, onOrders: onOrders.toString(), quantity: quantity.toString() },
      ...decision.explanation.steps,
    ];
    const text = joinClauses([`${reason}${freeStockClause}`, `re-order ${quantity.toString()}`, renderPlannedDate(decision.explanation.steps)]);
    await this.orderForLine(tx, line, { need: decision.need, explanation: { toJSON: () => ({ steps, text }) }, supply, cause: event.type, event });
  }

  private isMto(line: SalesLine, product: ProductRow | undefined): boolean {
    return line.route === 'mto' || (product?.routes.includes('mto') ?? false);
  }

  private lineUom(product: ProductRow | undefined, code: string): Uom {
    if (product?.purchaseUom && product.purchaseUom.code === code && product.stockUom.code !== code) return uomOf(product.purchaseUom);
    if (product) return uomOf(product.stockUom);
    return uomOfCode(code);
  }

  /** The draft a line's change applies to: its open draft if any (locked), else the newest frozen one. */
  private async linkedDraft(tx: EntityManager, lineId: string): Promise<LoadedDraft | undefined> {
    const drafts = await this.draftRepository.draftsOfSalesLine(tx, lineId);
    const open = drafts.find((draft) => draft.state === 'draft');
    if (open) {
      const locked = await this.draftRepository.lockById(tx, open.id);
      if (locked?.header.state === 'draft') return locked;
    }
    const confirmed = drafts.find((draft) => draft.state === 'confirmed');
    return confirmed ? this.draftRepository.byId(tx, confirmed.id) : undefined;
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
        key: supply.key, plannedDate: orderDates(supply, line.deliveryDate).plannedDate, eventId: event.id,
        needDate: line.deliveryDate, securityLeadDays: supply.securityLeadDays,
      },
      takeFromStockFirst: product.takeFromStockFirst,
      ...(freeStock !== undefined ? { freeStock } : {}),
    });
    return { ok: true, supply, decision, ...(freeStock !== undefined ? { freeStock } : {}) };
  }

  /**
   * Orders an MTO need through NeedOrderer: on the open draft of its supply (dated from the line's delivery date)
   * unless `draft` names the linked draft an increase tops up; the rules the new demand reaches are re-evaluated
   * when the supply is known. Nothing when there is neither.
   */
  private async orderForLine(tx: EntityManager, line: SalesLine, order: MtoNeedOrder): Promise<void> {
    const { supply } = order;
    const draft = order.draft ?? (supply ? draftTargetOf(supply, line.warehouseId, orderDates(supply, line.deliveryDate)) : undefined);
    if (!draft) return;
    await this.needs.order(tx, {
      need: order.need, warehouseId: line.warehouseId, draft,
      evaluation: { ruleId: null, cause: order.cause, triggered: true, explanation: order.explanation.toJSON() },
      causedBy: order.event,
      // Under the batch's write locks (the exclusive lock, or a batch's keys locked up front: PropagationWaves.lockAhead).
      ...(supply ? { dependents: { supply, rules: this.evaluator } } : {}),
    });
  }

  private async underOrdered(tx: EntityManager, line: SalesLine, quantity: string, message: string, event: EventEnvelope): Promise<void> {
    await this.raiseException(tx, {
      exceptionId: randomUUID(), kind: 'under-ordered', message, productId: line.productId, warehouseId: line.warehouseId, quantity,
      salesOrderId: line.salesOrderId, salesOrderLineId: line.lineId, raisedAt: new Date().toISOString(),
    }, event);
  }

  async raiseException(tx: EntityManager, exception: ExceptionRow, causedBy?: EventEnvelope): Promise<void> {
    await this.mto.insertException(tx, exception);
    await this.publisher.publish(tx, planningExceptionRaised, exception, causedBy ? { causedBy } : undefined);
  }
}

/** "MTO SO-2, line 1": the line as people know it, for messages (the ids are in the exception's fields). */
const mtoLineName = (line: Parameters<typeof salesLineName>[0]): string => `MTO ${salesLineName(line)}`;

/** The line's ids and names, for libs/domain's MTO decisions. */
const lineNaming = (line: SalesLine) => ({
  salesOrderId: line.salesOrderId, lineId: line.lineId, orderRef: line.orderRef, lineNo: line.lineNo ?? null, lineRef: line.lineRef ?? null,
});

/** " on confirmed draft D", or " on confirmed drafts D1 (2), D2 (1)" (at most 10 named). */
function describeExcess(shares: ExcessShare[]): string {
  if (shares.length === 0) return '';
  if (shares.length === 1) return ` on confirmed draft ${shares[0]!.draftId}`;
  const named = shares.slice(0, 10).map((share) => `${share.draftId} (${share.quantity.toString()})`).join(', ');
  return ` on confirmed drafts ${named}${shares.length > 10 ? ` and ${shares.length - 10} more` : ''}`;
}

/** An MTO need to order, and why (`MtoService.orderForLine`). */
interface MtoNeedOrder {
  need: Need;
  explanation: { toJSON(): unknown };
  /** Where the goods come from; unknown for an increase of a line whose product lost its supply route. */
  supply?: Supply;
  /** The linked draft an increase tops up, instead of the supply's open draft. */
  draft?: DraftTarget;
  cause: string;
  event: EventEnvelope;
}

/** The linked draft as a target: its own key, vendor, BOM or source (an increase tops it up). */
function draftTargetOfLinked(linked: LoadedDraft): DraftTarget {
  const { header } = linked;
  return {
    keyString: header.topUpKey, warehouseId: header.warehouseId,
    ...(header.vendorId ? { vendorId: header.vendorId } : {}), ...(header.bomId ? { bomId: header.bomId } : {}),
    ...(header.sourceWarehouseId ? { sourceWarehouseId: header.sourceWarehouseId } : {}),
  };
}

export type { MtoLineRow };
