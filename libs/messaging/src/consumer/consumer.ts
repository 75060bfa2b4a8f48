import { deadLetterTopic, EventCatalog, eventCatalog, eventHeaders, type AnyEventDefinition, type EventEnvelope } from '@replenish/contracts';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { BatchContext, Broker, ConsumedBatch, ConsumedMessage, Subscription } from '../broker/broker.js';
import { correlationStore } from '../correlation.js';
import { errorMessage, isPermanentError } from '../errors.js';
import { consoleLogger, type MessagingLogger } from '../logger.js';
import { MessagingMetrics } from '../metrics.js';
import { releaseQueryRunner } from '../outbox/relay.js';
import { ident, preparedQuery } from '../sql.js';
import { backoffMs, sleep } from '../util.js';
import { deadLetterBatches, type DeadLetter } from './dead-letter.js';

/** A handler: runs inside the batch's DB transaction `tx`; the inbox row of the event commits with it. */
export type EventHandler = (event: EventEnvelope, tx: EntityManager) => Promise<void>;

/**
 * A batch handler: gets every new event of a broker batch that it alone handles, in offset order, in one
 * call (to lock what they touch up front in a fixed order, or coalesce them). When a batch is isolated after
 * a failure it is called with one event at a time, so it must give the same result either way.
 */
export type BatchEventHandler = (events: EventEnvelope[], tx: EntityManager) => Promise<void>;

export type HandlerRegistration = {
  defs: AnyEventDefinition | AnyEventDefinition[];
  /** For logs: `Provider.method`. */
  name?: string;
  /**
   * The events this handler takes; an event no handler takes is skipped after validation, without a transaction
   * or an inbox row (sales-orders ignores every stock move that is not a delivery of a sales line). Must depend on
   * the event alone, so a redelivery is skipped again.
   */
  when?: (event: EventEnvelope) => boolean;
} & ({ handle: EventHandler; handleBatch?: undefined } | { handleBatch: BatchEventHandler; handle?: undefined });

export interface RetryPolicy {
  /** Attempts of one failing event in isolation before it is dead-lettered. Default 5. */
  attempts: number;
  /** First backoff; doubles each attempt. Default 200 ms. */
  baseMs: number;
  /** Backoff cap. Default 5000 ms. */
  maxMs: number;
}

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
  logger?: MessagingLogger;
  /** Test hooks (crash tests): after the DB commit, before dead letters and the offset commit. */
  hooks?: { afterDbCommit?: (batch: ConsumedBatch) => void | Promise<void> };
}

interface Gathered {
  batch: ConsumedBatch;
  ctx: BatchContext;
  resolve: () => void;
  reject: (e: Error) => void;
}

interface ParsedEvent {
  message: ConsumedMessage;
  envelope: EventEnvelope;
  handlers: HandlerRegistration[];
}

const TRACE = process.env.MESSAGING_TRACE_BATCHES === '1';

/** A failure of the database itself (not of a handler): the batch is left uncommitted and redelivered. */
class InfrastructureError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InfrastructureError';
  }
}

/**
 * Idempotent batch consumer over any `Broker`:
 * 1. every message of a handled type (or without a type header) is validated (`catalog.parse`); invalid ones
 *    are dead-lettered at once; a type header naming a type no handler takes is skipped unparsed;
 * 2. valid events of handled types run in ONE transaction: their ids go into the inbox
 *    (`ON CONFLICT DO NOTHING RETURNING`), handlers run only for the new ones;
 * 3. if a handler throws, that transaction is rolled back and the batch is redone with a savepoint per
 *    event: `PermanentError` -> dead letter at once; other errors -> retried with exponential backoff,
 *    then dead-lettered; the other events of the batch commit;
 * 4. dead letters are published, then the offset is committed (always after the DB commit).
 * A crash anywhere redelivers the batch; the inbox turns repeats into no-ops.
 */
export class EventConsumer {
  readonly topics: string[];
  private readonly catalog: EventCatalog;
  private readonly byType = new Map<string, HandlerRegistration[]>();
  private readonly retry: RetryPolicy;
  private readonly metrics: MessagingMetrics;
  private readonly logger: MessagingLogger;
  private readonly inboxInsertMany: string;
  private readonly inboxInsertOne: string;
  private subscription?: Subscription;
  /** Batches handed over in this turn of the event loop, per topic (see processBatch). */
  private readonly gathering = new Map<string, Gathered[]>();

