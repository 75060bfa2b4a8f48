import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { productWarehouseKey, type EventEnvelope } from '@replenish/contracts';
import { CatalogRepository, SupplyResolver, type Supply } from '../catalog/index.js';
import { lockKey } from '../shared/db.js';
import { Clock } from '../shared/clock.js';
import {
  evaluateRule, explainPlannedDate, localDate, reorderingRule, type Decimal, type Explanation, type RuleEvaluation, type StockPosition,
} from '../shared/domain.js';
import { RuleRepository, type RuleRow } from './data-access/rule.repository.js';
import type { PositionInputs } from './data-access/projection.repository.js';
import { positionOf, ProjectionService } from './projection.service.js';
import { draftTargetOf, NeedOrderer, orderDates, type DependentRules } from './need-orderer.js';
import { causeStep, draftStep, lowLevelOrder, propagationOf, reach, siteKey, type Reached } from './propagation.js';

export interface EvaluatedRule {
  rule: RuleRow;
  supply: Supply;
  today: string;
  position: StockPosition;
  inputs: PositionInputs;
  evaluation: RuleEvaluation;
}

/** What `RuleEvaluator.order` puts on a draft: a quantity for an evaluated rule, and why. */
export interface RuleOrder {
  evaluated: EvaluatedRule;
  quantity: Decimal;
  explanation: Explanation;
  /** 'manual': a planner's edited quantity (order once). */
  kind: 'rule' | 'manual';
  cause: string;
  causedBy?: EventEnvelope;
  followDependents?: boolean;
  /** Why a propagation reached this rule, from the causing document to the draft whose demand it is (planning-016). */
  chain?: readonly string[];
}

/** Which automatic rule `RuleEvaluator.evaluateAndOrder` re-evaluates, and why. */
export interface AutomaticEvaluation {
  productId: string;
  warehouseId: string;
  cause: string;
  causedBy?: EventEnvelope;
  /** What a batch prepared under its locks (null: no rule); absent: read under the rule's lock. */
  prepared?: PreparedRule | null;
  followDependents?: boolean;
  chain?: readonly string[];
}

export type EvaluateResult = { ok: true; value: EvaluatedRule } | { ok: false; reason: string };

/** What an automatic evaluation needs from the catalog: read once, before the locks (see `prepare`). */
export interface PreparedRule {
  rule: RuleRow;
  supply: { ok: true; supply: Supply } | { ok: false; reason: string };
}

/** Lock name that serialises every evaluation of one product@warehouse across transactions and replicas. */
export const ruleLockKey = (productId: string, warehouseId: string): string => `planning-rule:${productWarehouseKey(productId, warehouseId)}`;

/**
 * Evaluates reordering rules through libs/domain (evaluateRule) on planning's projection, and turns an
 * automatic rule's 'order' into a need on the draft of the rule's route (NeedOrderer).
 */
@Injectable()
export class RuleEvaluator implements DependentRules {
  private readonly log = new Logger(RuleEvaluator.name);
  /** What `prepareMany` read per transaction while `holdingPrepared` runs (null: the pair has no rule). */
  private readonly held = new WeakMap<EntityManager, Map<string, PreparedRule | null>>();

  constructor(
    private readonly rules: RuleRepository,
    private readonly catalog: CatalogRepository,
    private readonly supplies: SupplyResolver,
    private readonly projection: ProjectionService,
    private readonly needs: NeedOrderer,
    private readonly clock: Clock,
  ) {}

  /** The rule of product@warehouse and where its goods come from; undefined when it has no rule. */
  async prepare(tx: EntityManager, productId: string, warehouseId: string): Promise<PreparedRule | undefined> {
    const rule = await this.rules.byKey(tx, productId, warehouseId);
    if (!rule) return undefined;
    return { rule, supply: await this.supplyOf(tx, rule) };
  }

  /**
   * Runs `fn` with what `prepareMany` reads kept for `tx` (a pair without a rule too): a batch's propagation waves
   * read the closure of their sites once, then each wave locks and evaluates part of it. Only for work that changes
   * no rule, route or catalog row (those change under the exclusive write lock, in other transactions or before).
   */
  async holdingPrepared<T>(tx: EntityManager, fn: () => Promise<T>): Promise<T> {
    if (this.held.has(tx)) return fn();
    this.held.set(tx, new Map());
    try {
      return await fn();
    } finally {
      this.held.delete(tx);
    }
  }

