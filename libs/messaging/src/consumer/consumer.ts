import { eventCatalog, EventCatalog, eventHeaders } from '@replenish/contracts';
import type { DataSource } from 'typeorm';
import type { BatchContext, Broker, ConsumedBatch, GroupMembership, Subscription } from '../broker/broker.js';
import { errorMessage } from '../errors.js';
import { consoleLogger, type MessagingLogger } from '../logger.js';
import { MessagingMetrics, type StuckPartition } from '../metrics.js';
import { InfrastructureError } from '../transaction.js';
import { applyBatch, type ApplyContext } from './apply-batch.js';
import { applyIsolated, type IsolatedOutcome } from './apply-isolated.js';
import { batchPositions, logBatch, traceBatch } from './batch-log.js';
import { createDeadLetterTopics, deadLetterBatches, logDeadLetters } from './dead-letter.js';
import { inBatchContext } from './event-context.js';
import { eventFault } from './fault.js';
import { BatchGatherer, commitOffsets, type GatheredBatch } from './gather.js';
import { definitionsOf, type HandlerRegistration } from './handlers.js';
import { heartbeater, pause } from './heartbeat.js';
import { Inbox } from './inbox.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { EventRouter, withDefinitions, type RoutedEvent } from './route-batch.js';
import { StuckPartitions } from './stuck.js';

export interface EventConsumerOptions {
  broker: Broker;
  dataSource: DataSource;
  /** Schema holding the `inbox` table (the service's schema). */
  schema: string;
  /** Consumer group (the service name). Inbox rows are per group. */
  groupId: string;
  handlers: HandlerRegistration[];
  /** Validates messages. Default: the contracts' `eventCatalog` plus any handled definition not in it. */
  catalog?: EventCatalog;
  /** Default: the topics of the handled definitions. */
  topics?: string[];
  retry?: Partial<RetryPolicy>;
  partitionsConsumedConcurrently?: number;
  fromBeginning?: boolean;
  /** Create `<topic>.dlq` for every subscribed topic on start (idempotent). Default true. */
  createDeadLetterTopics?: boolean;
  metrics?: MessagingMetrics;
  /**
   * Failures in a row of a batch starting at the same offset (the database or broker failing, 1 s apart) after
   * which the partition counts as stuck: listed in `metrics.stuck` (and /health) until it goes through. Default 10.
   */
  stuckAfterFailures?: number;
  /**
   * Events applied in one transaction at most: a fetch holding more is applied in consecutive slices, each its own
   * transaction (the inbox keeps a redelivery after a partial commit exact). Default 500 (decision messaging-004).
   */
  maxEventsPerTransaction?: number;
  logger?: MessagingLogger;
  /** Test hooks (crash tests): after the DB commit, before dead letters and the offset commit. */
  hooks?: { afterDbCommit?: (batch: ConsumedBatch) => void | Promise<void> };
}

/** How long a group whose database or broker failed waits before its batches are redelivered. */
const REDELIVERY_PAUSE_MS = 1000;

/**
 * Handlers lock a row or an advisory lock per key they touch; a backlog of thousands of events in one transaction
 * filled PostgreSQL's shared lock table (max_locks_per_transaction x max_connections, 6,400 by default), failing
 * every connection of the server. 500 keeps a slice's locks well inside it and most of one transaction's gain.
 */
const DEFAULT_MAX_EVENTS_PER_TRANSACTION = 500;

/** Ten failures in a row, some 10 s: past a database or broker restart, short of a probe's patience. */
const DEFAULT_STUCK_AFTER_FAILURES = 10;

