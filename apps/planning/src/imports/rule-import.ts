import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { productWarehouseKey } from '@replenish/contracts';
import { CatalogRepository } from '../catalog/index.js';
import { PlanningMethodRepository } from '../planning-methods/index.js';
import { CreateRuleDto, RuleBulkRepository, RuleRepository, RuleService, type ProductSiteKey, type RuleRow } from '../reordering-rules/index.js';
import { serializeWritesToTheEnd } from '../shared/db.js';
import { Decimal } from '../shared/domain.js';
import type { CheckedRow, KindImport } from './import-runner.js';
import type { CsvShape } from './import-rows.js';
import { planRows } from './row-plan.js';

export const RULE_SHAPE: CsvShape = { integers: new Set(['visibilityDays']), booleans: new Set(), lists: new Set() };

/**
 * Reordering rules by product and warehouse: a row replaces the pair's rule (its absent fields take the defaults of
 * POST /reordering-rules) or creates it. The created and changed automatic rules are evaluated once, after the
 * import (ImportRunner).
 */
@Injectable()
export class RuleImport implements KindImport<CreateRuleDto> {
  readonly dto = CreateRuleDto;
  readonly shape = RULE_SHAPE;
  readonly evaluatesRules = true;

  constructor(
    private readonly service: RuleService,
    private readonly rules: RuleRepository,
    private readonly bulk: RuleBulkRepository,
    private readonly catalog: CatalogRepository,
    private readonly methods: PlanningMethodRepository,
  ) {}

  unique(dto: CreateRuleDto): [string, string][] {
    return [['productId@warehouseId', productWarehouseKey(dto.productId, dto.warehouseId)]];
  }

  async apply(tx: EntityManager, rows: CheckedRow<CreateRuleDto>[]) {
    // As every rule write: alone (planning's write lock, exclusive), so no evaluation sees half a batch; each row's
    // check (RuleService.validate) then asks for it no more.
    await serializeWritesToTheEnd(tx);
    const keys = rows.map((r) => ({ productId: r.dto.productId, warehouseId: r.dto.warehouseId }));
    const existing = await this.rules.byKeys(tx, keys);
    // What the checks read, in a few statements for the whole batch.
    await this.catalog.preload(tx, keys.map((k) => k.productId), keys.map((k) => k.warehouseId));
    await this.catalog.preloadVendors(tx, rows.flatMap((r) => (r.dto.vendorId ? [r.dto.vendorId] : [])));
    // The planning methods of its pairs (decision planning-018), which RuleService.validate checks.
    await this.methods.preload(tx, keys);
    const { outcomes, changes } = await planRows<CreateRuleDto, RuleRow, RuleRow>(rows, {
      build: async (dto) => {
        const rule = this.service.ruleRow(dto, existing.get(productWarehouseKey(dto.productId, dto.warehouseId))?.id);
        await this.service.validate(tx, rule);
        return rule;
      },
      stored: (dto) => existing.get(productWarehouseKey(dto.productId, dto.warehouseId)),
      same: sameRule,
    });
    if (changes.length > 0) await this.bulk.upsert(tx, changes.map((c) => c.row));
    const affected: ProductSiteKey[] = changes.filter((c) => c.row.trigger === 'automatic').map((c) => ({ productId: c.row.productId, warehouseId: c.row.warehouseId }));
    return { outcomes, affected };
  }
}

function sameRule(a: RuleRow, b: RuleRow): boolean {
  return new Decimal(a.min).eq(b.min) && new Decimal(a.max).eq(b.max) && new Decimal(a.multiple).eq(b.multiple) && a.trigger === b.trigger
    && a.route === b.route && a.vendorId === b.vendorId && a.bomId === b.bomId && a.visibilityDays === b.visibilityDays && a.snoozedUntil === b.snoozedUntil;
}