  /** `prepare` for many product@warehouse pairs: the rules and their catalog in a handful of queries. */
  async prepareMany(tx: EntityManager, keys: { productId: string; warehouseId: string }[]): Promise<Map<string, PreparedRule>> {
    const held = this.held.get(tx);
    if (!held) return this.readPrepared(tx, keys);
    const read = await this.readPrepared(tx, keys.filter((k) => !held.has(siteKey(k))));
    for (const k of keys) if (!held.has(siteKey(k))) held.set(siteKey(k), read.get(siteKey(k)) ?? null);
    const out = new Map<string, PreparedRule>();
    for (const k of keys) {
      const prepared = held.get(siteKey(k));
      if (prepared) out.set(siteKey(k), prepared);
    }
    return out;
  }

  /**
   * Inside `holdingPrepared`: reads at once what `prepareMany` would read of `sites` and of every site reachable from
   * them through automatic rules (RuleRepository.closureOf, then the catalog of their rules: two statements whatever
   * the depth), so that a batch's propagation (its locks, its waves) reads nothing more level by level. Sites held
   * already are not read again. Outside `holdingPrepared` it reads nothing (there would be nowhere to keep it).
   */
  async prepareClosure(tx: EntityManager, sites: readonly { productId: string; warehouseId: string }[]): Promise<void> {
    const held = this.held.get(tx);
    const todo = held ? sites.filter((k) => !held.has(siteKey(k))) : [];
    if (!held || todo.length === 0) return;
    const closure = await this.rules.closureOf(tx, todo);
    const read = await this.preparedOf(tx, new Map([...closure.rules].filter(([k]) => !held.has(k))));
    for (const k of closure.sites) if (!held.has(siteKey(k))) held.set(siteKey(k), read.get(siteKey(k)) ?? null);
  }

  private async readPrepared(tx: EntityManager, keys: { productId: string; warehouseId: string }[]): Promise<Map<string, PreparedRule>> {
    if (keys.length === 0) return new Map();
    return this.preparedOf(tx, await this.rules.byKeys(tx, keys));
  }

  /** The rules with their supply, from the catalog of their products read in one statement. */
  private async preparedOf(tx: EntityManager, rules: Map<string, RuleRow>): Promise<Map<string, PreparedRule>> {
    if (rules.size === 0) return new Map();
    await this.catalog.preload(tx, [...rules.values()].map((r) => r.productId), [...rules.values()].map((r) => r.warehouseId));
    const out = new Map<string, PreparedRule>();
    for (const [k, rule] of rules) {
      // From the snapshot just read, without a promise per rule; what it lacks is read as `prepare` does.
      const preloaded = this.supplies.resolvePreloaded(tx, rule.productId, rule.warehouseId, { route: rule.route, vendorId: rule.vendorId, bomId: rule.bomId });
      out.set(k, { rule, supply: preloaded ?? (await this.supplyOf(tx, rule)) });
    }
    return out;
  }

  /** Evaluates one rule without ordering (the report, and the first half of an automatic evaluation). */
  async evaluate(tx: EntityManager, rule: RuleRow, resolved?: PreparedRule['supply']): Promise<EvaluateResult> {
    resolved ??= await this.supplyOf(tx, rule);
    if (!resolved.ok) return resolved;
    return { ok: true, value: this.evaluateOn(rule, resolved.supply, await this.projection.inputs(tx, rule.productId, rule.warehouseId)) };
  }

  /** Today's date in the time zone, by the clock. */
  today(timeZone: string): string {
    return localDate(this.clock.now(), timeZone);
  }

