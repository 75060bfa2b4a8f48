import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedRow, preparedRows } from '../../shared/db.js';

export type SweepState = 'running' | 'done' | 'interrupted';

export interface SweepRunRow {
  id: string;
  state: SweepState;
  cause: string;
  total: number;
  done: number;
  ordered: number;
  failed: number;
  changedDraftIds: string[];
  startedAt: string;
  finishedAt: string | null;
}

/**
 * What a transaction claimed: one chunk planned at the start, or (`orders`) the ordering chunks of several read-only
 * ones, their keys in sweep order (decision planning-019).
 */
export interface ClaimedChunks {
  nos: number[];
  serial: boolean;
  orders: boolean;
  keys: { productId: string; warehouseId: string }[];
}

/** An ordering chunk's number: its read-only chunk's, past every planned one (so they keep the sweep's order). */
const ORDERING_NO = 1_000_000_000;

type ChunkRow = { no: number; serial: boolean; productIds: string[]; warehouseIds: string[] };
const keysOf = (rows: ChunkRow[]) => rows.flatMap((r) => r.productIds.map((productId, i) => ({ productId, warehouseId: r.warehouseIds[i] as string })));

const RUN_COLS = `id, state, cause, total, done, ordered, failed, changed_draft_ids::text[] AS "changedDraftIds",
  to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "startedAt",
  to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "finishedAt"`;

/** Sweep runs and their chunks (decision planning-013). */
@Injectable()
export class SweepRunRepository {
  /**
   * Creates a running run over every automatic rule, with its chunks, in one statement (one snapshot of the rules;
   * the keys never travel through Node): the keys of `bomProducts` first, as serial chunks, then the others, each
   * group in sweep order (product, warehouse). A product's keys stay in one chunk: a key goes to the chunk of its
   * product's first key, chunk c holding the products whose first key is among the group's keys c * size to
   * (c + 1) * size - 1 (decision planning-013, addendum). The windows follow the rules' unique index (product,
   * warehouse), so no text is sorted. Undefined when a run is running already (one at most).
   */
  create(tx: EntityManager, run: { id: string; cause: string }, bomProducts: readonly string[], size: number): Promise<SweepRunRow | undefined> {
    return preparedRow<SweepRunRow>(
      tx,
      `WITH k AS NOT MATERIALIZED (
         SELECT product_id, warehouse_id, product_id = ANY($3::text[]) AS serial FROM planning.reordering_rules WHERE trigger = 'automatic'),
       run AS (
         INSERT INTO planning.sweep_runs (id, state, cause, total, finished_at)
         SELECT $1::uuid, CASE WHEN t.n = 0 THEN 'done' ELSE 'running' END, $2::text, t.n, CASE WHEN t.n = 0 THEN now() END
         FROM (SELECT count(*)::int AS n FROM k) t
         ON CONFLICT ((true)) WHERE state = 'running' DO NOTHING RETURNING ${RUN_COLS}),
       placed AS (
         SELECT product_id, warehouse_id, serial, row_number() OVER w - 1 AS i, sum(serial::int) OVER w AS s,
           row_number() OVER (PARTITION BY product_id ORDER BY warehouse_id) - 1 AS j
         FROM k WINDOW w AS (ORDER BY product_id, warehouse_id ROWS UNBOUNDED PRECEDING)),
       cut AS (
         -- i - j: the product's first key in sweep order; less the keys of the other group before it
         SELECT product_id, warehouse_id, serial, i, (CASE WHEN serial THEN s - 1 ELSE i - s END - j) / $4::int AS c FROM placed),
       chunks AS (
         INSERT INTO planning.sweep_chunks (sweep_id, no, serial, product_ids, warehouse_ids)
         SELECT $1::uuid, row_number() OVER (ORDER BY serial DESC, c), serial, array_agg(product_id ORDER BY i), array_agg(warehouse_id ORDER BY i)
         FROM cut WHERE EXISTS (SELECT 1 FROM run) GROUP BY serial, c)
       SELECT * FROM run`,
      [run.id, run.cause, bomProducts, size],
    );
  }

  byId(tx: EntityManager, id: string): Promise<SweepRunRow | undefined> {
    return preparedRow<SweepRunRow>(tx, `SELECT ${RUN_COLS} FROM planning.sweep_runs WHERE id = $1`, [id]);
  }

  running(tx: EntityManager): Promise<SweepRunRow | undefined> {
    return preparedRow<SweepRunRow>(tx, `SELECT ${RUN_COLS} FROM planning.sweep_runs WHERE state = 'running'`);
  }

  /** The most recent runs first. */
  list(tx: EntityManager, limit: number, offset: number): Promise<SweepRunRow[]> {
    return preparedRows<SweepRunRow>(tx, `SELECT ${RUN_COLS} FROM planning.sweep_runs ORDER BY started_at DESC, id LIMIT $1 OFFSET $2`, [limit, offset]);
  }

