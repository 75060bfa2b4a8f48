import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LocationInfo, LocationKind } from '../locations.js';
import { sql } from '../../shared/sql.js';

export interface LocationRecord extends LocationInfo {
  name: string;
  parentId: number | null;
  kind: LocationKind;
}

interface LocationRow {
  location_id: number;
  code: string;
  name: string;
  parent_id: number | null;
  warehouse_id: string | null;
  kind: LocationKind;
  is_stock: boolean;
}

const toRecord = (r: LocationRow): LocationRecord => ({
  id: r.location_id, code: r.code, name: r.name, parentId: r.parent_id, warehouseId: r.warehouse_id, kind: r.kind, isStock: r.is_stock,
});

/** Locations by code. Locations are never changed or removed once created, so every one found is cached. */
@Injectable()
export class LocationRepository {
  private readonly byCode = new Map<string, LocationRecord>();

  async resolve(m: EntityManager, codes: Iterable<string>): Promise<Map<string, LocationRecord>> {
    const out = new Map<string, LocationRecord>();
    const missing: string[] = [];
    for (const code of new Set(codes)) {
      const hit = this.byCode.get(code);
      if (hit) out.set(code, hit);
      else missing.push(code);
    }
    if (missing.length > 0) {
      const rows = await sql<LocationRow>(m, `SELECT location_id, code, name, parent_id, warehouse_id, kind, is_stock
        FROM inventory.locations WHERE code = ANY($1::varchar[])`, [missing]);
      for (const r of rows) {
        const rec = toRecord(r);
        this.byCode.set(rec.code, rec);
        out.set(rec.code, rec);
      }
    }
    return out;
  }

  async get(m: EntityManager, code: string): Promise<LocationRecord | undefined> {
    return (await this.resolve(m, [code])).get(code);
  }

  async byWarehouse(m: EntityManager, warehouseId: string): Promise<LocationRecord[]> {
    const rows = await sql<LocationRow>(m, `SELECT location_id, code, name, parent_id, warehouse_id, kind, is_stock
      FROM inventory.locations WHERE warehouse_id = $1 ORDER BY code`, [warehouseId]);
    return rows.map(toRecord);
  }

  async virtual(m: EntityManager): Promise<LocationRecord[]> {
    const rows = await sql<LocationRow>(m, `SELECT location_id, code, name, parent_id, warehouse_id, kind, is_stock
      FROM inventory.locations WHERE kind = 'virtual' ORDER BY code`);
    return rows.map(toRecord);
  }

  async insert(m: EntityManager, l: { code: string; name: string; parentId: number | null; warehouseId: string | null; kind: LocationKind; isStock: boolean }): Promise<LocationRecord> {
    const [row] = await sql<LocationRow>(m, `INSERT INTO inventory.locations (code, name, parent_id, warehouse_id, kind, is_stock)
      VALUES ($1, $2, $3, $4, $5, $6) RETURNING location_id, code, name, parent_id, warehouse_id, kind, is_stock`,
      [l.code, l.name, l.parentId, l.warehouseId, l.kind, l.isStock]);
    return toRecord(row);
  }
}
