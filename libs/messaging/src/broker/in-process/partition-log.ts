import type pg from 'pg';
import type { ConsumedMessage, TopicSpec } from '../broker.js';
import type { LogTables } from './ddl.js';

/** Records bound for one partition, in publish order. */
export interface PartitionAppend {
  topic: string;
  partition: number;
  keys: Array<string | null>;
  values: Array<Buffer | null>;
  /** Each record's headers as JSON. */
  headers: string[];
}

interface MessageRow {
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  ts: Date;
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

/** The topics, their partitions and messages in the log's tables (which must exist: `createLogTables`). */
export class PartitionLog {
  /**
   * Partition count per topic: read once, since a topic's count never changes once it exists (`createTopics`
   * leaves existing topics alone), and asked for on every publish and every member's round. One entry per topic,
   * and the topics are the few the services declare.
   */
  private readonly partitionCounts = new Map<string, number>();

  constructor(private readonly pool: pg.Pool, private readonly t: LogTables, private readonly defaultPartitions: number) {}

  async createTopics(topics: TopicSpec[]): Promise<void> {
    for (const t of topics) {
      await this.pool.query(
        `INSERT INTO ${this.t.partitions} (topic, partition) SELECT $1, p FROM generate_series(0, $2 - 1) p
         WHERE NOT EXISTS (SELECT 1 FROM ${this.t.partitions} WHERE topic = $1) ON CONFLICT DO NOTHING`,
        [t.topic, t.numPartitions ?? this.defaultPartitions],
      );
      this.partitionCounts.delete(t.topic);
    }
  }

  /** Partition count of an existing topic, or undefined when it does not exist. */
  async partitionCount(topic: string): Promise<number | undefined> {
    const cached = this.partitionCounts.get(topic);
    if (cached) return cached;
    const r = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.t.partitions} WHERE topic = $1`, [topic]);
    const n = r.rows[0].n;
    if (n === 0) return undefined;
    this.partitionCounts.set(topic, n);
    return n;
  }

  /** Partition count of a topic, created with the default count if missing (as on first publish). */
  async ensureTopic(topic: string): Promise<number> {
    let n = await this.partitionCount(topic);
    if (n === undefined) {
      await this.createTopics([{ topic }]);
      n = (await this.partitionCount(topic))!;
    }
    return n;
  }

  /** Appends the records in one transaction; each partition's get the next offsets, in commit order. */
  async append(appends: PartitionAppend[]): Promise<void> {
    // A fixed lock order (topic, partition) so concurrent publishers cannot deadlock.
    const ordered = [...appends].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
    const c = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await c.query('BEGIN');
      for (const g of ordered) {
        // The partition row lock is held to commit: offsets of a partition are assigned in commit order.
        await c.query(
          `WITH o AS (UPDATE ${this.t.partitions} SET next_offset = next_offset + $3 WHERE topic = $1 AND partition = $2 RETURNING next_offset - $3 AS base)
           INSERT INTO ${this.t.messages} (topic, partition, "offset", key, value, headers)
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
  }

  /** Up to `limit` messages of a partition from offset `from` on, in offset order. */
  async read(topic: string, partition: number, from: string, limit: number): Promise<ConsumedMessage[]> {
    const r = await this.pool.query<MessageRow>(
      `SELECT m."offset"::text AS "offset", m.key, m.value, m.headers, m.ts FROM ${this.t.messages} m
       WHERE m.topic = $1 AND m.partition = $2 AND m."offset" >= $3 ORDER BY m."offset" LIMIT $4`,
      [topic, partition, from, limit],
    );
    return r.rows.map((m) => toConsumed(topic, partition, m));
  }

  /** Every message of a topic, in offset order per partition. */
  async readAll(topic: string): Promise<ConsumedMessage[]> {
    const r = await this.pool.query<MessageRow & { partition: number }>(
      `SELECT m.partition, m."offset"::text AS "offset", m.key, m.value, m.headers, m.ts FROM ${this.t.messages} m
       WHERE m.topic = $1 ORDER BY m.partition, m."offset"`,
      [topic],
    );
    return r.rows.map((m) => toConsumed(topic, m.partition, m));
  }
}
