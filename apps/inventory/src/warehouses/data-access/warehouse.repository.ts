import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sql } from '../../shared/sql.js';

export interface WarehouseRecord {
  id: string;
  code: string;
  name: string;
  timeZone: string;
  createdAt: string;
}

interface Row { warehouse_id: string; code: string; name: string; time_zone: string; created_at: Date }
const toRecord = (r: Row): WarehouseRecord => ({ id: r.warehouse_id, code: r.code, name: r.name, timeZone: r.time_zone, createdAt: new Date(r.created_at).toISOString() });

@Injectable()
export class WarehouseRepository {
  /** Inserts unless the id or code exists; returns undefined on conflict. */
  async insert(m: EntityManager, w: { id: string; code: string; name: string; timeZone: string }): Promise<WarehouseRecord | undefined> {
    const [row] = await sql<Row>(m, `INSERT INTO inventory.warehouses (warehouse_id, code, name, time_zone) VALUES ($1, $2, $3, $4)
      ON CONFLICT DO NOTHING RETURNING warehouse_id, code, name, time_zone, created_at`, [w.id, w.code, w.name, w.timeZone]);
    return row ? toRecord(row) : undefined;
  }

  async get(m: EntityManager, id: string): Promise<WarehouseRecord | undefined> {
    const [row] = await sql<Row>(m, `SELECT warehouse_id, code, name, time_zone, created_at FROM inventory.warehouses WHERE warehouse_id = $1`, [id]);
    return row ? toRecord(row) : undefined;
  }

  async list(m: EntityManager): Promise<WarehouseRecord[]> {
    return (await sql<Row>(m, `SELECT warehouse_id, code, name, time_zone, created_at FROM inventory.warehouses ORDER BY code`)).map(toRecord);
  }
}
