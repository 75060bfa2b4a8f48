import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedRow, preparedRows } from '../../shared/db.js';

export type MrpRunState = 'running' | 'done' | 'failed' | 'interrupted';
export type MrpRunPhase = 'reading' | 'planning' | 'writing' | 'finished';

export interface MrpRunRow {
  id: string;
  state: MrpRunState;
  cause: string;
  phase: MrpRunPhase;
  /** Twice the product-sites: each is read once, then written once. */
  total: number;
  done: number;
  suggestions: number;
  requirements: number;
  messages: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

const COLS = `id, state, cause, phase, total, done, suggestions, requirements, messages, error,
  to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "startedAt",
  to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "finishedAt"`;

/** Regenerative MRP runs, as the sweep's runs (decision planning-013): at most one running, read back while it runs. */
@Injectable()
export class MrpRunsRepository {
  /** A running run of `sites` product-sites; undefined when one is running already. */
  create(tx: EntityManager, run: { id: string; cause: string; sites: number }): Promise<MrpRunRow | undefined> {
    return preparedRow<MrpRunRow>(
      tx,
      `INSERT INTO planning.mrp_runs (id, state, cause, total) VALUES ($1, 'running', $2, $3)
       ON CONFLICT ((true)) WHERE state = 'running' DO NOTHING RETURNING ${COLS}`,
      [run.id, run.cause, run.sites * 2],
    );
  }

  byId(tx: EntityManager, id: string): Promise<MrpRunRow | undefined> {
    return preparedRow<MrpRunRow>(tx, `SELECT ${COLS} FROM planning.mrp_runs WHERE id = $1`, [id]);
  }

  running(tx: EntityManager): Promise<MrpRunRow | undefined> {
    return preparedRow<MrpRunRow>(tx, `SELECT ${COLS} FROM planning.mrp_runs WHERE state = 'running'`);
  }

  list(tx: EntityManager, limit: number, offset: number): Promise<MrpRunRow[]> {
    return preparedRows<MrpRunRow>(tx, `SELECT ${COLS} FROM planning.mrp_runs ORDER BY started_at DESC, id LIMIT $1 OFFSET $2`, [limit, offset]);
  }

  /** Adds `done` steps (a chunk read or written) and what it wrote; sets the phase. */
  async progress(tx: EntityManager, id: string, p: { phase: MrpRunPhase; done?: number; suggestions?: number; requirements?: number; messages?: number }): Promise<void> {
    await preparedRows(
      tx,
      `UPDATE planning.mrp_runs SET phase = $2, done = done + $3, suggestions = suggestions + $4, requirements = requirements + $5, messages = messages + $6
       WHERE id = $1 AND state = 'running'`,
      [id, p.phase, p.done ?? 0, p.suggestions ?? 0, p.requirements ?? 0, p.messages ?? 0],
    );
  }

  async finish(tx: EntityManager, id: string, state: Exclude<MrpRunState, 'running'>, error?: string): Promise<void> {
    await preparedRows(
      tx,
      `UPDATE planning.mrp_runs SET state = $2, phase = 'finished', error = $3, finished_at = now() WHERE id = $1 AND state = 'running'`,
      [id, state, error ?? null],
    );
  }
}
