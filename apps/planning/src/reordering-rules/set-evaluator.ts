import { performance } from 'node:perf_hooks';
import { setImmediate as turn, setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { productWarehouseKey, type EventEnvelope } from '@replenish/contracts';
import { CatalogRepository, SupplyResolver } from '../catalog/index.js';
import { DraftOrderService } from '../draft-orders/index.js';
import { draftLockKey, lockKeys, shareWrites } from '../shared/db.js';
import { ProjectionRepository } from './data-access/projection.repository.js';
import { RuleRepository } from './data-access/rule.repository.js';
import { reachAll } from './propagation.js';
import { RuleEvaluator, ruleLockKey, type EvaluateResult, type PreparedRule } from './rule-evaluator.js';

/** A product at a site (warehouse): the key of a reordering rule, of a stock position, of a plan. */
export interface ProductSiteKey {
  readonly productId: string;
  readonly warehouseId: string;
}

/** What a set-based evaluation did (counts of the keys given; drafts changed by them or by their dependents). */
export interface SetEvaluationResult {
  evaluated: number;
  /** Keys whose automatic rule ordered. */
  ordered: number;
  /** Keys whose evaluation failed (each logged). */
  failed: number;
  /** Drafts raised or topped up, each once. */
  changedDraftIds: string[];
}

export interface SetEvaluationOptions {
  /** Keys per transaction (default CHUNK_SIZE); a chunk never splits a product's keys when they are given together. */
  chunkSize?: number;
  /** Called after each chunk has committed, with what that chunk did (progress). */
  onChunk?: (chunk: SetEvaluationResult) => Promise<void> | void;
}

/** What a set of evaluations holds once `lockRules` ran: its rules (and their dependents') with their supply, and the draft keys locked. */
export interface LockedRules {
  prepared: Map<string, PreparedRule>;
  draftKeys: string[];
  /** The lock names of the rule keys taken (the keys' and their dependents'). */
  ruleKeys: string[];
}

/**
 * Keys per chunk transaction: few statements per rule, live batches waiting on a key wait ~100 ms, and the advisory
 * locks it holds (one per rule) stay well inside PostgreSQL's lock table (max_locks_per_transaction x connections).
 */
export const CHUNK_SIZE = 1000;

const keyOf = (k: ProductSiteKey): string => productWarehouseKey(k.productId, k.warehouseId);

/**
 * Live batches first (decision planning-019, addendum): a set-based pass evaluates from memory in slices of at most
 * SLICE_MS, and between slices lets the event loop serve I/O; a sweep's read-only chunk also waits, up to LIVE_WAIT_MS,
 * while a live batch is in flight, so that live positions are not held up behind a sweep's evaluations.
 */
const SLICE_MS = 2;
const LIVE_WAIT_MS = 25;
/**
 * A live batch began this recently: the live flow is on, and its other stages (inventory, the broker, PostgreSQL, the
 * consumers and outbox relays) need the two cores too, between its batches as much as during them. A sweep's
 * read-only pass then pauses for a slice's length after each slice (at most half a core), instead of taking a whole
 * core whenever no batch happens to be in flight (issue 18: move-to-draft during sweeps).
 */
const LIVE_RECENT_MS = 250;
/** A live batch whose transaction end was never seen (a dropped connection) stops counting after this long. */
const LIVE_STALE_MS = 60_000;

/**
 * "Evaluate and order these product-sites", set-based (decision planning-013): per chunk of keys, one transaction
 * that shares planning's write lock, reads the rules, catalog and dependents in a few statements, locks every rule
 * and draft key at once (as a stock-position batch does), reads every position in one statement, and then runs the
 * rule-by-rule path (RuleEvaluator.evaluateAndOrder) on each key in the order given, from memory: the same domain
 * functions, the same sequence of decisions. Drafts are written and published once per chunk. A chunk that fails
 * is evaluated again one rule per transaction, so one bad rule fails alone, as in the rule-by-rule sweep.
 */
@Injectable()
export class SetEvaluator {
  private readonly log = new Logger(SetEvaluator.name);

  constructor(
    private readonly db: DataSource,
    private readonly evaluator: RuleEvaluator,
    private readonly rules: RuleRepository,
    private readonly supplies: SupplyResolver,
    private readonly projection: ProjectionRepository,
    private readonly drafts: DraftOrderService,
    private readonly catalog: CatalogRepository,
  ) {
    db.subscribers.push({
      afterTransactionCommit: (e) => this.liveEnded(e.queryRunner),
      afterTransactionRollback: (e) => this.liveEnded(e.queryRunner),
    });
  }

  /**
   * Live batches in flight (`lockRules` with `lockDrafts`), by their transaction's runner: when they began, and the
   * lock names of the keys they took (undefined until they lock them).
   */
  private readonly live = new Map<QueryRunner, { since: number; keys?: ReadonlySet<string> }>();
  /** Resolved when the last live batch in flight ends. */
  private idle?: { promise: Promise<void>; resolve: () => void };
  /** When the last live batch began (performance.now()). */
  private lastLive = -Infinity;
  /** Transactions of a sweep's or an import's chunks (`inBackground`): unlike a live flow's, they give way to live batches. */
  private readonly background = new WeakSet<EntityManager>();

  /**
   * Evaluates the automatic rules of `keys` (others are skipped) and orders what they trigger, chunk by chunk: the
   * keys of BOM products first, in order (an order of one changes another product's position); then the others, read
   * only (`peekIn`), and only those whose rule orders evaluated again and ordered, chunks of them (`defer`, decision
   * planning-019).
   */
  async evaluateAndOrder(keys: readonly ProductSiteKey[], cause: string, options: SetEvaluationOptions = {}): Promise<SetEvaluationResult> {
    const size = options.chunkSize ?? CHUNK_SIZE;
    const total: SetEvaluationResult = { evaluated: 0, ordered: 0, failed: 0, changedDraftIds: [] };
    const changed = new Set<string>();
    const add = async (r: SetEvaluationResult): Promise<void> => {
      total.evaluated += r.evaluated;
      total.ordered += r.ordered;
      total.failed += r.failed;
      for (const id of r.changedDraftIds) changed.add(id);
      await options.onChunk?.(r);
    };
    const { dependent, independent } = splitByBom(distinct(keys), await this.catalog.bomProducts(this.db.manager));
    for (const chunk of chunksOf(dependent, size)) await add(await this.evaluateChunk(chunk, cause));
    const deferred: ProductSiteKey[] = [];
    // Two read-only chunks at once, as a sweep's (SweepService): one evaluates in memory while the other waits on
    // PostgreSQL (a third of a rule import's evaluation was that wait). Their deferred keys keep the chunks' order.
    const peek = (chunk: ProductSiteKey[]) => this.db.transaction((tx) => this.peekIn(tx, chunk));
    const readOnly = chunksOf(independent, size);
    let ahead = readOnly[0] && peek(readOnly[0]);
    for (let i = 0; i < readOnly.length; i++) {
      const current = ahead as ReturnType<typeof peek>;
      const next = readOnly[i + 1];
      ahead = next && peek(next);
      ahead?.catch(() => undefined); // awaited next: a failure meanwhile is not unhandled
      const peeked = await current;
      deferred.push(...peeked.deferred);
      await add({ evaluated: peeked.evaluated, ordered: 0, failed: 0, changedDraftIds: [] });
    }
    for (const chunk of chunksOf(deferred, size)) await add(await this.evaluateChunk(chunk, cause));
    return { ...total, changedDraftIds: [...changed] };
  }

  /**
   * The read-only half of a chunk of keys whose orders change only their own product's positions (no BOM product):
   * their rules, catalog and positions read in a few statements, each rule evaluated from memory. Answers the keys
   * whose rule orders (or cannot be evaluated from memory), in the order given, for `evaluateIn` to evaluate again
   * and order; the others are done, having written nothing, as rule by rule. Takes no rule or draft key: the positions
   * and drafts come from one statement, hence one snapshot, and planning's shared write lock keeps rules and catalog
   * as read, so each answer is that of evaluating the rule at that snapshot (decision planning-019). Live batches
   * never wait for it.
   */
  async peekIn(tx: EntityManager, keys: readonly ProductSiteKey[]): Promise<{ evaluated: number; deferred: ProductSiteKey[] }> {
    await shareWrites(tx);
    const { automatic, rules } = automaticOf(keys, await this.evaluator.prepareMany(tx, [...keys]));
    await this.projection.prefetch(tx, automatic);
    const todays = new Map<string, string>();
    const deferred: ProductSiteKey[] = [];
    const slice = this.slicer(tx);
    for (let i = 0; i < automatic.length; i++) {
      const pause = slice();
      if (pause) await pause;
      const k = automatic[i] as ProductSiteKey;
      if (this.orders(tx, k, rules[i], todays, 'peek') !== false) deferred.push(k);
    }
    return { evaluated: keys.length - deferred.length, deferred };
  }

  /** One chunk in its own transaction; after a failure, its keys one per transaction. */
  async evaluateChunk(keys: readonly ProductSiteKey[], cause: string): Promise<SetEvaluationResult> {
    try {
      return await this.db.transaction((tx) => this.evaluateIn(this.inBackground(tx), keys, cause));
    } catch (e) {
      this.log.warn({ err: e, keys: keys.length }, 'a chunk failed: its rules are evaluated one by one');
      return this.evaluateOneByOne(keys, cause);
    }
  }

  /**
   * The set-based pass over `keys` in the caller's transaction (nothing else may write in it before). Evaluates
   * first without ordering, under the rule keys' locks only: the keys up to the first that orders are done (their
   * evaluation wrote nothing, as rule by rule). From that key on, it locks the draft keys too and orders.
   */
  async evaluateIn(tx: EntityManager, keys: readonly ProductSiteKey[], cause: string, causedBy?: EventEnvelope): Promise<SetEvaluationResult> {
    await shareWrites(tx);
    const { prepared, draftKeys, ruleKeys } = await this.lockRules(tx, keys, { lockDrafts: false });
    const { automatic, rules } = automaticOf(keys, prepared);
    // Positions are read once, here; an order that changes another pair's position drops that pair (forget), and a
    // read from the database first writes the lines held back (writePending).
    await this.projection.prefetch(tx, automatic, { beforeRead: () => this.drafts.writePending(tx) });
    // Today is read once per time zone: a chunk evaluates as of its start, as its transaction reads (formatting a
    // date in a zone per rule cost more than the evaluation itself).
    const todays = new Map<string, string>();
    // Under the rule keys' locks: slices never wait for a live batch in flight (it may wait for these keys), and pause
    // while live batches keep coming only when none in flight needs a key this chunk holds (planning-019, addendum).
    const held = new Set(ruleKeys);
    const slice = this.slicer(tx, { holds: held, pauses: this.background.has(tx) });
    let first = -1;
    for (let i = 0; i < automatic.length && first < 0; i++) {
      const pause = slice();
      if (pause) await pause;
      if (this.orders(tx, automatic[i] as ProductSiteKey, rules[i], todays, 'peek') !== false) first = i;
    }
    if (first < 0) return { evaluated: keys.length, ordered: 0, failed: 0, changedDraftIds: [] };
    for (const k of draftKeys) held.add(draftLockKey(k));
    await lockKeys(tx, draftKeys.map(draftLockKey));
    this.rules.beginBatch(tx);
    // their open drafts, in one statement, with the lines of these products only (decision planning-025)
    await this.drafts.beginBatch(tx, draftKeys, { deferLines: true, products: automatic.slice(first).map((k) => k.productId) });
    let ordered = 0;
    for (let i = first; i < automatic.length; i++) {
      const pause = slice();
      if (pause) await pause;
      const k = automatic[i] as ProductSiteKey;
      const request = { ...k, cause, ...(causedBy ? { causedBy } : {}), prepared: rules[i] as PreparedRule };
      // From memory when nothing changed the pair's position since it was read; else as rule by rule, from the database.
      const evaluation = this.orders(tx, k, rules[i], todays, 'take');
      if (evaluation === false) continue;
      const r = evaluation ? await this.evaluator.orderIfTriggered(tx, evaluation, request) : await this.evaluator.evaluateAndOrder(tx, request);
      if (r.ordered) ordered++;
    }
    const changedDraftIds = await this.drafts.flush(tx, [this.rules.takeEvaluations(tx)]);
    return { evaluated: keys.length, ordered, failed: 0, changedDraftIds };
  }

  /**
   * The key's evaluation on its prefetched position when its rule orders (or cannot be evaluated: evaluateAndOrder
   * logs it); false when it orders nothing; undefined when its position must be read from the database.
   */
  private orders(tx: EntityManager, k: ProductSiteKey, ready: PreparedRule | undefined, todays: Map<string, string>, use: 'peek' | 'take'): EvaluateResult | false | undefined {
    if (!ready) return undefined;
    if (!ready.supply.ok) return ready.supply;
    const inputs = this.projection.prefetched(tx, k.productId, k.warehouseId, use);
    if (!inputs) return undefined;
    const { supply } = ready.supply;
    let today = todays.get(supply.timeZone);
    if (today === undefined) todays.set(supply.timeZone, (today = this.evaluator.today(supply.timeZone)));
    const value = this.evaluator.evaluateOn(ready.rule, supply, inputs, today);
    return value.evaluation.action === 'order' ? { ok: true, value } : false;
  }

  /**
   * Reads the rules of `keys` and of the pairs their orders reach (a transfer's source, components), with their
   * catalog, and locks every rule key at once in one order; with `lockDrafts`, the draft keys they may order into
   * too (lockKeys: rule keys first), so that batches and chunks never wait on each other in a cycle. Else the caller
   * locks `draftKeys` before it orders. Under planning's shared write lock (shareWrites): rules and routes change
   * only under the exclusive one, so they stay as read. With `lockDrafts` the transaction counts as a live batch until
   * it ends: sweep chunks give way to it (`giveWay`).
   */
  async lockRules(tx: EntityManager, keys: readonly ProductSiteKey[], options: { lockDrafts: boolean }): Promise<LockedRules> {
    // Only a live batch (the stock-position consumer) locks its draft keys up front: sweeps give way to it until it ends.
    const live = options.lockDrafts && tx.queryRunner ? { since: (this.lastLive = performance.now()) } : undefined;
    if (live && tx.queryRunner) this.live.set(tx.queryRunner, live);
    const prepared = await this.evaluator.prepareMany(tx, [...keys]);
    // Every level their orders reach (RuleEvaluator.evaluateDependents, decision planning-016).
    const dependents = await reachAll(
      prepared,
      async (r) => (r.rule.trigger === 'automatic' && r.supply.ok ? this.supplies.dependents(tx, r.rule.productId, r.supply.supply) : []),
      (sites) => this.evaluator.prepareMany(tx, sites),
    );
    const draftKeys: string[] = [];
    for (const r of prepared.values()) {
      if (r.rule.trigger !== 'automatic' || !r.supply.ok) continue;
      const pref = { vendorId: r.rule.vendorId };
      draftKeys.push(...(this.supplies.candidateKeysPreloaded(tx, r.rule.productId, r.supply.supply, pref) ?? (await this.supplies.candidateKeys(tx, r.rule.productId, r.supply.supply, pref))));
    }
    const ruleKeys = [...keys, ...dependents].map((k) => ruleLockKey(k.productId, k.warehouseId));
    const locked = [...ruleKeys, ...(options.lockDrafts ? draftKeys.map(draftLockKey) : [])];
    // Named before they are asked for: an ordering chunk that holds one of them stops pausing at its next slice.
    if (live) Object.assign(live, { keys: new Set(locked) });
    await lockKeys(tx, locked);
    return { prepared, draftKeys: [...new Set(draftKeys)], ruleKeys };
  }

  /**
   * Between two chunks of a sweep, or two slices of a read-only one: lets the event loop serve I/O, then, while a live
   * batch is in flight, waits for it to end (at most LIVE_WAIT_MS, so that a sweep still moves under a steady flow);
   * else, when one began within LIVE_RECENT_MS, pauses for SLICE_MS.
   */
  async giveWay(): Promise<void> {
    await turn();
    if (!this.liveInFlight()) {
      if (this.liveRecently()) await sleep(SLICE_MS);
      return;
    }
    if (!this.idle) {
      let resolve = (): void => undefined;
      const promise = new Promise<void>((r) => (resolve = r));
      this.idle = { promise, resolve };
    }
    await Promise.race([this.idle.promise, sleep(LIVE_WAIT_MS)]);
  }

  /**
   * Called before each key of an in-memory pass: once SLICE_MS have passed since the last pause, a pause to await
   * (`giveWay`), else undefined (no promise per key). A live batch's own pass never pauses. A pass that `holds` keys
   * (an ordering or serial chunk, a live flow's waves) never waits for a live batch in flight, which may be waiting
   * for one of them: it only yields a turn; a sweep's or an import's (`pauses`) also pauses a slice's length while
   * live batches keep coming, when no live batch in flight needs (or has yet to name) a key it holds.
   */
  private slicer(tx: EntityManager, options: { holds?: ReadonlySet<string>; pauses?: boolean } = {}): () => Promise<void> | undefined {
    if (tx.queryRunner && this.live.has(tx.queryRunner)) return () => undefined;
    let since = performance.now();
    const { holds, pauses } = options;
    const pause = async (): Promise<void> => {
      if (!holds) await this.giveWay();
      else if (!pauses || !this.liveRecently() || this.liveNeedsAny(holds)) await turn();
      else await sleep(SLICE_MS);
      since = performance.now();
    };
    return () => (performance.now() - since < SLICE_MS ? undefined : pause());
  }

  /** A live batch began within LIVE_RECENT_MS: the live flow is on. */
  private liveRecently(): boolean {
    return performance.now() - this.lastLive < LIVE_RECENT_MS;
  }

  private liveInFlight(): boolean {
    const stale = performance.now() - LIVE_STALE_MS;
    for (const [runner, { since }] of this.live) if (since < stale) this.liveEnded(runner);
    return this.live.size > 0;
  }

  /** Marks `tx` as a sweep's or an import's chunk (background work): its passes give way to live batches. */
  inBackground(tx: EntityManager): EntityManager {
    this.background.add(tx);
    return tx;
  }

  /** Whether a live batch in flight takes one of `held`, or has not named its keys yet. */
  private liveNeedsAny(held: ReadonlySet<string>): boolean {
    if (!this.liveInFlight()) return false;
    for (const { keys } of this.live.values()) {
      if (!keys) return true;
      for (const k of keys) if (held.has(k)) return true;
    }
    return false;
  }

  /** A transaction ended (a savepoint's end is not one): a live batch no longer holds sweeps back. */
  private liveEnded(runner: QueryRunner | undefined): void {
    if (!runner || runner.isTransactionActive || !this.live.delete(runner) || this.live.size > 0) return;
    this.idle?.resolve();
    this.idle = undefined;
  }

  /** The rule-by-rule path over `keys`, one transaction each (a chunk that failed: one bad rule fails alone). */
  async evaluateOneByOne(keys: readonly ProductSiteKey[], cause: string): Promise<SetEvaluationResult> {
    const out: SetEvaluationResult = { evaluated: keys.length, ordered: 0, failed: 0, changedDraftIds: [] };
    for (const k of keys) {
      try {
        const r = await this.db.transaction((tx) => this.evaluator.evaluateAndOrder(tx, { ...k, cause }));
        if (r.ordered) ordered(out, r.draftId);
      } catch (e) {
        out.failed++;
        this.log.error({ err: e, ...k }, 'could not evaluate a rule');
      }
    }
    return out;
  }
}

function ordered(out: SetEvaluationResult, draftId: string | undefined): void {
  out.ordered++;
  if (draftId && !out.changedDraftIds.includes(draftId)) out.changedDraftIds.push(draftId);
}

/**
 * The keys of products made by a BOM or going into one (`dependent`: an order of one changes another product's
 * position, so their order matters) and the others, each in the order given.
 */
export function splitByBom(keys: readonly ProductSiteKey[], bomProducts: ReadonlySet<string>): { dependent: ProductSiteKey[]; independent: ProductSiteKey[] } {
  return { dependent: keys.filter((k) => bomProducts.has(k.productId)), independent: keys.filter((k) => !bomProducts.has(k.productId)) };
}

/** The keys whose rule is automatic, in the order given, with their rules (rules[i] is automatic[i]'s): each key's text built once. */
function automaticOf(keys: readonly ProductSiteKey[], prepared: Map<string, PreparedRule>): { automatic: ProductSiteKey[]; rules: PreparedRule[] } {
  const automatic: ProductSiteKey[] = [];
  const rules: PreparedRule[] = [];
  for (const k of keys) {
    const rule = prepared.get(keyOf(k));
    if (rule?.rule.trigger !== 'automatic') continue;
    automatic.push(k);
    rules.push(rule);
  }
  return { automatic, rules };
}

/** The keys once each, in their first order. */
function distinct(keys: readonly ProductSiteKey[]): ProductSiteKey[] {
  const seen = new Map<string, ProductSiteKey>();
  for (const k of keys) if (!seen.has(keyOf(k))) seen.set(keyOf(k), { productId: k.productId, warehouseId: k.warehouseId });
  return [...seen.values()];
}

/**
 * Chunks of about `size` keys, cut where the product changes (when a product's keys are given together, a transfer
 * between two of its warehouses stays inside one chunk).
 */
export function chunksOf(keys: readonly ProductSiteKey[], size: number): ProductSiteKey[][] {
  const out: ProductSiteKey[][] = [];
  let current: ProductSiteKey[] = [];
  for (const k of keys) {
    const last = current[current.length - 1];
    if (current.length >= size && last && last.productId !== k.productId) {
      out.push(current);
      current = [];
    }
    current.push(k);
  }
  if (current.length > 0) out.push(current);
  return out;
}