  constructor(private readonly options: EventConsumerOptions) {
    for (const h of options.handlers) {
      for (const d of Array.isArray(h.defs) ? h.defs : [h.defs]) {
        const list = this.byType.get(d.type) ?? [];
        list.push(h);
        this.byType.set(d.type, list);
      }
    }
    const defs = options.handlers.flatMap((h) => (Array.isArray(h.defs) ? h.defs : [h.defs]));
    this.topics = options.topics ?? [...new Set(defs.map((d) => d.topic))];
    this.catalog = options.catalog ?? withDefinitions(eventCatalog, defs);
    this.retry = { attempts: 5, baseMs: 200, maxMs: 5000, ...options.retry };
    this.metrics = options.metrics ?? new MessagingMetrics();
    this.logger = options.logger ?? consoleLogger(`consumer ${options.groupId}`);
    const inbox = `${ident(options.schema)}.inbox`;
    this.inboxInsertMany = `INSERT INTO ${inbox} (event_id, consumer_group, event_type)
      SELECT e, $3::text, t FROM unnest($1::uuid[], $2::text[]) AS u(e, t)
      ON CONFLICT DO NOTHING RETURNING event_id`;
    this.inboxInsertOne = `INSERT INTO ${inbox} (event_id, consumer_group, event_type) VALUES ($1, $2, $3)
      ON CONFLICT DO NOTHING RETURNING event_id`;
  }

  async start(): Promise<void> {
    if (this.subscription || this.topics.length === 0) return;
    if (this.options.createDeadLetterTopics ?? true) {
      const specs = [];
      for (const t of this.topics) specs.push({ topic: deadLetterTopic(t), numPartitions: (await this.options.broker.partitionCount(t)) ?? undefined });
      await this.options.broker.createTopics(specs);
    }
    this.subscription = await this.options.broker.subscribe({
      groupId: this.options.groupId,
      topics: this.topics,
      fromBeginning: this.options.fromBeginning ?? true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      handler: (batch, ctx) => this.processBatch(batch, ctx),
    });
  }

  /** Stops fetching, lets the in-flight batch finish and commit, leaves the group. */
  async close(): Promise<void> {
    const s = this.subscription;
    this.subscription = undefined;
    await s?.close();
  }

