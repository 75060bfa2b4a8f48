import { EventEmitter } from 'node:events';
import pg from 'pg';
import { consoleLogger, type MessagingLogger } from '../logger.js';
import { ident, LOCK_CLASS } from '../sql.js';
import { Signal, sleep } from '../util.js';
import type { BatchContext, Broker, ConsumedMessage, SubscribeOptions, Subscription, TopicRecords, TopicSpec } from './broker.js';
import { partitionForKey } from './partitioner.js';

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

interface MessageRow {
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  ts: Date;
}

/**
 * The broker of the embedded mode: a partitioned log in PostgreSQL tables (schema `broker`), so a restart
 * loses nothing, with subscribers woken in-process (EventEmitter) and by a slow poll. Same semantics as
 * Kafka for what the services rely on: key -> partition (murmur2), order per partition, consumer groups
 * with committed offsets, at-least-once redelivery of uncommitted batches, topics for dead letters.
 *
 * Group membership: members of a group in this process share the partitions (round robin, rebalanced
 * between batches); across processes a session advisory lock per (group, topic, partition) keeps a
 * partition with a single consumer (no cross-process balancing: the embedded mode is one process).
 */
export class InProcessBroker implements Broker {
  readonly kind = 'in-process' as const;
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly emitter = new EventEmitter();
  private readonly partitionCache = new Map<string, number>();
  private readonly members = new Set<Member>();
  private readonly roundRobin = new Map<string, number>();
  private ready?: Promise<void>;
  private closed = false;
  readonly defaultPartitions: number;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readonly logger: MessagingLogger;

