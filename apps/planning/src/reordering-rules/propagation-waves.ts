import { Injectable } from '@nestjs/common';
import { keepAlive } from '@replenish/messaging';
import type { EntityManager } from 'typeorm';
import { SupplyResolver } from '../catalog/index.js';
import { draftLockKey, lockKeys } from '../shared/db.js';
import { endPropagation, propagationOf, reachAll, siteKey, startPropagation, waveOf, type PendingSite, type Propagation, type Site } from './propagation.js';
import { RuleEvaluator, ruleLockKey, type PreparedRule } from './rule-evaluator.js';
import { SetEvaluator } from './set-evaluator.js';

/**
 * A consumer batch's propagation in waves (planning-016 addendum): while `run`'s work orders, a draft's new demand
 * only marks the product-sites it reaches (RuleEvaluator.evaluateDependents); then each wave evaluates, through the
 * set-based pass of issue 18 (SetEvaluator.evaluateIn), the marked sites of one low-level code: each product-site
 * once per batch, after every parent it has among the sites reached. Their orders mark the next waves' sites.
 * Everything runs in the batch's transaction, so the inbox rows, every level's drafts and their events commit
 * together (exactly once).
 */
@Injectable()
export class PropagationWaves {
  constructor(
    private readonly set: SetEvaluator,
    private readonly evaluator: RuleEvaluator,
    private readonly supplies: SupplyResolver,
  ) {}

  /**
   * Runs `work` with the transaction's propagation deferred to waves, then the waves. `work` must leave no batch
   * of drafts or evaluations open (each wave opens and flushes its own), and change no rule, route or catalog row:
   * what it and the waves read of the closure's rules and catalog (RuleEvaluator.holdingPrepared) holds to the end.
   */
  async run<T>(tx: EntityManager, work: (propagation: Propagation) => Promise<T>): Promise<T> {
    if (propagationOf(tx)) return work(propagationOf(tx) as Propagation); // inside a run already: its waves follow
    const propagation = startPropagation(tx);
    try {
      return await this.evaluator.holdingPrepared(tx, async () => {
        const result = await work(propagation);
        await this.drain(tx, propagation);
        return result;
      });
    } finally {
      endPropagation(tx);
    }
  }

  /**
   * For a batch that orders drafts itself before its waves, under the shared write lock (a batch of sales order
   * confirmations, planning-016 third addendum): locks up front, in one statement and in lockKeys' order, every key
   * its orders and their waves may take, as a stock-position batch does (SetEvaluator.lockRules): the rule keys of
   * `reached` (what its drafts put demand on) and of every site reachable from them through automatic rules, of the
   * `own` sites that have a rule and of the `stock` sites (their positions count its drafts: an evaluation or a free
   * stock read of them waits for the batch), then `draftKeys` (its own drafts) and the draft keys of the automatic
   * rules reached. Call in `run`'s work: the closure read here serves the waves.
   */
  async lockAhead(tx: EntityManager, batch: { own: readonly Site[]; stock: readonly Site[]; reached: readonly Site[]; draftKeys: readonly string[] }): Promise<void> {
    await this.readClosure(tx, [...batch.own, ...batch.stock, ...batch.reached]);
    const prepared = await this.evaluator.prepareMany(tx, [...batch.reached]);
    const deeper = await reachAll(prepared, (r) => this.dependentsOf(tx, r), (sites) => this.evaluator.prepareMany(tx, sites));
    const own = [...(await this.evaluator.prepareMany(tx, [...batch.own])).values()].map((r) => r.rule);
    const draftKeys = [...batch.draftKeys];
    for (const r of prepared.values()) {
      if (r.rule.trigger !== 'automatic' || !r.supply.ok) continue;
      const pref = { vendorId: r.rule.vendorId };
      draftKeys.push(...(this.supplies.candidateKeysPreloaded(tx, r.rule.productId, r.supply.supply, pref) ?? (await this.supplies.candidateKeys(tx, r.rule.productId, r.supply.supply, pref))));
    }
    const ruleKeys = [...batch.reached, ...deeper, ...own, ...batch.stock].map((k) => ruleLockKey(k.productId, k.warehouseId));
    await lockKeys(tx, [...ruleKeys, ...draftKeys.map(draftLockKey)]);
  }

  /**
   * Reads at once the rules and catalog of `sites` and of every site they reach (RuleEvaluator.prepareClosure), for
   * `run`'s work to read them from (SetEvaluator.lockRules walks the closure level by level) and the waves after it.
   */
  readClosure(tx: EntityManager, sites: readonly Site[]): Promise<void> {
    return this.evaluator.prepareClosure(tx, sites);
  }

  /** What an automatic rule's orders put demand on (none for a manual rule or one without supply). */
  private async dependentsOf(tx: EntityManager, r: PreparedRule): Promise<readonly Site[]> {
    return r.rule.trigger === 'automatic' && r.supply.ok ? this.supplies.dependents(tx, r.rule.productId, r.supply.supply) : [];
  }

  /** Evaluates the pending sites wave by wave until none is left. */
  private async drain(tx: EntityManager, propagation: Propagation): Promise<void> {
    while (propagation.pending.size > 0) {
      const { waves, automatic } = await this.wavesOf(tx, [...propagation.pending.values()]);
      for (const wave of [...new Set(waves.values())].sort((a, b) => a - b)) {
        const due = propagation.take([...propagation.pending.keys()].filter((k) => waves.get(k) === wave));
        // One pass per cause (a position, component demand, a transfer out): the cause each evaluation stores. Sites
        // without an automatic rule (a made-to-order product's position) need none.
        for (const [cause, sites] of groupBy(due.filter((p) => automatic.has(siteKey(p.site))), (p) => p.site.cause)) {
          await this.set.evaluateIn(tx, sites.map((p) => ({ productId: p.site.productId, warehouseId: p.site.warehouseId })), cause);
          await keepAlive(tx); // a batch's waves can outlast the consumer's session: its batch would be redone
        }
      }
      // Sites marked by an order after their wave had passed (on a transfer cycle) are evaluated in another round.
    }
  }

  /**
   * The wave of every product-site reachable from `pending` through automatic rules (propagation.ts, waveOf), and
   * which of them have an automatic rule.
   */
  private async wavesOf(tx: EntityManager, pending: readonly PendingSite[]): Promise<{ waves: Map<string, number>; automatic: Set<string> }> {
    const parents = new Map<string, string[]>(pending.map((p) => [siteKey(p.site), []]));
    const sites = pending.map((p) => ({ productId: p.site.productId, warehouseId: p.site.warehouseId }));
    // The whole closure in two statements (not two per level); the walk below and the waves' locks then read none.
    await this.evaluator.prepareClosure(tx, sites);
    const prepared = await this.evaluator.prepareMany(tx, sites);
    await reachAll(
      prepared,
      async (r) => {
        const children = await this.dependentsOf(tx, r);
        for (const c of children) parents.set(siteKey(c), [...(parents.get(siteKey(c)) ?? []), siteKey(r.rule)]);
        return children;
      },
      (sites) => this.evaluator.prepareMany(tx, sites),
    );
    const automatic = new Set([...prepared].filter(([, r]) => r.rule.trigger === 'automatic').map(([k]) => k));
    return { waves: waveOf(new Map([...parents].map(([k, ps]) => [k, { parents: ps }]))), automatic };
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(keyOf(item), [...(out.get(keyOf(item)) ?? []), item]);
  return out;
}