  /**
   * `evaluate` on inputs read already (a set-based pass: ProjectionService.prefetched), without I/O; `today` in the
   * supply's time zone, read from the clock when not given (a set-based pass reads it once per chunk and zone).
   */
  evaluateOn(rule: RuleRow, supply: Supply, inputs: PositionInputs, today = this.today(supply.timeZone)): EvaluatedRule {
    const position = positionOf(inputs, today);
    const evaluation = evaluateRule({
      rule: reorderingRule({
        id: rule.id, minimum: rule.min, maximum: rule.max, multiple: rule.multiple, trigger: rule.trigger,
        visibilityDays: rule.visibilityDays, snoozedUntil: rule.trigger === 'manual' ? rule.snoozedUntil : null,
      }),
      position,
      today,
      leadDays: supply.leadDays,
      timeZone: supply.timeZone,
      uom: supply.uom,
      ...(inputs.lateSupplyNotCounted ? { lateSupplyNotCounted: inputs.lateSupplyNotCounted } : {}), // named, never counted (inventory-004)
    });
    return { rule, supply, today, position, inputs, evaluation };
  }

  /**
   * Re-evaluates the automatic rule of product@warehouse, if any, and raises or tops up its draft when it
   * triggers. Serialised per product@warehouse so two replicas never both order the same shortage. A batch
   * passes what it prepared under its locks (`prepared`, null: no rule); others let it read under the lock.
   * `followDependents`: see `order`.
   */
  async evaluateAndOrder(tx: EntityManager, request: AutomaticEvaluation): Promise<{ ordered: Decimal | null; draftId?: string }> {
    const { productId, warehouseId, prepared } = request;
    await lockKey(tx, ruleLockKey(productId, warehouseId));
    const ready = prepared === undefined ? await this.prepare(tx, productId, warehouseId) : prepared;
    if (!ready || ready.rule.trigger !== 'automatic') return { ordered: null };
    return this.orderIfTriggered(tx, await this.evaluate(tx, ready.rule, ready.supply), request);
  }

  /** The second half of `evaluateAndOrder`: orders what the evaluation of an automatic rule triggers, if anything. */
  async orderIfTriggered(tx: EntityManager, result: EvaluateResult, request: AutomaticEvaluation): Promise<{ ordered: Decimal | null; draftId?: string }> {
    const { productId, warehouseId, cause, causedBy } = request;
    if (!result.ok) {
      this.log.warn({ productId, warehouseId, reason: result.reason }, 'automatic rule cannot be evaluated');
      return { ordered: null };
    }
    if (result.value.evaluation.action !== 'order') return { ordered: null };
    const { draftId } = await this.order(tx, {
      evaluated: result.value, quantity: result.value.evaluation.quantity, explanation: result.value.evaluation.explanation, kind: 'rule', cause,
      ...(causedBy ? { causedBy } : {}), ...(request.followDependents === false ? { followDependents: false } : {}), ...(request.chain ? { chain: request.chain } : {}),
    });
    return { ordered: result.value.evaluation.quantity, draftId };
  }

  private async supplyOf(tx: EntityManager, rule: RuleRow): Promise<PreparedRule['supply']> {
    const product = await this.catalog.product(tx, rule.productId);
    if (!product) return { ok: false, reason: `product ${rule.productId} is not in the catalog` };
    return this.supplies.resolve(tx, product, rule.warehouseId, { route: rule.route, vendorId: rule.vendorId, bomId: rule.bomId });
  }