  constructor(options: InProcessBrokerOptions) {
    this.schema = options.schema ?? 'broker';
    this.ownsPool = !options.pool;
    this.pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: 8 });
    this.pool.on('error', () => undefined); // idle client errors: the next query reconnects
    this.defaultPartitions = options.defaultPartitions ?? 6;
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.logger = options.logger ?? consoleLogger('in-process-broker');
    this.emitter.setMaxListeners(0);
  }

  private get t(): string {
    return ident(this.schema);
  }

  /** Creates the log tables if missing (idempotent, safe from several processes). Called on first use. */
  setup(): Promise<void> {
    this.ready ??= (async () => {
      const c = await this.pool.connect();
      try {
        await c.query('BEGIN');
        await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS.inProcessSetup, this.schema]);
        await c.query(`CREATE SCHEMA IF NOT EXISTS ${this.t}`);
        await c.query(`CREATE TABLE IF NOT EXISTS ${this.t}.partitions (
          topic text NOT NULL, partition int NOT NULL, next_offset bigint NOT NULL DEFAULT 0,
          PRIMARY KEY (topic, partition))`);
        await c.query(`CREATE TABLE IF NOT EXISTS ${this.t}.messages (
          topic text NOT NULL, partition int NOT NULL, "offset" bigint NOT NULL,
          key text, value bytea, headers jsonb NOT NULL DEFAULT '{}'::jsonb, ts timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (topic, partition, "offset"))`);
        await c.query(`CREATE TABLE IF NOT EXISTS ${this.t}.group_offsets (
          group_id text NOT NULL, topic text NOT NULL, partition int NOT NULL, next_offset bigint NOT NULL,
          PRIMARY KEY (group_id, topic, partition))`);
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        this.ready = undefined;
        throw e;
      } finally {
        c.release();
      }
    })();
    return this.ready;
  }

  async createTopics(topics: TopicSpec[]): Promise<void> {
    await this.setup();
    for (const t of topics) {
      await this.pool.query(
        `INSERT INTO ${this.t}.partitions (topic, partition) SELECT $1, p FROM generate_series(0, $2 - 1) p
         WHERE NOT EXISTS (SELECT 1 FROM ${this.t}.partitions WHERE topic = $1) ON CONFLICT DO NOTHING`,
        [t.topic, t.numPartitions ?? this.defaultPartitions],
      );
      this.partitionCache.delete(t.topic);
    }
  }

  async partitionCount(topic: string): Promise<number | undefined> {
    const cached = this.partitionCache.get(topic);
    if (cached) return cached;
    await this.setup();
    const r = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.t}.partitions WHERE topic = $1`, [topic]);
    const n = r.rows[0].n;
    if (n === 0) return undefined;
    this.partitionCache.set(topic, n);
    return n;
  }

  private async ensureTopic(topic: string): Promise<number> {
    let n = await this.partitionCount(topic);
    if (n === undefined) {
      await this.createTopics([{ topic }]);
      n = (await this.partitionCount(topic))!;
    }
    return n;
  }

  async publish(records: TopicRecords[]): Promise<void> {
    if (this.closed) throw new Error('broker closed');
    await this.setup();
    type Group = { topic: string; partition: number; keys: Array<string | null>; values: Array<Buffer | null>; headers: string[] };
    const groups = new Map<string, Group>();
    for (const r of records) {
      if (r.messages.length === 0) continue;
      const n = await this.ensureTopic(r.topic);
      for (const m of r.messages) {
        let partition: number;
        if (m.key !== null) partition = partitionForKey(m.key, n);
        else {
          const next = (this.roundRobin.get(r.topic) ?? 0) + 1;
          this.roundRobin.set(r.topic, next);
          partition = next % n;
        }
        const id = `${r.topic}\u0000${partition}`;
        let g = groups.get(id);
        if (!g) groups.set(id, (g = { topic: r.topic, partition, keys: [], values: [], headers: [] }));
        g.keys.push(m.key);
        g.values.push(m.value === null ? null : Buffer.isBuffer(m.value) ? m.value : Buffer.from(m.value));
        g.headers.push(JSON.stringify(m.headers ?? {}));
      }
    }
    if (groups.size === 0) return;
    // A fixed lock order (topic, partition) so concurrent publishers cannot deadlock.
    const ordered = [...groups.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
    const c = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await c.query('BEGIN');
      for (const g of ordered) {
        // The partition row lock is held to commit: offsets of a partition are assigned in commit order.
        await c.query(
          `WITH o AS (UPDATE ${this.t}.partitions SET next_offset = next_offset + $3 WHERE topic = $1 AND partition = $2 RETURNING next_offset - $3 AS base)
           INSERT INTO ${this.t}.messages (topic, partition, "offset", key, value, headers)
           SELECT $1, $2, o.base + u.ord - 1, u.k, u.v, u.h FROM o, unnest($4::text[], $5::bytea[], $6::jsonb[]) WITH ORDINALITY AS u(k, v, h, ord)`,
          [g.topic, g.partition, g.keys.length, g.keys, g.values, g.headers],
        );
      }
      await c.query('COMMIT');
    } catch (e) {
      broken = e as Error;
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release(broken);
    }
    for (const topic of new Set(ordered.map((g) => g.topic))) this.emitter.emit('published', topic);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.closed) throw new Error('broker closed');
    await this.setup();
    const member = new Member(this, this.pool, options, this.emitter, () => this.groupMembers(options.groupId));
    this.members.add(member);
    member.start();
    return {
      close: async () => {
        this.members.delete(member);
        await member.stop();
      },
    };
  }

  private groupMembers(groupId: string): Member[] {
    return [...this.members].filter((m) => m.groupId === groupId);
  }

  async readAll(topic: string): Promise<ConsumedMessage[]> {
    await this.setup();
    const r = await this.pool.query<MessageRow & { partition: number }>(
      `SELECT m.partition, m."offset"::text AS "offset", m.key, m.value, m.headers, m.ts FROM ${this.t}.messages m
       WHERE m.topic = $1 ORDER BY m.partition, m."offset"`,
      [topic],
    );
    return r.rows.map((m) => toConsumed(topic, m.partition, m));
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

  /** @internal used by members */
  tableName(name: string): string {
    return `${this.t}.${name}`;
  }
}

const toConsumed = (topic: string, partition: number, m: MessageRow): ConsumedMessage => ({
  topic,
  partition,
  offset: m.offset,
  key: m.key,
  value: m.value,
  headers: m.headers ?? {},
  timestamp: m.ts.getTime(),
});

let memberSeq = 0;

/** One subscription: owns some partitions of its topics and feeds their batches to the handler. */
class Member {
  readonly groupId: string;
  readonly id = ++memberSeq;
  private running = false;
  private loop?: Promise<void>;
  private client?: pg.PoolClient;
  private readonly owned = new Set<string>();
  private readonly wake = new Signal();
  private dirty = true;
  private readonly onPublished = (topic: string): void => {
    if (this.options.topics.includes(topic)) {
      this.dirty = true;
      this.wake.fire();
    }
  };

  constructor(
    private readonly broker: InProcessBroker,
    private readonly pool: pg.Pool,
    private readonly options: SubscribeOptions,
    private readonly emitter: EventEmitter,
    private readonly peers: () => Member[],
  ) {
    this.groupId = options.groupId;
  }

  start(): void {
    this.running = true;
    this.emitter.on('published', this.onPublished);
    // a new member changes the split: wake the others so they let partitions go
    for (const p of this.peers()) p.wake.fire();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.emitter.off('published', this.onPublished);
    this.wake.fire();
    await this.loop;
    await this.releaseAll();
    for (const p of this.peers()) p.wake.fire();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        this.dirty = false;
        const worked = await this.round();
        if (!worked && !this.dirty && this.running) await this.wake.wait(this.broker.pollIntervalMs);
      } catch (e) {
        this.broker.logger.error(`group ${this.groupId}: ${(e as Error).message}`);
        await this.releaseAll(e as Error);
        if (this.running) await sleep(1000);
      }
    }
  }

  /** One pass over the partitions this member should own. True when a batch was delivered. */
  private async round(): Promise<boolean> {
    const all: Array<{ topic: string; partition: number }> = [];
    for (const topic of [...this.options.topics].sort()) {
      const n = await this.broker.partitionCount(topic);
      for (let p = 0; p < (n ?? 0); p++) all.push({ topic, partition: p });
    }
    const peers = this.peers().sort((a, b) => a.id - b.id);
    const index = Math.max(0, peers.indexOf(this));
    const mine = all.filter((_, i) => i % Math.max(1, peers.length) === index);
    const mineIds = new Set(mine.map((tp) => `${tp.topic}\u0000${tp.partition}`));
    const client = await this.lockClient();
    for (const id of [...this.owned]) {
      if (!mineIds.has(id)) {
        const [topic, partition] = id.split('\u0000');
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS.inProcessPartition, lockName(this.groupId, topic, Number(partition))]);
        this.owned.delete(id);
      }
    }
    let worked = false;
    for (const tp of mine) {
      if (!this.running) break;
      const id = `${tp.topic}\u0000${tp.partition}`;
      if (!this.owned.has(id)) {
        const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
          LOCK_CLASS.inProcessPartition, lockName(this.groupId, tp.topic, tp.partition),
        ]);
        if (!r.rows[0].ok) continue; // consumed by another process
        this.owned.add(id);
      }
      if (await this.deliver(tp.topic, tp.partition)) worked = true;
    }
    return worked;
  }

  private async deliver(topic: string, partition: number): Promise<boolean> {
    const committed = await this.committedOffset(topic, partition);
    const r = await this.pool.query<MessageRow>(
      `SELECT m."offset"::text AS "offset", m.key, m.value, m.headers, m.ts FROM ${this.broker.tableName('messages')} m
       WHERE m.topic = $1 AND m.partition = $2 AND m."offset" >= $3 ORDER BY m."offset" LIMIT $4`,
      [topic, partition, committed, this.broker.batchSize],
    );
    if (r.rows.length === 0) return false;
    const ctx: BatchContext = {
      heartbeat: async () => undefined,
      isRunning: () => this.running,
      isStale: () => false,
      commit: async (nextOffset) => {
        await this.pool.query(
          `INSERT INTO ${this.broker.tableName('group_offsets')} (group_id, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
           ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset`,
          [this.groupId, topic, partition, nextOffset],
        );
      },
    };
    try {
      await this.options.handler({ topic, partition, messages: r.rows.map((m) => toConsumed(topic, partition, m)) }, ctx);
    } catch (e) {
      // Same as Kafka: the batch is delivered again from the committed offset.
      this.broker.logger.error(`group ${this.groupId} ${topic}/${partition}: handler failed, redelivering: ${(e as Error).message}`);
      await sleep(1000);
    }
    return true;
  }

  private async committedOffset(topic: string, partition: number): Promise<string> {
    const r = await this.pool.query<{ next_offset: string }>(
      `SELECT next_offset::text AS next_offset FROM ${this.broker.tableName('group_offsets')} WHERE group_id = $1 AND topic = $2 AND partition = $3`,
      [this.groupId, topic, partition],
    );
    if (r.rows[0]) return r.rows[0].next_offset;
    if (this.options.fromBeginning ?? true) return '0';
    // Start at the current end, and remember it so later batches are not skipped.
    const end = await this.pool.query<{ next_offset: string }>(
      `INSERT INTO ${this.broker.tableName('group_offsets')} (group_id, topic, partition, next_offset)
       SELECT $1, $2, $3, next_offset FROM ${this.broker.tableName('partitions')} WHERE topic = $2 AND partition = $3
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = ${this.broker.tableName('group_offsets')}.next_offset
       RETURNING next_offset::text AS next_offset`,
      [this.groupId, topic, partition],
    );
    return end.rows[0]?.next_offset ?? '0';
  }

  private async lockClient(): Promise<pg.PoolClient> {
    if (!this.client) this.client = await this.pool.connect();
    return this.client;
  }

  private async releaseAll(error?: Error): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    let broken = error;
    if (!broken) {
      try {
        await client.query('SELECT pg_advisory_unlock_all()');
      } catch (e) {
        broken = e as Error;
      }
    }
    this.owned.clear();
    // Released with an error the connection is destroyed, and its session locks with it.
    client.release(broken ?? undefined);
  }
}

const lockName = (group: string, topic: string, partition: number): string => `${group}|${topic}|${partition}`;
