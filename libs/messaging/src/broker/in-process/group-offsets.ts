import type pg from 'pg';
import type { LogTables } from './ddl.js';

/** The offsets consumer groups committed, per (group, topic, partition). */
export class GroupOffsets {
  constructor(private readonly pool: pg.Pool, private readonly t: LogTables) {}

  /**
   * Where the group goes on in a partition: its committed offset; without one, the partition's start, or (not
   * `fromBeginning`) its current end, which is then committed so later batches are not skipped.
   */
  async committed(groupId: string, topic: string, partition: number, fromBeginning: boolean): Promise<string> {
    const r = await this.pool.query<{ next_offset: string }>(
      `SELECT next_offset::text AS next_offset FROM ${this.t.groupOffsets} WHERE group_id = $1 AND topic = $2 AND partition = $3`,
      [groupId, topic, partition],
    );
    if (r.rows[0]) return r.rows[0].next_offset;
    if (fromBeginning) return '0';
    const end = await this.pool.query<{ next_offset: string }>(
      `INSERT INTO ${this.t.groupOffsets} (group_id, topic, partition, next_offset)
       SELECT $1, $2, $3, next_offset FROM ${this.t.partitions} WHERE topic = $2 AND partition = $3
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = ${this.t.groupOffsets}.next_offset
       RETURNING next_offset::text AS next_offset`,
      [groupId, topic, partition],
    );
    return end.rows[0]?.next_offset ?? '0';
  }

  async commit(groupId: string, topic: string, partition: number, nextOffset: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.t.groupOffsets} (group_id, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset`,
      [groupId, topic, partition, nextOffset],
    );
  }
}