  /**
   * One broker batch (one partition). Public for adapters and tests; normally called by the broker.
   * Batches of one topic handed over in the same turn of the event loop (the partitions of one fetch, when
   * partitionsConsumedConcurrently lets them in together) are processed as one: one transaction, one inbox
   * statement, one call of a batch handler (decision messaging-004). Keys never span partitions, so each
   * key's events stay in order; each partition's offset is committed after that transaction.
   */
  processBatch(batch: ConsumedBatch, ctx: BatchContext): Promise<void> {
    if (batch.messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let gathered = this.gathering.get(batch.topic);
      if (!gathered) {
        const group: Gathered[] = [];
        gathered = group;
        this.gathering.set(batch.topic, group);
        setImmediate(() => {
          this.gathering.delete(batch.topic);
          // processGathered settles every promise itself; this is for a bug in it, not to hang the partitions.
          this.processGathered(group).catch((e: unknown) => { for (const g of group) g.reject(e as Error); });
        });
      }
      gathered.push({ batch, ctx, resolve, reject });
    });
  }

  private async processGathered(group: Gathered[]): Promise<void> {
    const t0 = Date.now();
    const dead: DeadLetter[] = [];
    const events: ParsedEvent[] = [];
    for (const { batch } of group) {
      for (const message of batch.messages) {
        // A type this group does not handle (its header, written by the publisher from the envelope): nothing to
        // apply, and not this group's to validate or dead-letter. Skipping the parse matters on shared topics
        // (inventory reads planning.draft-orders for two of its five event types, each event a whole draft).
        const type = message.headers[eventHeaders.type];
        if (type !== undefined && !this.byType.has(type)) continue;
        const parsed = this.catalog.parse(message.value);
        if (!parsed.ok) {
          dead.push({ message, reason: parsed.reason });
          continue;
        }
        const handlers = this.byType.get(parsed.envelope.type)?.filter((h) => !h.when || h.when(parsed.envelope));
        if (handlers && handlers.length > 0) events.push({ message, envelope: parsed.envelope, handlers });
      }
    }
    const beat = heartbeater(group[0]!.ctx);
    const where = group.map(({ batch }) => `${batch.topic}/${batch.partition}@${batch.messages[0].offset}`).join(', ');
    try {
      if (events.length > 0) {
        let fastOk = false;
        try {
          await this.runFast(events, beat);
          fastOk = true;
        } catch (e) {
          if (e instanceof InfrastructureError) throw e;
          this.logger.warn(`batch ${where}: handler failed (${errorMessage(e)}); isolating events`);
        }
        if (!fastOk) await this.runIsolated(events, dead, beat);
      }
      for (const { batch } of group) await this.options.hooks?.afterDbCommit?.(batch);
      if (dead.length > 0) {
        await this.options.broker.publish(deadLetterBatches(dead, this.options.groupId));
        this.metrics.deadLettered += dead.length;
        for (const d of dead) this.logger.warn(`dead-lettered ${d.message.topic}/${d.message.partition}@${d.message.offset}: ${d.reason}`);
      }
    } catch (e) {
      // DB or broker unavailable: leave the offsets where they are; the batches come again (inbox dedupes).
      this.logger.error(`batch ${where} not processed, will be redelivered: ${errorMessage(e)}`);
      await this.pause(1000, beat);
      for (const g of group) g.resolve();
      return;
    }
    const t1 = Date.now();
    await Promise.all(group.map(async ({ batch, ctx, resolve, reject }) => {
      // A partition moved to another member: it will redeliver, the inbox dedupes.
      if (ctx.isStale()) return resolve();
      const last = batch.messages[batch.messages.length - 1];
      try {
        await ctx.commit((BigInt(last.offset) + 1n).toString());
        resolve();
      } catch (e) {
        reject(e as Error);
      }
    }));
    if (TRACE) process.stderr.write(`[trace ${this.options.groupId}] ${where} events=${events.length} age=${t0 - Math.min(...group.map((g) => g.batch.messages[0].timestamp))} db=${t1 - t0} commit=${Date.now() - t1}\n`);
  }

  private async runFast(events: ParsedEvent[], beat: () => Promise<void>): Promise<void> {
    await this.inTransaction(async (qr) => {
      let fresh: Set<string>;
      try {
        const { rows } = await preparedQuery<{ event_id: string }>(qr.manager, this.inboxInsertMany, [events.map((e) => e.envelope.id), events.map((e) => e.envelope.type), this.options.groupId]);
        fresh = new Set(rows.map((r) => r.event_id));
      } catch (e) {
        throw new InfrastructureError(`inbox insert failed: ${errorMessage(e)}`, { cause: e });
      }
      const todo = events.filter((ev) => fresh.delete(ev.envelope.id)); // others: applied before, or twice in this batch
      for (const run of batchRuns(todo)) {
        await this.runHandlers(run, qr.manager);
        await beat();
      }
      const applied = todo.length;
      return () => {
        this.metrics.consumed += applied;
        this.metrics.duplicates += events.length - applied;
      };
    });
  }

  private async runIsolated(events: ParsedEvent[], dead: DeadLetter[], beat: () => Promise<void>): Promise<void> {
    await this.inTransaction(async (qr) => {
      const seen = new Set<string>();
      let applied = 0;
      let duplicates = 0;
      let retries = 0;
      for (const ev of events) {
        if (seen.has(ev.envelope.id)) {
          duplicates++;
          continue;
        }
        seen.add(ev.envelope.id);
        for (let attempt = 1; ; attempt++) {
          await savepoint(qr, 'SAVEPOINT messaging_event');
          try {
            const { rows } = await preparedQuery(qr.manager, this.inboxInsertOne, [ev.envelope.id, this.options.groupId, ev.envelope.type]);
            if (rows.length === 0) duplicates++;
            else {
              await this.runHandlers([ev], qr.manager);
              applied++;
            }
            await savepoint(qr, 'RELEASE SAVEPOINT messaging_event');
            break;
          } catch (e) {
            if (e instanceof InfrastructureError) throw e;
            await savepoint(qr, 'ROLLBACK TO SAVEPOINT messaging_event');
            const where = `${ev.message.topic}/${ev.message.partition}@${ev.message.offset} (${ev.envelope.type} ${ev.envelope.id})`;
            if (isPermanentError(e)) {
              dead.push({ message: ev.message, reason: errorMessage(e), eventType: ev.envelope.type, eventId: ev.envelope.id, attempts: attempt });
              break;
            }
            if (attempt >= this.retry.attempts) {
              dead.push({
                message: ev.message, eventType: ev.envelope.type, eventId: ev.envelope.id, attempts: attempt,
                reason: `failed after ${attempt} attempts: ${errorMessage(e)}`,
              });
              break;
            }
            retries++;
            const wait = backoffMs(attempt, this.retry.baseMs, this.retry.maxMs);
            this.logger.warn(`${where} failed (attempt ${attempt}/${this.retry.attempts}), retrying in ${wait} ms: ${errorMessage(e)}`);
            await this.pause(wait, beat);
          }
        }
        await beat();
      }
      return () => {
        this.metrics.consumed += applied;
        this.metrics.duplicates += duplicates;
        this.metrics.retries += retries;
      };
    });
  }

  /** Runs the handlers of one event, or one batch handler over a run of events (see `batchRuns`). */
  private async runHandlers(run: ParsedEvent[], tx: EntityManager): Promise<void> {
    const first = run[0] as ParsedEvent;
    await correlationStore.run({ correlationId: first.envelope.correlationId, eventId: first.envelope.id }, async () => {
      for (const h of first.handlers) {
        if (h.handleBatch) await h.handleBatch(run.map((e) => e.envelope), tx);
        else await h.handle(first.envelope, tx);
      }
    });
  }

  /** Runs `work` in a transaction on a dedicated connection; `work` returns what to do after commit. */
  private async inTransaction(work: (qr: QueryRunner) => Promise<() => void>): Promise<void> {
    const qr = this.options.dataSource.createQueryRunner();
    let broken: Error | undefined;
    try {
      try {
        await qr.connect();
        await qr.startTransaction();
      } catch (e) {
        broken = e as Error;
        throw new InfrastructureError(`cannot start transaction: ${errorMessage(e)}`, { cause: e });
      }
      let after: () => void;
      try {
        after = await work(qr);
      } catch (e) {
        try {
          if (qr.isTransactionActive) await qr.rollbackTransaction();
        } catch (re) {
          broken = re as Error;
        }
        throw e;
      }
      try {
        await qr.commitTransaction();
      } catch (e) {
        broken = e as Error;
        throw new InfrastructureError(`commit failed: ${errorMessage(e)}`, { cause: e });
      }
      after();
    } finally {
      await releaseQueryRunner(qr, broken).catch(() => undefined);
    }
  }

  private async pause(ms: number, beat: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      await sleep(Math.min(500, until - Date.now()));
      await beat();
    }
  }
}

