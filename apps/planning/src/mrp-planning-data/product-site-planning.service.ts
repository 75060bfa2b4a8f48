import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { productWarehouseKey } from '@replenish/contracts';
import { badRequest } from '@replenish/service-kit';
import { CatalogRepository, knownProduct, knownWarehouse } from '../catalog/index.js';
import { PlanningMethods } from '../planning-methods/index.js';
import { DomainError, productSite } from '../shared/domain.js';
import { notFound } from '../shared/http-errors.js';
import { PlanChanges } from '../shared/plan-changes.js';
import { ProductSitePlanningRepository, type ProductSitePlanningRow } from './data-access/product-site-planning.repository.js';
import { ReorderPolicyRepository } from './data-access/reorder-policy.repository.js';
import type { ProductSitePlanningDto, ProductSitePlanningView } from './entry-points/product-site-planning.dto.js';

const QUANTITY_FIELDS = ['economicLot', 'technicalLot', 'safetyStock', 'shrinkagePercent', 'firmHorizonDays', 'lotLeadDays'] as const;

/**
 * Product-site planning data, checked by libs/domain's productSite; MRP planning claims the product-site's one method.
 * A change re-plans the product-site and what it reaches at once, in its transaction (MRP's net change, planning-021).
 */
@Injectable()
export class ProductSitePlanningService {
  constructor(
    private readonly db: DataSource,
    private readonly sites: ProductSitePlanningRepository,
    private readonly policies: ReorderPolicyRepository,
    private readonly catalog: CatalogRepository,
    private readonly methods: PlanningMethods,
    private readonly plans: PlanChanges,
  ) {}

  async get(productId: string, warehouseId: string): Promise<ProductSitePlanningView> {
    const row = await this.sites.byKey(this.db.manager, productId, warehouseId);
    if (!row) throw notFound('planning data of', productWarehouseKey(productId, warehouseId), 'productId', 'set it with PUT /products/{productId}/sites/{warehouseId}/planning');
    return this.view(this.db.manager, row);
  }

  async put(productId: string, warehouseId: string, dto: ProductSitePlanningDto): Promise<ProductSitePlanningView> {
    const site = checkedSite(dto);
    if (dto.planningMethod === 'mrp' && dto.reorderPolicyCode === undefined) throw badRequest('reorderPolicyCode', 'is required when planningMethod is mrp');
    return this.db.transaction(async (tx) => {
      await knownProduct(this.catalog, tx, productId);
      await knownWarehouse(this.catalog, tx, warehouseId);
      if (dto.reorderPolicyCode !== undefined && !(await this.policies.byCode(tx, dto.reorderPolicyCode))) {
        throw notFound('reorder policy', dto.reorderPolicyCode, 'reorderPolicyCode', 'create it with POST /reorder-policies');
      }
      if (dto.planningMethod === 'mrp') await this.methods.claim(tx, productId, warehouseId, 'mrp');
      const row = await this.sites.upsert(tx, {
        productId, warehouseId, planningMethod: dto.planningMethod, reorderPolicyCode: dto.reorderPolicyCode ?? null,
        economicLot: site.economicLot.toString(), technicalLot: site.technicalLot.toString(), safetyStock: site.safetyStock.toString(),
        shrinkagePercent: site.shrinkagePercent.toString(), firmHorizonDays: site.firmHorizonDays, lotLeadDays: site.lotLeadDays,
      });
      await this.plans.sitesChanged(tx, [{ productId, warehouseId }]);
      return this.view(tx, row);
    });
  }

  async remove(productId: string, warehouseId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.sites.remove(tx, productId, warehouseId))) throw notFound('planning data of', productWarehouseKey(productId, warehouseId), 'productId');
      await this.plans.sitesChanged(tx, [{ productId, warehouseId }]);
    });
  }

  private async view(tx: EntityManager, row: ProductSitePlanningRow): Promise<ProductSitePlanningView> {
    return { ...row, plannedBy: await this.methods.methodOf(tx, row.productId, row.warehouseId) };
  }
}

/** libs/domain's checks of the data (shrinkage below 100 %), as a 400 naming the field. */
function checkedSite(dto: ProductSitePlanningDto) {
  try {
    return productSite(dto);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    throw badRequest(QUANTITY_FIELDS.find((f) => e.message.includes(f)) ?? 'planning', e.message);
  }
}
