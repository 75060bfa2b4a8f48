import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ident } from '../sql.js';

export type MigrationClass = new () => MigrationInterface;

/**
 * The class of each schema, made once: every DataSource a process opens for the schema (each application start,
 * in the embedded launcher and in tests) gets the same class rather than a new one. One entry per schema.
 */
const cache = new Map<string, MigrationClass>();

/** Class-name-safe form of a schema name: `sales_orders` -> `SalesOrders`. */
const pascal = (s: string): string =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

/**
 * The TypeORM migration that creates `<schema>.outbox` and `<schema>.inbox`. The class name (and thus the
 * migration's row in TypeORM's table) is unique per schema: `MessagingTables<Schema>1700000000000`.
 * Add it to the service's `migrations` (service-kit does it for you). The schema itself is created if
 * missing, so it can run before the service's own migrations.
 */
export function messagingMigration(schema: string): MigrationClass {
  const cached = cache.get(schema);
  if (cached) return cached;
  const s = ident(schema);
  const name = `MessagingTables${pascal(schema)}1700000000000`;
  const cls = class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      // Events waiting for the relay. Rows are deleted once the broker has them. `id` order is commit order
      // within a (topic, key): EventPublisher takes a per-key transaction lock before inserting.
      await q.query(`CREATE TABLE IF NOT EXISTS ${s}.outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        topic text NOT NULL,
        key text NOT NULL,
        value text NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
      // Events this service's consumer group has applied: the effect and this row commit together.
      await q.query(`CREATE TABLE IF NOT EXISTS ${s}.inbox (
        event_id uuid NOT NULL,
        consumer_group text NOT NULL,
        event_type text,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, consumer_group)
      )`);
      await q.query(`CREATE INDEX IF NOT EXISTS inbox_processed_at_idx ON ${s}.inbox (processed_at)`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE IF EXISTS ${s}.inbox`);
      await q.query(`DROP TABLE IF EXISTS ${s}.outbox`);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  cache.set(schema, cls);
  return cls;
}
