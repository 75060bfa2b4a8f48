import type { MigrationInterface, QueryRunner } from 'typeorm';
import { VIRTUAL_LOCATIONS } from '../warehouses/index.js';

/**
 * Warehouses, locations (virtual ones seeded), products, the move ledger, on hand, planned moves, positions.
 * The hot tables (stock_moves, on_hand) carry no foreign keys to locations: the move path resolves every
 * location before writing, locations are never deleted, and a per-row RI trigger doubled the cost of a batch.
 */
export class InventoryInitial1767225600000 implements MigrationInterface {
  name = 'InventoryInitial1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS inventory`);
    await q.query(`CREATE TABLE inventory.products (
      product_id varchar(100) PRIMARY KEY,
      sku varchar(100) NOT NULL,
      name varchar(300) NOT NULL,
      stock_uom jsonb NOT NULL,
      uoms jsonb NOT NULL,
      active boolean NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE inventory.warehouses (
      warehouse_id varchar(100) PRIMARY KEY,
      code varchar(20) NOT NULL UNIQUE,
      name varchar(200) NOT NULL,
      time_zone varchar(64) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE inventory.locations (
      location_id serial PRIMARY KEY,
      code varchar(300) NOT NULL UNIQUE,
      name varchar(100) NOT NULL,
      parent_id int REFERENCES inventory.locations(location_id),
      warehouse_id varchar(100) REFERENCES inventory.warehouses(warehouse_id),
      kind varchar(16) NOT NULL CHECK (kind IN ('view', 'internal', 'virtual')),
      is_stock boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX locations_warehouse ON inventory.locations (warehouse_id) WHERE warehouse_id IS NOT NULL`);
    await q.query(`CREATE TABLE inventory.on_hand (
      product_id varchar(100) NOT NULL,
      location_id int NOT NULL,
      quantity numeric NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (product_id, location_id))`);
    await q.query(`CREATE TABLE inventory.stock_moves (
      move_id varchar(100) PRIMARY KEY,
      seq bigserial NOT NULL,
      kind varchar(20) NOT NULL,
      product_id varchar(100) NOT NULL,
      quantity numeric NOT NULL CHECK (quantity > 0),
      uom varchar(20) NOT NULL,
      original_quantity numeric NOT NULL,
      original_uom varchar(20) NOT NULL,
      from_location_id int NOT NULL,
      to_location_id int NOT NULL,
      from_warehouse_id varchar(100),
      to_warehouse_id varchar(100),
      done_at timestamptz NOT NULL,
      reference_type varchar(20),
      reference_id varchar(100),
      event_id varchar(100),
      recorded_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX stock_moves_product_seq ON inventory.stock_moves (product_id, seq)`);
    await q.query(`CREATE TABLE inventory.planned_moves (
      planned_move_id bigserial PRIMARY KEY,
      reference_type varchar(20) NOT NULL,
      reference_id varchar(100) NOT NULL,
      product_id varchar(100) NOT NULL,
      warehouse_id varchar(100) NOT NULL,
      direction varchar(3) NOT NULL CHECK (direction IN ('in', 'out')),
      planned_date date,
      planned_quantity numeric CHECK (planned_quantity >= 0),
      done_quantity numeric NOT NULL DEFAULT 0,
      state varchar(12) NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'cancelled')),
      sales_order_id varchar(100),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT planned_moves_ref UNIQUE (reference_type, reference_id, product_id, warehouse_id, direction))`);
    await q.query(`CREATE INDEX planned_moves_position ON inventory.planned_moves (product_id, warehouse_id) WHERE state = 'open'`);
    await q.query(`CREATE INDEX planned_moves_sales_order ON inventory.planned_moves (sales_order_id) WHERE sales_order_id IS NOT NULL`);
    await q.query(`CREATE TABLE inventory.positions (
      product_id varchar(100) NOT NULL,
      warehouse_id varchar(100) NOT NULL,
      on_hand numeric NOT NULL DEFAULT 0,
      sequence bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (product_id, warehouse_id))`);
    for (const code of Object.values(VIRTUAL_LOCATIONS)) {
      await q.query(`INSERT INTO inventory.locations (code, name, kind, is_stock) VALUES ($1, $2, 'virtual', false)`, [code, code.slice('virtual/'.length)]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['positions', 'planned_moves', 'stock_moves', 'on_hand', 'locations', 'warehouses', 'products']) {
      await q.query(`DROP TABLE IF EXISTS inventory.${t}`);
    }
  }
}
