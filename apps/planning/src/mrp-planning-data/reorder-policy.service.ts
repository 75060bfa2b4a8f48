import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { productWarehouseKey } from '@replenish/contracts';
import { badRequest, conflict } from '@replenish/service-kit';
import { serializeWrites } from '../shared/db.js';
import { reorderPolicy } from '../shared/domain.js';
import { notFound } from '../shared/http-errors.js';
import { PlanChanges } from '../shared/plan-changes.js';
import { ProductSitePlanningRepository } from './data-access/product-site-planning.repository.js';
import { ReorderPolicyRepository, type ReorderPolicyRow } from './data-access/reorder-policy.repository.js';
import type { ReorderPolicyDto } from './entry-points/reorder-policy.dto.js';

/** Reorder policies (Sage X3): created, replaced whole, deleted while no product-site uses them. */
@Injectable()
export class ReorderPolicyService {
  constructor(
    private readonly db: DataSource,
    private readonly policies: ReorderPolicyRepository,
    private readonly sites: ProductSitePlanningRepository,
    private readonly plans: PlanChanges,
  ) {}

  async create(dto: ReorderPolicyDto): Promise<ReorderPolicyRow> {
    const code = dto.code;
    if (code === undefined) throw badRequest('code', 'is required when creating a reorder policy');
    return this.db.transaction(async (tx) => {
      await serializeWrites(tx);
      if (await this.policies.byCode(tx, code)) throw conflict(`reorder policy ${code} already exists`, 'REORDER_POLICY_EXISTS');
      return this.policies.upsert(tx, reorderPolicy({ ...dto, code }));
    });
  }

  /** Replaces the policy whole: a field left out takes its default again, as on creation. Re-plans its product-sites. */
  async replace(code: string, dto: ReorderPolicyDto): Promise<ReorderPolicyRow> {
    if (dto.code !== undefined && dto.code !== code) throw badRequest('code', `must match the path (${code})`);
    return this.db.transaction(async (tx) => {
      await serializeWrites(tx);
      if (!(await this.policies.byCode(tx, code))) throw notFound('reorder policy', code, 'code', 'create it with POST /reorder-policies');
      const saved = await this.policies.upsert(tx, reorderPolicy({ ...dto, code }));
      await this.plans.sitesChanged(tx, await this.sites.usingPolicy(tx, code)); // every product-site it plans, at once
      return saved;
    });
  }

  async get(code: string): Promise<ReorderPolicyRow> {
    const p = await this.policies.byCode(this.db.manager, code);
    if (!p) throw notFound('reorder policy', code, 'code');
    return p;
  }

  list(): Promise<ReorderPolicyRow[]> {
    return this.policies.list(this.db.manager);
  }

  /** Refused with 409 naming the product-sites (the first five) while any uses the policy. */
  async remove(code: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await serializeWrites(tx);
      const users = await this.sites.usingPolicy(tx, code, 5);
      if (users.length > 0) {
        const named = users.map((u) => productWarehouseKey(u.productId, u.warehouseId)).join(', ');
        throw conflict(`reorder policy ${code} is used by product-sites ${named}${users.length === 5 ? ' and maybe more' : ''}: give them another policy first`, 'REORDER_POLICY_IN_USE');
      }
      if (!(await this.policies.remove(tx, code))) throw notFound('reorder policy', code, 'code');
    });
  }
}