/**
 * Idempotent batch consumer over any `Broker`:
 * 1. every message of a handled type (or without a type header) is validated (`EventRouter`); invalid ones
 *    are dead-lettered at once, and so is a type no handler takes ("unknown event type X on topic T") unless a
 *    handler of the topic ignores it (`HandlerRegistration.ignores`: skipped unparsed, counted, logged at debug);
 * 2. valid events of handled types run in ONE transaction (`applyBatch`): their ids go into the inbox
 *    (`ON CONFLICT DO NOTHING RETURNING`), handlers run only for the new ones;
 * 3. if a handler throws, or the commit is refused for what the events wrote (`eventFault`), that transaction is
 *    rolled back and the batch is redone with a savepoint per event, split in halves while a commit is refused
 *    (`applyIsolated`): the event's own fault -> dead letter at once; other errors -> retried with exponential
 *    backoff, then dead-lettered (`failureVerdict`); the other events of the batch commit;
 * 4. dead letters are published, then the offset is committed (always after the DB commit).
 * A crash anywhere redelivers the batch; the inbox turns repeats into no-ops. A partition whose batch keeps
 * failing (the database or broker) is listed as stuck past `stuckAfterFailures` (`StuckPartitions`).
 */
export class EventConsumer {
  readonly topics: string[];
  private readonly router: EventRouter;
  private readonly inbox: Inbox;
  private readonly retry: RetryPolicy;
  private readonly metrics: MessagingMetrics;
  private readonly logger: MessagingLogger;
  private readonly stuck: StuckPartitions;
  private readonly gatherer = new BatchGatherer((group) => this.processGathered(group));
  private subscription?: Subscription;
  private outsideSubscription: GroupMembership = { state: 'joining', since: Date.now() };

  constructor(private readonly options: EventConsumerOptions) {
    const defs = options.handlers.flatMap(definitionsOf);
    this.topics = options.topics ?? [...new Set(defs.map((d) => d.topic))];
    this.router = new EventRouter(options.handlers, options.catalog ?? withDefinitions(eventCatalog, defs));
    this.inbox = new Inbox(options.schema, options.groupId);
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.metrics = options.metrics ?? new MessagingMetrics();
    this.logger = options.logger ?? consoleLogger(`consumer ${options.groupId}`);
    this.stuck = new StuckPartitions(options.groupId, options.stuckAfterFailures ?? DEFAULT_STUCK_AFTER_FAILURES, this.metrics);
  }

  /** The partitions of this group that keep failing on the same offset (see `stuckAfterFailures`). */
  stuckPartitions(): StuckPartition[] {
    return [...this.metrics.stuck.values()].filter((s) => s.groupId === this.options.groupId);
  }

  /** The group membership of the subscription; `joining` until `start` subscribed. */
  membership(): GroupMembership {
    return this.subscription?.membership() ?? this.outsideSubscription;
  }

  async start(): Promise<void> {
    if (this.subscription || this.topics.length === 0) return;
    if (this.options.createDeadLetterTopics ?? true) await createDeadLetterTopics(this.options.broker, this.topics);
    const subscription = await this.options.broker.subscribe({
      groupId: this.options.groupId,
      topics: this.topics,
      fromBeginning: this.options.fromBeginning ?? true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      handler: (batch, ctx) => this.processBatch(batch, ctx),
    });
    // Closed while joining (a shutdown during a slow start): leave at once rather than hold partitions.
    if (this.outsideSubscription.state === 'left') await subscription.close();
    else this.subscription = subscription;
  }

  /** Stops fetching, lets the in-flight batch finish and commit, leaves the group. */
  async close(): Promise<void> {
    const s = this.subscription;
    this.subscription = undefined;
    this.outsideSubscription = { state: 'left', since: Date.now() };
    await s?.close();
  }

  /**
   * One broker batch (one partition). Public for adapters and tests; normally called by the broker.
   * Batches of one topic handed over in the same turn of the event loop are processed as one (`BatchGatherer`):
   * one transaction, one inbox statement, one call of a batch handler (decision messaging-004). Keys never span
   * partitions, so each key's events stay in order; each partition's offset is committed after that transaction.
   */
  processBatch(batch: ConsumedBatch, ctx: BatchContext): Promise<void> {
    if (batch.messages.length === 0) return Promise.resolve();
    return this.gatherer.add(batch, ctx);
  }

