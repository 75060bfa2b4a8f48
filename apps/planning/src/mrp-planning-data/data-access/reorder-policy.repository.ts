import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReorderPolicy } from '../../shared/domain.js';
import { preparedRow, preparedRows } from '../../shared/db.js';

/** A reorder policy as stored: the domain's policy and its version. */
export interface ReorderPolicyRow extends ReorderPolicy {
  version: number;
}

const COLS = `code, description, short_description AS "shortDescription", suggestion_type AS "suggestionType",
  reorder_quantity AS "reorderQuantity", splitting, safety_stock AS "safetyStock", replanning_analysis AS "replanningAnalysis",
  apply_shrinkage AS "applyShrinkage", version`;

@Injectable()
export class ReorderPolicyRepository {
  byCode(tx: EntityManager, code: string): Promise<ReorderPolicyRow | undefined> {
    return preparedRow<ReorderPolicyRow>(tx, `SELECT ${COLS} FROM planning.reorder_policies WHERE code = $1`, [code]);
  }

  list(tx: EntityManager): Promise<ReorderPolicyRow[]> {
    return preparedRows<ReorderPolicyRow>(tx, `SELECT ${COLS} FROM planning.reorder_policies ORDER BY code`);
  }

  /** Inserts, or replaces and bumps the version; answers the row as stored. */
  async upsert(tx: EntityManager, p: ReorderPolicy): Promise<ReorderPolicyRow> {
    return (await preparedRow<ReorderPolicyRow>(
      tx,
      `INSERT INTO planning.reorder_policies
         (code, description, short_description, suggestion_type, reorder_quantity, splitting, safety_stock, replanning_analysis, apply_shrinkage)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (code) DO UPDATE SET description = EXCLUDED.description, short_description = EXCLUDED.short_description,
         suggestion_type = EXCLUDED.suggestion_type, reorder_quantity = EXCLUDED.reorder_quantity, splitting = EXCLUDED.splitting,
         safety_stock = EXCLUDED.safety_stock, replanning_analysis = EXCLUDED.replanning_analysis, apply_shrinkage = EXCLUDED.apply_shrinkage,
         version = reorder_policies.version + 1, updated_at = now()
       RETURNING ${COLS}`,
      [
        p.code, JSON.stringify(p.description), JSON.stringify(p.shortDescription), p.suggestionType, p.reorderQuantity, p.splitting,
        p.safetyStock, p.replanningAnalysis, p.applyShrinkage,
      ],
    )) as ReorderPolicyRow;
  }

  async remove(tx: EntityManager, code: string): Promise<boolean> {
    return (await preparedRows(tx, `DELETE FROM planning.reorder_policies WHERE code = $1 RETURNING code`, [code])).length > 0;
  }
}
