import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sql } from '../../shared/sql.js';
import type { ReferenceType } from '../move-effects.js';

/** Whether a done move's reference names a planned move inventory knows (any state: a late or cancelled one is still known). */
@Injectable()
export class PlannedReferenceRepository {
  async exists(m: EntityManager, referenceType: ReferenceType, referenceId: string, productId: string): Promise<boolean> {
    const rows = await sql<{ one: number }>(m, `SELECT 1 AS one FROM inventory.planned_moves
      WHERE reference_type = $1 AND reference_id = $2 AND product_id = $3 AND planned_quantity IS NOT NULL LIMIT 1`, [referenceType, referenceId, productId]);
    return rows.length > 0;
  }
}
