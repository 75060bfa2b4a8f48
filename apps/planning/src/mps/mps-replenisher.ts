import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addDays, type IsoDate, type Need } from '@replenish/domain';
import { badRequest } from '@replenish/service-kit';
import { CatalogRepository, SupplyResolver, knownWarehouse, type ProductRow } from '../catalog/index.js';
import { NeedOrderer, RuleEvaluator, draftTargetOf, orderDates } from '../reordering-rules/index.js';
import { serializeWrites } from '../shared/db.js';
import { MpsRepository } from './data-access/mps.repository.js';
import type { MpsReplenishDto } from './entry-points/mps.dto.js';
import type { MpsReplenishedView } from './entry-points/mps.responses.js';
import { MpsGrid } from './mps-grid.service.js';

/**
 * The drafts of an MPS column never take a rule's need, nor a rule's draft an MPS need: their top-up key is the
 * supply's, prefixed by the column (decision planning-022). Columns replenished together for one supply share a draft.
 */
export const mpsTopUpKey = (supplyKey: string, periodStart: IsoDate): string => `mps:${periodStart}|${supplyKey}`;

/** An MPS origin names the product-site and the column: `<productId>@<warehouseId>/<periodStart>`. */
export const mpsOriginRef = (productId: string, warehouseId: string, periodStart: IsoDate): string => `${productId}@${warehouseId}/${periodStart}`;

/**
 * POST /mps/replenish: orders what columns still have to replenish (their replenishment less what is already ordered)
 * through the draft machinery every need takes (NeedOrderer: the evaluation stored with the column's explanation, the
 * draft raised or topped up and published, the rules the new demand reaches re-evaluated).
 */
@Injectable()
export class MpsReplenisher {
  constructor(
    private readonly db: DataSource,
    private readonly repo: MpsRepository,
    private readonly grid: MpsGrid,
    private readonly catalog: CatalogRepository,
    private readonly supplies: SupplyResolver,
    private readonly orderer: NeedOrderer,
    private readonly evaluator: RuleEvaluator,
  ) {}

  async replenish(dto: MpsReplenishDto): Promise<MpsReplenishedView[]> {
    const warehouseId = dto.warehouseId;
    return this.db.transaction(async (tx) => {
      await knownWarehouse(this.catalog, tx, warehouseId);
      await serializeWrites(tx);
      const h = await this.grid.horizon(tx, warehouseId);
      if (dto.periodStart !== undefined && !h.starts.includes(dto.periodStart)) {
        throw badRequest('periodStart', `is not the first day of a column of the schedule (${h.starts[0]}, ${h.starts[1] ?? '...'}, ... ${h.starts[h.starts.length - 1]})`);
      }
      const targets = await this.repo.targets(tx, warehouseId, dto.productIds);
      const outside = (dto.productIds ?? []).filter((p) => !targets.some((t) => t.productId === p));
      if (outside.length) throw badRequest('productIds', `${outside.slice(0, 5).join(', ')} ${outside.length > 1 ? 'are' : 'is'} not in the schedule at warehouse ${warehouseId}`);
      const grid = await this.grid.refreshAll(tx, warehouseId, h, { cells: true });
      const supplies = await this.grid.siteSupplies(tx, warehouseId, targets.map((t) => t.productId));
      const out: MpsReplenishedView[] = [];
      for (const { productId } of targets) {
        const product = (await this.catalog.product(tx, productId)) as ProductRow;
        const supply = supplies.get(productId)?.supply ?? null;
        for (const cell of grid.get(productId)?.cells ?? []) {
          if (dto.periodStart !== undefined && cell.periodStart !== dto.periodStart) continue;
          if (dto.dueOnly === true && cell.orderDate > h.today) continue;
          if (!cell.toReplenish.gt(0)) continue;
          const item = { productId, periodStart: cell.periodStart, quantity: cell.toReplenish.toString() };
          if (!supply) {
            const why = await this.supplies.resolve(tx, product, warehouseId);
            out.push({ ...item, draftOrderId: null, reason: why.ok ? 'no supply' : why.reason });
            continue;
          }
          const chosen = await this.supplies.forQuantity(tx, product, supply, cell.toReplenish);
          // Goods planned for the column's first day: the need is the security lead time later (orderDates counts it back).
          const dates = orderDates(chosen, addDays(cell.periodStart, chosen.securityLeadDays));
          const need: Need = {
            key: chosen.key, productId, quantity: cell.toReplenish, uom: chosen.uom, plannedDate: dates.plannedDate,
            origin: { kind: 'mps', id: mpsOriginRef(productId, warehouseId, cell.periodStart) },
          };
          const { draftId } = await this.orderer.order(tx, {
            need, warehouseId,
            draft: { ...draftTargetOf(chosen, warehouseId, dates), keyString: mpsTopUpKey(chosen.keyString, cell.periodStart) },
            evaluation: { ruleId: null, cause: 'mps-replenish', triggered: true, explanation: cell.explanation.toJSON() },
            dependents: { supply: chosen, rules: this.evaluator },
          });
          out.push({ ...item, draftOrderId: draftId });
        }
      }
      if (out.some((i) => i.draftOrderId !== null)) await this.grid.refreshAll(tx, warehouseId, h);
      return out;
    });
  }
}