/**
 * Splits events, in order, into runs: consecutive events whose only handler is the same batch handler form
 * one run; every other event is a run of its own.
 */
export function batchRuns<E extends { handlers: HandlerRegistration[] }>(events: E[]): E[][] {
  const runs: E[][] = [];
  let current: E[] = [];
  let owner: HandlerRegistration | undefined;
  for (const ev of events) {
    const only = ev.handlers.length === 1 && ev.handlers[0]?.handleBatch ? ev.handlers[0] : undefined;
    if (only && only === owner) {
      current.push(ev);
      continue;
    }
    if (current.length > 0) runs.push(current);
    current = [ev];
    owner = only;
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

const savepoint = async (qr: QueryRunner, sql: string): Promise<void> => {
  try {
    await qr.query(sql);
  } catch (e) {
    throw new InfrastructureError(`${sql} failed: ${errorMessage(e)}`, { cause: e });
  }
};

/** Heartbeats at most once a second (kafkajs throttles too, but this keeps the call cheap). */
const heartbeater = (ctx: BatchContext): (() => Promise<void>) => {
  let last = Date.now();
  return async () => {
    if (Date.now() - last < 1000) return;
    last = Date.now();
    try {
      await ctx.heartbeat();
    } catch {
      // a rebalance: isStale() will tell before the commit
    }
  };
};

/** `base` plus definitions it does not know (tests and services with private events). */
export const withDefinitions = (base: EventCatalog, defs: AnyEventDefinition[]): EventCatalog => {
  const missing = defs.filter((d) => !base.get(d.type));
  if (missing.length === 0) return base;
  const unique = new Map<string, AnyEventDefinition>();
  for (const d of [...base.all(), ...missing]) unique.set(d.type, d);
  return new EventCatalog(unique.values());
};
