import { Injectable } from '@nestjs/common';
import { badRequest, readSnapshot } from '@replenish/service-kit';
import { DataSource } from 'typeorm';
import { RuleRepository, type RuleRow, RuleEvaluator, ruleLockKey, RuleService } from '../reordering-rules/index.js';
import { lockKey } from '../shared/db.js';
import { DomainError, orderOnce } from '../shared/domain.js';
import { notFound } from '../shared/http-errors.js';

export interface ReportItem {
  ruleId: string;
  productId: string;
  warehouseId: string;
  min: string;
  max: string;
  multiple: string;
  visibilityDays: number;
  route: string;
  topUpKey: string;
  today: string;
  leadDays: number;
  leadDaysDate: string;
  forecast: string;
  visibilityDate: string;
  forecastWithVisibility: string;
  suggestedQuantity: string;
  action: string;
  snoozedUntil: string | null;
  explanation: unknown;
}

/** The replenishment report: manual rules and what they would order now; the planner's actions. */
@Injectable()
export class ReportService {
  constructor(
    private readonly db: DataSource,
    private readonly rules: RuleRepository,
    private readonly evaluator: RuleEvaluator,
    private readonly ruleService: RuleService,
  ) {}

  report(f: { warehouseId?: string; includeAll?: boolean }): Promise<{ items: ReportItem[]; problems: { ruleId: string; reason: string }[] }> {
    return readSnapshot(this.db, async (tx) => {
      const rules = await this.rules.list(tx, { trigger: 'manual', ...(f.warehouseId ? { warehouseId: f.warehouseId } : {}) });
      const items: ReportItem[] = [];
      const problems: { ruleId: string; reason: string }[] = [];
      for (const rule of rules) {
        const r = await this.evaluator.evaluate(tx, rule);
        if (!r.ok) {
          problems.push({ ruleId: rule.id, reason: r.reason });
          continue;
        }
        const { evaluation: ev, supply } = r.value;
        if (ev.action === 'hidden') continue; // snoozed until a later date
        if (ev.action !== 'suggest' && !f.includeAll) continue;
        items.push({
          ruleId: rule.id, productId: rule.productId, warehouseId: rule.warehouseId, min: rule.min, max: rule.max, multiple: rule.multiple,
          visibilityDays: rule.visibilityDays, route: supply.route, topUpKey: supply.keyString, today: r.value.today, leadDays: supply.leadDays,
          leadDaysDate: ev.leadDaysDate.date, forecast: ev.forecastAtLeadDays.toString(), visibilityDate: ev.visibilityDate,
          forecastWithVisibility: ev.forecastWithVisibility.toString(), suggestedQuantity: ev.quantity.toString(), action: ev.action,
          snoozedUntil: rule.snoozedUntil, explanation: ev.explanation.toJSON(),
        });
      }
      return { items, problems };
    });
  }

  /** Orders the suggested (or the planner's edited) quantity once, whatever the rule's trigger or snooze. */
  async orderOnce(ruleId: string, quantity?: string): Promise<{ ruleId: string; draftOrderId: string; quantity: string; edited: boolean }> {
    return this.db.transaction(async (tx) => {
      const rule = await this.rules.byId(tx, ruleId);
      if (!rule) throw notFound('reordering rule', ruleId, 'ruleId');
      await lockKey(tx, ruleLockKey(rule.productId, rule.warehouseId));
      const r = await this.evaluator.evaluate(tx, rule);
      if (!r.ok) throw badRequest('ruleId', r.reason);
      let decision;
      try {
        decision = orderOnce(r.value.evaluation, quantity, r.value.supply.uom.rounding);
      } catch (e) {
        if (e instanceof DomainError) throw badRequest('quantity', e.message);
        throw e;
      }
      if (!decision) throw badRequest('quantity', quantity === undefined ? 'the rule suggests nothing to order now; give a quantity' : 'must be above zero');
      const { draftId } = await this.evaluator.order(tx, {
        evaluated: r.value, quantity: decision.quantity, explanation: decision.explanation, kind: decision.edited ? 'manual' : 'rule', cause: 'order-once',
      });
      return { ruleId, draftOrderId: draftId, quantity: decision.quantity.toString(), edited: decision.edited };
    });
  }

  async orderOnceBulk(items: { ruleId: string; quantity?: string }[]): Promise<{ results: unknown[] }> {
    const results: unknown[] = [];
    for (const item of items) {
      try {
        results.push({ status: 'ordered', ...(await this.orderOnce(item.ruleId, item.quantity)) });
      } catch (e) {
        const resp = (e as { getResponse?: () => unknown; getStatus?: () => number });
        if (typeof resp.getStatus === 'function') results.push({ ruleId: item.ruleId, status: 'refused', statusCode: resp.getStatus(), error: resp.getResponse?.() });
        else throw e;
      }
    }
    return { results };
  }

  snooze(ruleId: string, until: string): Promise<RuleRow> {
    return this.manualOnly(ruleId).then(() => this.ruleService.update(ruleId, { snoozedUntil: until }));
  }

  automate(ruleId: string): Promise<RuleRow> {
    return this.ruleService.update(ruleId, { trigger: 'automatic', snoozedUntil: null });
  }

  private async manualOnly(ruleId: string): Promise<void> {
    const rule = await this.rules.byId(this.db.manager, ruleId);
    if (!rule) throw notFound('reordering rule', ruleId, 'ruleId');
    if (rule.trigger !== 'manual') throw badRequest('ruleId', 'only a manual rule can be snoozed');
  }
}
