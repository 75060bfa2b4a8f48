import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sql } from '../../shared/sql.js';
import type { ReferenceType } from '../move-effects.js';
import { wireReferenceOf, type WireReference } from '../references.js';

export interface OnHandLine {
  location: string;
  warehouseId: string | null;
  isStock: boolean;
  quantity: string;
}

export interface MoveRecord {
  moveId: string;
  kind: string;
  productId: string;
  quantity: string;
  uom: string;
  originalQuantity: string;
  originalUom: string;
  fromLocation: string;
  toLocation: string;
  doneAt: string;
  reference: WireReference | null;
  recordedAt: string;
}

/** Read side of the REST API. */
@Injectable()
export class StockQueryRepository {
  /**
   * On hand per location of a product. `warehouseId` keeps the warehouse's stock locations; `location`
   * keeps that location and everything below it. Without either: every stock location.
   */
  async onHand(m: EntityManager, productId: string, filter: { warehouseId?: string; location?: string }): Promise<OnHandLine[]> {
    const where = ['o.product_id = $1'];
    const params: unknown[] = [productId];
    if (filter.warehouseId) {
      params.push(filter.warehouseId);
      where.push(`l.warehouse_id = $${params.length} AND l.is_stock`);
    }
    if (filter.location) {
      params.push(filter.location);
      where.push(`(l.code = $${params.length} OR left(l.code, length($${params.length}) + 1) = $${params.length} || '/')`);
    }
    if (!filter.warehouseId && !filter.location) where.push('l.is_stock');
    const rows = await sql<{ code: string; warehouse_id: string | null; is_stock: boolean; quantity: string }>(m,
      `SELECT l.code, l.warehouse_id, l.is_stock, o.quantity FROM inventory.on_hand o JOIN inventory.locations l ON l.location_id = o.location_id
       WHERE ${where.join(' AND ')} ORDER BY l.code`, params);
    return rows.map((r) => ({ location: r.code, warehouseId: r.warehouse_id, isStock: r.is_stock, quantity: r.quantity }));
  }

  async position(m: EntityManager, productId: string, warehouseId: string): Promise<{ onHand: string; sequence: number } | undefined> {
    const [row] = await sql<{ on_hand: string; sequence: string }>(m, `SELECT on_hand, sequence FROM inventory.positions WHERE product_id = $1 AND warehouse_id = $2`, [productId, warehouseId]);
    return row ? { onHand: row.on_hand, sequence: Number(row.sequence) } : undefined;
  }

  /** Move history, newest first by default; a warehouse filter keeps moves into or out of its stock. */
  async moves(m: EntityManager, f: { productId?: string; warehouseId?: string; limit: number; offset: number; order: 'asc' | 'desc' }): Promise<MoveRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.productId) {
      params.push(f.productId);
      where.push(`m.product_id = $${params.length}`);
    }
    if (f.warehouseId) {
      params.push(f.warehouseId);
      where.push(`(m.from_warehouse_id = $${params.length} OR m.to_warehouse_id = $${params.length})`);
    }
    params.push(f.limit, f.offset);
    return this.selectMoves(m, `${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY m.seq ${f.order === 'asc' ? 'ASC' : 'DESC'} LIMIT $${params.length - 1} OFFSET $${params.length}`, params);
  }

  /** One move of the ledger by its moveId. */
  async move(m: EntityManager, moveId: string): Promise<MoveRecord | undefined> {
    const [row] = await this.selectMoves(m, 'WHERE m.move_id = $1', [moveId]);
    return row;
  }

  /** The moves of the ledger among these moveIds (a batch's repeats), in one query. */
  movesById(m: EntityManager, moveIds: readonly string[]): Promise<MoveRecord[]> {
    return moveIds.length === 0 ? Promise.resolve([]) : this.selectMoves(m, 'WHERE m.move_id = ANY($1::varchar[])', [moveIds]);
  }

  private async selectMoves(m: EntityManager, tail: string, params: unknown[]): Promise<MoveRecord[]> {
    const rows = await sql<{ move_id: string; kind: string; product_id: string; quantity: string; uom: string; original_quantity: string; original_uom: string;
      from_code: string; to_code: string; done_at: Date; reference_type: string | null; reference_id: string | null; recorded_at: Date }>(m,
      `SELECT m.move_id, m.kind, m.product_id, m.quantity, m.uom, m.original_quantity, m.original_uom, f.code AS from_code, t.code AS to_code,
              m.done_at, m.reference_type, m.reference_id, m.recorded_at
       FROM inventory.stock_moves m
       JOIN inventory.locations f ON f.location_id = m.from_location_id
       JOIN inventory.locations t ON t.location_id = m.to_location_id
       ${tail}`, params);
    return rows.map((r) => ({
      moveId: r.move_id, kind: r.kind, productId: r.product_id, quantity: r.quantity, uom: r.uom, originalQuantity: r.original_quantity,
      originalUom: r.original_uom, fromLocation: r.from_code, toLocation: r.to_code, doneAt: new Date(r.done_at).toISOString(),
      reference: r.reference_type && r.reference_id ? wireReferenceOf(r.reference_type as ReferenceType, r.reference_id) : null, recordedAt: new Date(r.recorded_at).toISOString(),
    }));
  }
}
