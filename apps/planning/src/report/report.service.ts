import { Injectable } from '@nestjs/common';
import { badRequest, readSnapshot } from '@replenish/service-kit';
import { DataSource } from 'typeorm';
import { productWarehouseKey } from '@replenish/contracts';
import { ProjectionRepository, RuleRepository, type RuleRow, RuleEvaluator, ruleLockKey, RuleService } from '../reordering-rules/index.js';
import { lockKey } from '../shared/db.js';
import { DomainError, orderOnce } from '../shared/domain.js';
import { notFound } from '../shared/http-errors.js';
import { countReportRules, reportRulesPage, type ReportFilter, type ReportSort, type RuleKey, type SortOrder } from './data-access/report.repository.js';

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

export interface ReportQuery {
  filter: ReportFilter;
  /** false: only the rules that suggest an order now. */
  includeAll: boolean;
  sort: ReportSort;
  order: SortOrder;
  limit: number;
  after?: RuleKey;
}

export interface ReportPage {
  items: ReportItem[];
  problems: { ruleId: string; reason: string }[];
  /** The last rule this page read, when rules are left after it. */
  next: RuleKey | undefined;
  total: number;
}

/** Rules read per chunk while a filtered page fills; the most rules one page reads before it ends early. */
const CHUNK = 200;
export const SCAN_LIMIT = 500;

type EvaluatedRule = Extract<Awaited<ReturnType<RuleEvaluator['evaluate']>>, { ok: true }>['value'];

const itemOf = (e: EvaluatedRule): ReportItem => {
  const { rule, supply, evaluation: ev } = e;
  return {
    ruleId: rule.id, productId: rule.productId, warehouseId: rule.warehouseId, min: rule.min, max: rule.max, multiple: rule.multiple,
    visibilityDays: rule.visibilityDays, route: supply.route, topUpKey: supply.keyString, today: e.today, leadDays: supply.leadDays,
    leadDaysDate: ev.leadDaysDate.date, forecast: ev.forecastAtLeadDays.toString(), visibilityDate: ev.visibilityDate,
    forecastWithVisibility: ev.forecastWithVisibility.toString(), suggestedQuantity: ev.quantity.toString(), action: ev.action,
    snoozedUntil: rule.snoozedUntil, explanation: ev.explanation.toJSON(),
  };
};

/** The replenishment report: manual rules and what they would order now; the planner's actions. */
@Injectable()
export class ReportService {
  constructor(
    private readonly db: DataSource,
    private readonly rules: RuleRepository,
    private readonly evaluator: RuleEvaluator,
    private readonly projection: ProjectionRepository,
    private readonly ruleService: RuleService,
  ) {}

  /**
   * One page of the report: rule keys come from SQL (filters, sort, keyset) a chunk at a time, and only they are
   * evaluated, with their catalog and positions read in a few statements (prepareMany, prefetch). Rules that suggest nothing
   * (unless `includeAll`) or are snoozed are skipped, so a chunk may not fill the page: the next chunk is read, up to
   * SCAN_LIMIT rules per page; the page then ends early and `nextCursor` goes on from the last rule read.
   */
  report(q: ReportQuery): Promise<ReportPage> {
    return readSnapshot(this.db, async (tx) => {
      const total = await countReportRules(tx, q.filter);
      const items: ReportItem[] = [];
      const problems: { ruleId: string; reason: string }[] = [];
      const chunkSize = q.includeAll ? q.limit + 1 : Math.max(q.limit + 1, CHUNK);
      let after = q.after;
      let scanned = 0;
      for (;;) {
        const keys = await reportRulesPage(tx, q.filter, q.sort, q.order, after, chunkSize);
        const prepared = await this.evaluator.prepareMany(tx, keys);
        await this.projection.prefetch(tx, keys);
        for (const key of keys) {
          if (items.length === q.limit || scanned === SCAN_LIMIT) return { items, problems, next: after, total };
          after = key;
          scanned++;
          const ready = prepared.get(productWarehouseKey(key.productId, key.warehouseId));
          if (!ready) continue; // deleted since the page was read: the snapshot makes this impossible, kept for the type
          const r = await this.evaluator.evaluate(tx, ready.rule, ready.supply);
          if (!r.ok) problems.push({ ruleId: ready.rule.id, reason: r.reason });
          else if (r.value.evaluation.action === 'suggest' || (q.includeAll && r.value.evaluation.action !== 'hidden')) items.push(itemOf(r.value));
        }
        if (keys.length < chunkSize) return { items, problems, next: undefined, total };
      }
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