  /**
   * Puts `order.quantity` on the draft of the rule's route (a bought product without a preferred vendor: of the
   * vendor chosen for that quantity, SupplyResolver.forQuantity) through NeedOrderer, with the rule as origin.
   * With `followDependents` (the default), the rules the new demand reaches are re-evaluated (`evaluateDependents`).
   */
  async order(tx: EntityManager, order: RuleOrder): Promise<{ draftId: string }> {
    const { evaluated: e, quantity } = order;
    // In a batch's wave (PropagationWaves), the site's own cause: the event and chain that marked it.
    const wave = propagationOf(tx)?.of(e.rule);
    const causedBy = wave?.causedBy ?? order.causedBy;
    const chain = order.chain ?? wave?.chain;
    const product = await this.catalog.product(tx, e.rule.productId);
    const supply = product ? await this.supplies.forQuantity(tx, product, e.supply, quantity, { vendorId: e.rule.vendorId }) : e.supply;
    const dates = orderDates(supply, e.evaluation.leadDaysDate.date);
    // The order is demand of other pairs (a transfer's source, components): what a set-based pass read of them is stale.
    this.projection.forget(tx, await this.supplies.dependents(tx, e.rule.productId, supply));
    return this.needs.order(tx, {
      need: {
        key: supply.key, productId: e.rule.productId, quantity, uom: supply.uom, plannedDate: dates.plannedDate,
        origin: { kind: order.kind, id: e.rule.id, ...(causedBy ? { eventId: causedBy.id } : {}) },
      },
      warehouseId: e.rule.warehouseId,
      draft: draftTargetOf(supply, e.rule.warehouseId, dates),
      evaluation: {
        ruleId: e.rule.id, cause: order.cause, triggered: e.evaluation.triggers,
        explanation: {
          ...explainPlannedDate(order.explanation, dates, supply.securityLeadDays, 'lead days date').toJSON(),
          inputs: {
            onHand: e.inputs.onHand, inProgress: e.inputs.inProgress, positionSequence: e.inputs.sequence, today: e.today, leadDays: e.supply.leadDays,
            ...(supply.vendorId ? { vendorId: supply.vendorId } : {}),
          },
          ...(chain ? { chain } : {}),
        },
      },
      ...(causedBy ? { causedBy } : {}),
      ...(order.followDependents === false ? {} : { dependents: { supply, rules: this } }),
    });
  }

  /**
   * Re-evaluates the automatic rules a draft of `supply` puts demand on (a transfer's source warehouse, a
   * manufacturing order's components: SupplyResolver.dependents), and theirs, down every BOM level and transfer chain
   * (decision planning-016): each product-site once, after all its parents (low-level-code order), and only when a
   * parent's order changed its demand. Each evaluation names its chain, from the causing document through the drafts.
   * The caller holds the rule and draft keys (a sweep chunk locks the whole closure up front: SetEvaluator.lockRules;
   * others hold the exclusive write lock). Inside a consumer batch's propagation (PropagationWaves) the sites are only
   * marked, with their chain, and evaluated in its waves.
   */
  async evaluateDependents(tx: EntityManager, productId: string, supply: Supply, causedBy?: EventEnvelope, draftId?: string): Promise<void> {
    const origin = { productId, warehouseId: supply.warehouseId };
    const waves = propagationOf(tx);
    if (waves) {
      // A batch's propagation: the sites wait for their wave (PropagationWaves), each once after all its parents.
      const prefix = waves.chainFrom(origin, supply.route, draftId, causedBy);
      for (const site of await this.supplies.dependents(tx, productId, supply)) {
        waves.add({ site, chain: [...prefix, `${site.productId} at ${site.warehouseId}`], ...(causedBy ? { causedBy } : {}) });
      }
      return;
    }
    const reached = await reach<PreparedRule | null>(origin, await this.supplies.dependents(tx, productId, supply), async (site) => {
      const prepared = (await this.prepare(tx, site.productId, site.warehouseId)) ?? null;
      const ok = prepared?.rule.trigger === 'automatic' && prepared.supply.ok ? prepared.supply.supply : undefined;
      return { prepared, children: ok ? await this.supplies.dependents(tx, site.productId, ok) : [] };
    });
    // The chain up to each site whose order changed its children's demand.
    const changed = new Map([[siteKey(origin), [causeStep(causedBy, origin), draftStep(origin, supply.route, draftId)]]]);
    for (const k of lowLevelOrder(reached)) {
      const { site, parents, prepared } = reached.get(k) as Reached<PreparedRule | null>;
      const parent = parents.map((p) => changed.get(p)).find((c) => c !== undefined);
      if (!parent) continue;
      const chain = [...parent, `${site.productId} at ${site.warehouseId}`];
      const r = await this.evaluateAndOrder(tx, { productId: site.productId, warehouseId: site.warehouseId, cause: site.cause, ...(causedBy ? { causedBy } : {}), prepared, followDependents: false, chain });
      if (r.ordered && prepared?.supply.ok) changed.set(k, [...parent, draftStep(site, prepared.supply.supply.route, r.draftId)]);
    }
  }
}