  /**
   * Claims the next chunk this replica may evaluate, row-locked until `tx` ends (another replica skips it): the
   * first not done that no other transaction holds, a serial one only when every earlier serial chunk is done.
   */
  async claim(tx: EntityManager, sweepId: string): Promise<ClaimedChunks | undefined> {
    const row = await preparedRow<ChunkRow>(
      tx,
      `SELECT c.no, c.serial, c.product_ids AS "productIds", c.warehouse_ids AS "warehouseIds" FROM planning.sweep_chunks c
       WHERE c.sweep_id = $1 AND NOT c.done AND NOT c.orders
         AND (NOT c.serial OR NOT EXISTS (SELECT 1 FROM planning.sweep_chunks e WHERE e.sweep_id = c.sweep_id AND e.serial AND NOT e.done AND e.no < c.no))
       ORDER BY c.no LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [sweepId],
    );
    return row && { nos: [row.no], serial: row.serial, orders: false, keys: keysOf([row]) };
  }

  /**
   * Claims ordering chunks of the run, in sweep order, up to about `size` keys, when at least `atLeast` keys wait in
   * them; one transaction of all replicas at a time claims them (they would mostly wait on each other's draft keys):
   * undefined while another holds some.
   */
  async claimOrdering(tx: EntityManager, sweepId: string, size: number, atLeast: number): Promise<ClaimedChunks | undefined> {
    const rows = await preparedRows<ChunkRow>(
      tx,
      `WITH pending AS (
         SELECT no, cardinality(product_ids) AS n, sum(cardinality(product_ids)) OVER (ORDER BY no) AS upto
         FROM planning.sweep_chunks WHERE sweep_id = $1 AND orders AND NOT done)
       SELECT c.no, c.serial, c.product_ids AS "productIds", c.warehouse_ids AS "warehouseIds"
       FROM planning.sweep_chunks c JOIN pending p ON p.no = c.no
       WHERE c.sweep_id = $1 AND NOT c.done AND (p.upto - p.n = 0 OR p.upto <= $2)
         AND (SELECT max(upto) FROM pending) >= $3 AND pg_try_advisory_xact_lock(hashtext('planning-sweep-ordering:' || $1::text))
       ORDER BY c.no FOR UPDATE OF c SKIP LOCKED`,
      [sweepId, size, atLeast],
    );
    return rows.length > 0 ? { nos: rows.map((r) => r.no), serial: false, orders: true, keys: keysOf(rows) } : undefined;
  }

  /** Stores the keys a read-only chunk found ordering as its ordering chunk. */
  async addOrdering(tx: EntityManager, sweepId: string, no: number, keys: readonly { productId: string; warehouseId: string }[]): Promise<void> {
    await preparedRows(
      tx,
      `INSERT INTO planning.sweep_chunks (sweep_id, no, serial, orders, product_ids, warehouse_ids) VALUES ($1, $2, false, true, $3::text[], $4::text[])`,
      [sweepId, ORDERING_NO + no, keys.map((k) => k.productId), keys.map((k) => k.warehouseId)],
    );
  }

  /** Whether chunks are left (claimed by another replica, or waiting for an earlier serial one). */
  async hasPending(tx: EntityManager, sweepId: string): Promise<boolean> {
    return (await preparedRows(tx, `SELECT 1 FROM planning.sweep_chunks WHERE sweep_id = $1 AND NOT done LIMIT 1`, [sweepId])).length > 0;
  }

  /**
   * Marks claimed chunks done and adds what they did to their run; the run is done with its last chunk, finished as
   * that chunk's work ends (clock_timestamp: now() is its transaction's start, before the chunk's work).
   */
  async finishChunk(tx: EntityManager, sweepId: string, nos: readonly number[], r: { evaluated: number; ordered: number; failed: number; changedDraftIds: string[] }): Promise<void> {
    await preparedRows(
      tx,
      `WITH u AS (UPDATE planning.sweep_chunks SET done = true WHERE sweep_id = $1 AND no = ANY($2::int[]) AND NOT done RETURNING sweep_id),
         c AS (SELECT DISTINCT sweep_id FROM u)
       UPDATE planning.sweep_runs r SET done = r.done + $3, ordered = r.ordered + $4, failed = r.failed + $5,
         changed_draft_ids = ARRAY(SELECT DISTINCT x FROM unnest(r.changed_draft_ids || $6::uuid[]) AS x),
         state = CASE WHEN r.done + $3 >= r.total AND r.state = 'running' THEN 'done' ELSE r.state END,
         finished_at = CASE WHEN r.done + $3 >= r.total THEN clock_timestamp() ELSE r.finished_at END
       FROM c WHERE r.id = c.sweep_id`,
      [sweepId, nos, r.evaluated, r.ordered, r.failed, r.changedDraftIds],
    );
  }

  async markInterrupted(tx: EntityManager, id: string): Promise<void> {
    await preparedRows(tx, `UPDATE planning.sweep_runs SET state = 'interrupted', finished_at = now() WHERE id = $1 AND state = 'running'`, [id]);
  }
}
