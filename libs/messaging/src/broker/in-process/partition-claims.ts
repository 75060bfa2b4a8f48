import type pg from 'pg';
import { LOCK_CLASS } from '../../sql.js';
import { partitionId, type TopicPartition } from './group-assignment.js';

// Advisory locks are database-wide: the schema is part of the name, so brokers in other schemas of one database (a
// test's, another checkout's) never hold each other's partitions.
const lockName = (schema: string, group: string, topic: string, partition: number): string =>
  `${schema}|${group}|${topic}|${partition}`;

/**
 * The partitions one member consumes, each held by a session advisory lock per (schema, group, topic, partition) on a
 * connection of its own, so that across processes a partition has one consumer (no cross-process balancing: the
 * embedded mode is one process).
 */
export class PartitionClaims {
  private client?: pg.PoolClient;
  private readonly owned = new Set<string>();

  constructor(private readonly pool: pg.Pool, private readonly schema: string, private readonly groupId: string) {}

  /** Lets go of every claimed partition not in `keep`. */
  async releaseOthers(keep: ReadonlySet<string>): Promise<void> {
    const client = await this.lockClient();
    for (const id of [...this.owned]) {
      if (!keep.has(id)) {
        const [topic, partition] = id.split('\u0000');
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS.inProcessPartition, lockName(this.schema, this.groupId, topic, Number(partition))]);
        this.owned.delete(id);
      }
    }
  }

  /** True when this member holds the partition (now or already); false while another process consumes it. */
  async claim(tp: TopicPartition): Promise<boolean> {
    const id = partitionId(tp);
    if (this.owned.has(id)) return true;
    const client = await this.lockClient();
    const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
      LOCK_CLASS.inProcessPartition, lockName(this.schema, this.groupId, tp.topic, tp.partition),
    ]);
    if (!r.rows[0].ok) return false;
    this.owned.add(id);
    return true;
  }

  /** Lets go of every partition: unlocks them, or with `error` (the connection may be broken) destroys the connection and its locks with it. */
  async releaseAll(error?: Error): Promise<void> {
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

  private async lockClient(): Promise<pg.PoolClient> {
    if (!this.client) this.client = await this.pool.connect();
    return this.client;
  }
}
