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

/** A chunk of a sweep: its keys in sweep order; a serial chunk waits until every earlier serial chunk is done. */
export interface SweepChunk {
  no: number;
  serial: boolean;
  keys: { productId: string; warehouseId: string }[];
}

const RUN_COLS = `id, state, cause, total, done, ordered, failed, changed_draft_ids::text[] AS "changedDraftIds",
  to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "startedAt",
  to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "finishedAt"`;

/** Sweep runs and their chunks (decision planning-013). */
@Injectable()
export class SweepRunRepository {
  /** Creates a running run with its chunks; undefined when a run is running already (one at most). */
  async create(tx: EntityManager, run: { id: string; cause: string; total: number }, chunks: readonly SweepChunk[]): Promise<SweepRunRow | undefined> {
    const created = await preparedRow<SweepRunRow>(
      tx,
      `INSERT INTO planning.sweep_runs (id, state, cause, total, finished_at)
       VALUES ($1, CASE WHEN $3::int = 0 THEN 'done' ELSE 'running' END, $2, $3, CASE WHEN $3::int = 0 THEN now() END)
       ON CONFLICT ((true)) WHERE state = 'running' DO NOTHING RETURNING ${RUN_COLS}`,
      [run.id, run.cause, run.total],
    );
    if (!created || chunks.length === 0) return created;
    await preparedRows(
      tx,
      `INSERT INTO planning.sweep_chunks (sweep_id, no, serial, product_ids, warehouse_ids)
       SELECT $1, c.no, c.serial, ARRAY(SELECT jsonb_array_elements_text(c.p)), ARRAY(SELECT jsonb_array_elements_text(c.w))
       FROM jsonb_to_recordset($2::jsonb) AS c(no int, serial boolean, p jsonb, w jsonb)`,
      [run.id, JSON.stringify(chunks.map((c) => ({ no: c.no, serial: c.serial, p: c.keys.map((k) => k.productId), w: c.keys.map((k) => k.warehouseId) })))],
    );
    return created;
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

  /** Products made by a BOM or listed as components: an order of one changes another product's position. */
  async bomProducts(tx: EntityManager): Promise<Set<string>> {
    const rows = await preparedRows<{ id: string }>(
      tx,
      `SELECT product_id AS id FROM planning.boms UNION SELECT e.c->>'productId' FROM planning.boms b CROSS JOIN LATERAL jsonb_array_elements(b.components) AS e(c)`,
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Claims the next chunk this replica may evaluate, row-locked until `tx` ends (another replica skips it): the
   * first not done that no other transaction holds, a serial one only when every earlier serial chunk is done.
   */
  async claim(tx: EntityManager, sweepId: string, no?: number): Promise<SweepChunk | undefined> {
    const row = await preparedRow<{ no: number; serial: boolean; productIds: string[]; warehouseIds: string[] }>(
      tx,
      `SELECT c.no, c.serial, c.product_ids AS "productIds", c.warehouse_ids AS "warehouseIds" FROM planning.sweep_chunks c
       WHERE c.sweep_id = $1 AND NOT c.done AND ($2::int IS NULL OR c.no = $2)
         AND (NOT c.serial OR NOT EXISTS (SELECT 1 FROM planning.sweep_chunks e WHERE e.sweep_id = c.sweep_id AND e.serial AND NOT e.done AND e.no < c.no))
       ORDER BY c.no LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [sweepId, no ?? null],
    );
    if (!row) return undefined;
    return { no: row.no, serial: row.serial, keys: row.productIds.map((productId, i) => ({ productId, warehouseId: row.warehouseIds[i] as string })) };
  }

  /** Whether chunks are left (claimed by another replica, or waiting for an earlier serial one). */
  async hasPending(tx: EntityManager, sweepId: string): Promise<boolean> {
    return (await preparedRows(tx, `SELECT 1 FROM planning.sweep_chunks WHERE sweep_id = $1 AND NOT done LIMIT 1`, [sweepId])).length > 0;
  }

  /** Marks a claimed chunk done and adds what it did to its run; the run is done with its last chunk. */
  async finishChunk(tx: EntityManager, sweepId: string, no: number, r: { evaluated: number; ordered: number; failed: number; changedDraftIds: string[] }): Promise<void> {
    await preparedRows(
      tx,
      `WITH c AS (UPDATE planning.sweep_chunks SET done = true WHERE sweep_id = $1 AND no = $2 AND NOT done RETURNING sweep_id)
       UPDATE planning.sweep_runs r SET done = r.done + $3, ordered = r.ordered + $4, failed = r.failed + $5,
         changed_draft_ids = ARRAY(SELECT DISTINCT x FROM unnest(r.changed_draft_ids || $6::uuid[]) AS x),
         state = CASE WHEN r.done + $3 >= r.total AND r.state = 'running' THEN 'done' ELSE r.state END,
         finished_at = CASE WHEN r.done + $3 >= r.total THEN now() ELSE r.finished_at END
       FROM c WHERE r.id = c.sweep_id`,
      [sweepId, no, r.evaluated, r.ordered, r.failed, r.changedDraftIds],
    );
  }

  async markInterrupted(tx: EntityManager, id: string): Promise<void> {
    await preparedRows(tx, `UPDATE planning.sweep_runs SET state = 'interrupted', finished_at = now() WHERE id = $1 AND state = 'running'`, [id]);
  }
}