  private async processGathered(group: GatheredBatch[]): Promise<void> {
    const t0 = Date.now();
    const batches = group.map((g) => g.batch);
    const { events, invalid, ignored } = this.router.route(batches.flatMap((b) => b.messages));
    if (ignored.length > 0) {
      this.metrics.ignored += ignored.length;
      this.logger.debug?.(`batch ${batchPositions(batches)}: ${ignored.length} message(s) of types ignored here skipped (${[...new Set(ignored.map((m) => m.headers[eventHeaders.type]))].join(', ')})`);
    }
    const beat = heartbeater(group[0]!.ctx);
    const inBatch = <T>(fn: () => T): T => inBatchContext(events.map((e) => e.envelope), fn);
    let outcome: BatchOutcome;
    try {
      outcome = await this.apply(events, { dataSource: this.options.dataSource, inbox: this.inbox, beat }, batchPositions(batches));
      for (const batch of batches) await this.options.hooks?.afterDbCommit?.(batch);
      const dead = [...invalid, ...outcome.deadLetters];
      if (dead.length > 0) {
        await this.options.broker.publish(deadLetterBatches(dead, this.options.groupId));
        this.metrics.deadLettered += dead.length;
        logDeadLetters(dead, this.logger);
      }
    } catch (e) {
      // DB or broker unavailable: leave the offsets where they are; the batches come again (inbox dedupes).
      inBatch(() => this.logger.error(`batch ${batchPositions(batches)} not processed, will be redelivered: ${errorMessage(e)}`));
      this.metrics.redeliveries++;
      this.stuck.failed(batches, errorMessage(e));
      await pause(REDELIVERY_PAUSE_MS, beat);
      for (const g of group) g.resolve();
      return;
    }
    this.stuck.succeeded(batches);
    const t1 = Date.now();
    // Before the offsets: whoever awaits the batch (the broker, a test) finds its line written.
    inBatch(() => logBatch(this.logger, { ...outcome, groupId: this.options.groupId, batches, deadLettered: invalid.length + outcome.deadLetters.length, ms: t1 - t0 }));
    await commitOffsets(group);
    traceBatch(this.options.groupId, batches, events.length, t0, t1);
  }

  /** Applies the events slice by slice (`maxEventsPerTransaction`), in order; merges what became of them. */
  private async apply(events: RoutedEvent[], context: ApplyContext, where: string): Promise<BatchOutcome> {
    const size = this.options.maxEventsPerTransaction ?? DEFAULT_MAX_EVENTS_PER_TRANSACTION;
    const total: BatchOutcome = { applied: 0, duplicates: 0, retries: 0, deadLetters: [], isolated: false };
    for (let i = 0; i < events.length; i += size) {
      const o = await this.applySlice(events.slice(i, i + size), context, where);
      total.applied += o.applied;
      total.duplicates += o.duplicates;
      total.retries += o.retries;
      total.deadLetters.push(...o.deadLetters);
      total.isolated ||= o.isolated;
    }
    return total;
  }

  /** Applies the events in one transaction, or one by one once a handler failed; counts them into the metrics. */
  private async applySlice(events: RoutedEvent[], context: ApplyContext, where: string): Promise<BatchOutcome> {
    if (events.length === 0) return { applied: 0, duplicates: 0, retries: 0, deadLetters: [], isolated: false };
    let outcome: BatchOutcome;
    try {
      outcome = { ...(await applyBatch(events, context)), retries: 0, deadLetters: [], isolated: false };
    } catch (e) {
      // A commit refused for what the events wrote is theirs to answer for (isolated below); other failures of the
      // database or broker are not: the batch comes again.
      if (e instanceof InfrastructureError && eventFault(e) === undefined) throw e;
      inBatchContext(events.map((ev) => ev.envelope), () => this.logger.warn(`batch ${where}: handler failed (${errorMessage(e)}); isolating events`));
      outcome = { ...(await applyIsolated(events, { ...context, retry: this.retry, logger: this.logger })), isolated: true };
    }
    this.metrics.consumed += outcome.applied;
    this.metrics.duplicates += outcome.duplicates;
    this.metrics.retries += outcome.retries;
    return outcome;
  }
}

/** What became of a group's events: applied in one go, or one by one after a handler failed (`isolated`). */
type BatchOutcome = IsolatedOutcome & { isolated: boolean };
