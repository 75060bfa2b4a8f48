import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogRepository, SupplyResolver, type Supply } from '../catalog/index.js';
import { DraftOrderService } from '../draft-orders/index.js';
import { draftTargetOf, NeedOrderer, RuleEvaluator, RuleRepository } from '../reordering-rules/index.js';
import { serializeWrites } from '../shared/db.js';
import { dec, peggingTree } from '../shared/domain.js';
import { MrpQueriesRepository, type SuggestionFilter, type SuggestionRow } from './data-access/mrp-queries.repository.js';
import { MrpPlanner } from './mrp-planner.js';

/** Suggestions firmed in one request at most (one transaction). */
export const MAX_FIRM = 1000;

/** The top-up key of MRP's drafts: its own, so that they are never merged into the drafts of reordering rules. */
export const mrpKeyString = (supply: Supply): string => `${supply.keyString}|mrp`;

export interface FirmResult {
  firmed: { suggestionId: string; kind: string; productId: string; warehouseId: string; quantity: string; draftOrderId: string }[];
  refused: { suggestionId: string; reason: string }[];
}

/**
 * Firms MRP suggestions into draft orders (decision planning-021) through the draft machinery of the rules
 * (NeedOrderer: the draft of the top-up key, raised or topped up, versioned, published as draft-order.raised or
 * .updated): a POS on a purchase draft of its vendor, a WOS on a manufacturing draft of its BOM, a TRS on a transfer
 * from its source warehouse, a BWS on a manufacturing draft of the product whose BOM yields the by-product. MRP's
 * drafts have a top-up key of their own (`<type>|<source>|<warehouse>|mrp`). The line's origin is the suggestion
 * (kind `mrp`, the suggestion id its ref); its stored evaluation carries the suggestion, its explanation and its
 * pegging tree. The sites are planned again in the same transaction: the draft lines are now their receipts.
 */
@Injectable()
export class MrpFirmService {
  constructor(
    private readonly db: DataSource,
    private readonly queries: MrpQueriesRepository,
    private readonly catalog: CatalogRepository,
    private readonly supplies: SupplyResolver,
    private readonly needs: NeedOrderer,
    private readonly drafts: DraftOrderService,
    private readonly rules: RuleRepository,
    private readonly evaluator: RuleEvaluator,
    private readonly planner: MrpPlanner,
  ) {}

  firm(filter: SuggestionFilter & { ids?: readonly string[] }): Promise<FirmResult & { unknown: string[] }> {
    return this.db.transaction(async (tx) => {
      await serializeWrites(tx);
      const rows = await this.queries.suggestionsToFirm(tx, filter, MAX_FIRM);
      const known = new Set(rows.map((r) => r.suggestionId));
      const unknown = (filter.ids ?? []).filter((id) => !known.has(id));
      if (unknown.length > 0) return { firmed: [], refused: [], unknown };
      const out: FirmResult = { firmed: [], refused: [] };
      this.rules.beginBatch(tx);
      await this.drafts.beginBatch(tx);
      for (const s of rows) {
        const r = await this.firmOne(tx, s);
        if ('reason' in r) out.refused.push({ suggestionId: s.suggestionId, reason: r.reason });
        else out.firmed.push({ suggestionId: s.suggestionId, kind: s.kind, productId: s.productId, warehouseId: s.warehouseId, quantity: s.quantity, draftOrderId: r.draftId });
      }
      await this.drafts.flush(tx, [this.rules.takeEvaluations(tx)]);
      await this.planner.replan(tx, rows);
      return { ...out, unknown: [] };
    });
  }

  private async firmOne(tx: EntityManager, s: SuggestionRow & { explanation: string }): Promise<{ draftId: string } | { reason: string }> {
    // A BWS is a work order of the product whose BOM yields the by-product: that product's quantity goes on the draft.
    const productId = s.kind === 'BWS' ? s.parentProductId : s.productId;
    const quantity = s.kind === 'BWS' ? s.parentQuantity : s.quantity;
    if (!productId || !quantity) return { reason: `by-product suggestion ${s.suggestionId} names no product making it` };
    const product = await this.catalog.product(tx, productId);
    if (!product) return { reason: `product ${productId} is no longer in the catalog` };
    const resolved = await this.supplies.resolve(tx, product, s.warehouseId, s.bomId ? { route: 'manufacture', bomId: s.bomId } : {});
    if (!resolved.ok) return { reason: resolved.reason };
    const { supply } = resolved;
    const expected = { POS: 'buy', WOS: 'manufacture', BWS: 'manufacture', TRS: 'resupply' }[s.kind];
    if (supply.route !== expected) return { reason: `product ${productId} is now supplied by route ${supply.route}, not as the ${s.kind} was planned: run MRP again` };
    const plans = await this.queries.plansUpFrom(tx, s.suggestionId);
    const pegging = peggingTree({ runDate: s.startDate, horizonEnd: s.dueDate, plans, unplanned: [] }, s.suggestionId);
    const dates = { needDate: s.dueDate, plannedDate: s.dueDate, ...(supply.route === 'buy' ? { orderDate: s.startDate } : { manufacturingStartDate: s.startDate }) };
    return this.needs.order(tx, {
      need: { key: supply.key, productId, quantity: dec(quantity), uom: supply.uom, plannedDate: s.dueDate, origin: { kind: 'mrp', id: s.suggestionId } },
      warehouseId: s.warehouseId,
      draft: { ...draftTargetOf(supply, s.warehouseId, dates), keyString: mrpKeyString(supply) },
      evaluation: {
        ruleId: null, cause: 'mrp-firm', triggered: true,
        explanation: {
          steps: [{ code: 'mrp-suggestion', suggestionId: s.suggestionId, kind: s.kind, quantity: s.quantity, dueDate: s.dueDate, startDate: s.startDate }],
          text: `MRP suggestion ${s.suggestionId} firmed: ${s.explanation}`,
          inputs: { suggestionId: s.suggestionId, pegging },
        },
      },
      dependents: { supply, rules: this.evaluator },
    });
  }
}
