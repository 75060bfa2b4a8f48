import type pg from 'pg';
import { ident, LOCK_CLASS } from '../../sql.js';

/** The log's tables in a schema, quoted. */
export interface LogTables {
  schema: string;
  /** (topic, partition, next_offset): a topic's partitions, and the offset its next message gets. */
  partitions: string;
  /** (topic, partition, offset, key, value, headers, ts): the log. */
  messages: string;
  /** (group_id, topic, partition, next_offset): each group's committed offsets. */
  groupOffsets: string;
}

export const logTables = (schema: string): LogTables => {
  const s = ident(schema);
  return { schema, partitions: `${s}.partitions`, messages: `${s}.messages`, groupOffsets: `${s}.group_offsets` };
};

/**
 * Creates the log's schema and tables if missing (decision messaging-002). Idempotent and safe from several
 * processes: a transaction lock per schema lets one create them while the others wait and find them made.
 */
export async function createLogTables(pool: pg.Pool, t: LogTables): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS.inProcessSetup, t.schema]);
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${ident(t.schema)}`);
    await c.query(`CREATE TABLE IF NOT EXISTS ${t.partitions} (
      topic text NOT NULL, partition int NOT NULL, next_offset bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (topic, partition))`);
    await c.query(`CREATE TABLE IF NOT EXISTS ${t.messages} (
      topic text NOT NULL, partition int NOT NULL, "offset" bigint NOT NULL,
      key text, value bytea, headers jsonb NOT NULL DEFAULT '{}'::jsonb, ts timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (topic, partition, "offset"))`);
    await c.query(`CREATE TABLE IF NOT EXISTS ${t.groupOffsets} (
      group_id text NOT NULL, topic text NOT NULL, partition int NOT NULL, next_offset bigint NOT NULL,
      PRIMARY KEY (group_id, topic, partition))`);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}
