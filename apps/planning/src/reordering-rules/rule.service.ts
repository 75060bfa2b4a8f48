import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { productWarehouseKey } from '@replenish/contracts';
import { CatalogRepository, SupplyResolver, knownBom, knownProduct, knownVendor, knownWarehouse } from '../catalog/index.js';
import { PG_UNIQUE_VIOLATION, badRequest, conflict, pgCode, unprocessable } from '@replenish/service-kit';
import { PlanningMethods } from '../planning-methods/index.js';
import { lockKey } from '../shared/db.js';
import { Decimal, DomainError, reorderingRule } from '../shared/domain.js';
import { notFound } from '../shared/http-errors.js';
import { RuleRepository, type RuleRow } from './data-access/rule.repository.js';
import type { CreateRuleDto, UpdateRuleDto } from './entry-points/rule.dto.js';
import { RuleEvaluator, ruleLockKey } from './rule-evaluator.js';

/** Reordering rule CRUD; an automatic rule is evaluated in the same transaction as its creation or change. */
@Injectable()
export class RuleService {
  constructor(
    private readonly db: DataSource,
    private readonly rules: RuleRepository,
    private readonly catalog: CatalogRepository,
    private readonly supplies: SupplyResolver,
    private readonly evaluator: RuleEvaluator,
    private readonly methods: PlanningMethods,
  ) {}

  /** A new rule as stored, its defaults filled in (bulk imports reuse it). */
  ruleRow(dto: CreateRuleDto, id: string = randomUUID()): RuleRow {
    return {
      id, productId: dto.productId, warehouseId: dto.warehouseId, min: dto.min, max: dto.max, multiple: dto.multiple ?? '1',
      trigger: dto.trigger ?? 'automatic', route: dto.route ?? null, vendorId: dto.vendorId ?? null, bomId: dto.bomId ?? null,
      visibilityDays: dto.visibilityDays ?? 0, snoozedUntil: dto.snoozedUntil ?? null,
    };
  }

  async create(dto: CreateRuleDto): Promise<RuleRow> {
    const row = this.ruleRow(dto);
    try {
      return await this.db.transaction(async (tx) => {
        await lockKey(tx, ruleLockKey(row.productId, row.warehouseId));
        await this.validate(tx, row);
        if (await this.rules.byKey(tx, row.productId, row.warehouseId)) throw this.duplicate(row);
        const saved = (await this.rules.insert(tx, row)) as RuleRow;
        await this.evaluator.evaluateAndOrder(tx, { productId: saved.productId, warehouseId: saved.warehouseId, cause: 'rule-created' });
        return saved;
      });
    } catch (e) {
      if (pgCode(e) === PG_UNIQUE_VIOLATION) throw this.duplicate(row);
      throw e;
    }
  }

  async update(id: string, dto: UpdateRuleDto): Promise<RuleRow> {
    return this.db.transaction(async (tx) => {
      const current = await this.rules.byId(tx, id);
      if (!current) throw notFound('reordering rule', id);
      await lockKey(tx, ruleLockKey(current.productId, current.warehouseId));
      const next: RuleRow = {
        ...current,
        ...(dto.min !== undefined ? { min: dto.min } : {}),
        ...(dto.max !== undefined ? { max: dto.max } : {}),
        ...(dto.multiple !== undefined ? { multiple: dto.multiple } : {}),
        ...(dto.trigger !== undefined ? { trigger: dto.trigger } : {}),
        ...(dto.route !== undefined ? { route: dto.route } : {}),
        ...(dto.vendorId !== undefined ? { vendorId: dto.vendorId } : {}),
        ...(dto.bomId !== undefined ? { bomId: dto.bomId } : {}),
        ...(dto.visibilityDays !== undefined ? { visibilityDays: dto.visibilityDays } : {}),
        ...(dto.snoozedUntil !== undefined ? { snoozedUntil: dto.snoozedUntil } : {}),
      };
      if (next.trigger === 'automatic') next.snoozedUntil = null;
      await this.validate(tx, next);
      const saved = (await this.rules.update(tx, next)) as RuleRow;
      await this.evaluator.evaluateAndOrder(tx, { productId: saved.productId, warehouseId: saved.warehouseId, cause: 'rule-changed' });
      return saved;
    });
  }

  async remove(id: string): Promise<void> {
    if (!(await this.rules.delete(this.db.manager, id))) throw notFound('reordering rule', id);
  }

  async get(id: string): Promise<RuleRow> {
    const r = await this.rules.byId(this.db.manager, id);
    if (!r) throw notFound('reordering rule', id);
    return r;
  }

  list(f: { productId?: string; warehouseId?: string; trigger?: string }): Promise<RuleRow[]> {
    return this.rules.list(this.db.manager, f);
  }

  /** The MPS plans this product at this warehouse: refused while a reordering rule or MRP plans it. */
  async markMpsPlanned(productId: string, warehouseId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await knownProduct(this.catalog, tx, productId);
      await knownWarehouse(this.catalog, tx, warehouseId);
      await this.methods.claim(tx, productId, warehouseId, 'mps');
      await this.rules.markMpsPlanned(tx, productId, warehouseId);
    });
  }

  async unmarkMpsPlanned(productId: string, warehouseId: string): Promise<void> {
    if (!(await this.rules.unmarkMpsPlanned(this.db.manager, productId, warehouseId))) throw notFound('MPS planning of', productWarehouseKey(productId, warehouseId));
  }

  listMpsPlanned(): Promise<{ productId: string; warehouseId: string }[]> {
    return this.rules.mpsPlanned(this.db.manager);
  }

  /** Field checks that need more than one field, the catalog or the MPS (bulk imports reuse them, the catalog preloaded). */
  async validate(tx: EntityManager, r: RuleRow): Promise<void> {
    if (new Decimal(r.min).gt(r.max)) throw badRequest('min', `must be at most max (${r.min} > ${r.max})`);
    if (r.trigger === 'automatic' && r.snoozedUntil !== null) throw badRequest('snoozedUntil', 'only a manual rule can be snoozed');
    try {
      reorderingRule({ minimum: r.min, maximum: r.max, multiple: r.multiple, trigger: r.trigger, visibilityDays: r.visibilityDays, snoozedUntil: r.snoozedUntil });
    } catch (e) {
      if (e instanceof DomainError) throw badRequest('rule', e.message);
      throw e;
    }
    const product = await knownProduct(this.catalog, tx, r.productId);
    await knownWarehouse(this.catalog, tx, r.warehouseId);
    if (r.vendorId) await knownVendor(this.catalog, tx, r.vendorId);
    if (r.bomId) await knownBom(this.catalog, tx, r.bomId);
    await this.methods.claim(tx, r.productId, r.warehouseId, 'reorderingRule');
    const supply = await this.supplies.resolve(tx, product, r.warehouseId, { route: r.route, vendorId: r.vendorId, bomId: r.bomId });
    if (!supply.ok) throw unprocessable(supply.field ?? 'productId', supply.reason, 'no_supply');
    if (supply.supply.sourceWarehouseId) await knownWarehouse(this.catalog, tx, supply.supply.sourceWarehouseId, r.route ? 'route' : 'productId');
  }

  private duplicate(r: RuleRow) {
    return conflict(`a reordering rule already exists for product ${r.productId} at warehouse ${r.warehouseId}`, 'RULE_EXISTS');
  }
}
