import { EventEmitter } from 'node:events';
import pg from 'pg';
import { consoleLogger, type MessagingLogger } from '../logger.js';
import type { Broker, ConsumedMessage, GroupMembership, SubscribeOptions, Subscription, TopicRecords, TopicSpec } from './broker.js';
import { createLogTables, logTables } from './in-process/ddl.js';
import { GroupOffsets } from './in-process/group-offsets.js';
import { Member } from './in-process/member.js';
import { PartitionLog } from './in-process/partition-log.js';
import { RecordPartitioner } from './in-process/record-partitioner.js';

export interface InProcessBrokerOptions {
  /** PostgreSQL holding the log (the embedded server in `npm start`). Ignored when `pool` is given. */
  connectionString?: string;
  /** Use this pool instead of opening one (it is not closed by `close()`). */
  pool?: pg.Pool;
  /** Schema of the log tables. Default `broker`. */
  schema?: string;
  /** Partitions of topics created implicitly (first publish or subscribe). Default 6. */
  defaultPartitions?: number;
  /** Messages per delivered batch. Default 500. */
  batchSize?: number;
  /** Fallback poll (publishers in other processes). Default 500 ms. */
  pollIntervalMs?: number;
  logger?: MessagingLogger;
}

/**
 * Connections of a pool the broker opens itself: each member (one per consumer group in the embedded system,
 * three) holds one for its partition locks; publishes, reads and offset commits borrow one per statement or
 * publish, and the rest are enough for those.
 */
const OWN_POOL_SIZE = 8;

/**
 * The broker of the embedded mode: a partitioned log in PostgreSQL tables (schema `broker`, `in-process/ddl.ts`),
 * so a restart loses nothing, with subscribers woken in-process (EventEmitter) and by a slow poll. Same semantics
 * as Kafka for what the services rely on: key -> partition (murmur2), order per partition, consumer groups
 * with committed offsets, at-least-once redelivery of uncommitted batches, topics for dead letters.
 *
 * Group membership (`in-process/member.ts`): members of a group in this process share the partitions (round
 * robin, rebalanced between batches); across processes a session advisory lock per (group, topic, partition)
 * keeps a partition with a single consumer (no cross-process balancing: the embedded mode is one process).
 */
export class InProcessBroker implements Broker {
  readonly kind = 'in-process' as const;
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly published = new EventEmitter();
  private readonly log: PartitionLog;
  private readonly offsets: GroupOffsets;
  private readonly partitioner = new RecordPartitioner();
  private readonly members = new Set<Member>();
  private ready?: Promise<void>;
  private closed = false;
  readonly defaultPartitions: number;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readonly logger: MessagingLogger;

  constructor(options: InProcessBrokerOptions) {
    this.schema = options.schema ?? 'broker';
    this.ownsPool = !options.pool;
    this.pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: OWN_POOL_SIZE });
    this.pool.on('error', () => undefined); // idle client errors: the next query reconnects
    this.defaultPartitions = options.defaultPartitions ?? 6;
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.logger = options.logger ?? consoleLogger('in-process-broker');
    this.published.setMaxListeners(0);
    const tables = logTables(this.schema);
    this.log = new PartitionLog(this.pool, tables, this.defaultPartitions);
    this.offsets = new GroupOffsets(this.pool, tables);
  }

  /** Creates the log tables if missing (idempotent, safe from several processes). Called on first use. */
  setup(): Promise<void> {
    this.ready ??= createLogTables(this.pool, logTables(this.schema)).catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  async createTopics(topics: TopicSpec[]): Promise<void> {
    await this.setup();
    await this.log.createTopics(topics);
  }

  async partitionCount(topic: string): Promise<number | undefined> {
    await this.setup();
    return this.log.partitionCount(topic);
  }

  async publish(records: TopicRecords[]): Promise<void> {
    if (this.closed) throw new Error('broker closed');
    await this.setup();
    const appends = await this.partitioner.assign(records, (topic) => this.log.ensureTopic(topic));
    if (appends.length === 0) return;
    await this.log.append(appends);
    for (const topic of new Set(appends.map((a) => a.topic))) this.published.emit('published', topic);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.closed) throw new Error('broker closed');
    await this.setup();
    const member = new Member({
      pool: this.pool, schema: this.schema, log: this.log, offsets: this.offsets, published: this.published,
      peers: (groupId) => [...this.members].filter((m) => m.groupId === groupId),
      batchSize: this.batchSize, pollIntervalMs: this.pollIntervalMs, logger: this.logger,
    }, options);
    this.members.add(member);
    member.start();
    // A member of its group from the start: the log's offsets are shared rows, there is no join to wait for.
    let membership: GroupMembership = { state: 'member', since: Date.now() };
    return {
      close: async () => {
        this.members.delete(member);
        await member.stop();
        membership = { state: 'left', since: Date.now() };
      },
      membership: () => membership,
    };
  }

  async readAll(topic: string): Promise<ConsumedMessage[]> {
    await this.setup();
    return this.log.readAll(topic);
  }

  async healthCheck(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return !this.closed;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const members = [...this.members];
    this.members.clear();
    await Promise.all(members.map((m) => m.stop()));
    if (this.ownsPool) await this.pool.end();
  }
}
