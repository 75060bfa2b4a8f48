/**
 * Test and benchmark fixtures (not part of the public API; compiled so child processes can use them).
 * A throwaway copy of `stockMoveDone` on its own topic, an effects table, and DataSource helpers.
 */
import { EventCatalog, stockMoveDone, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { messagingMigration } from '../outbox/migration.js';
import { ident } from '../sql.js';

export const env = {
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((s) => s.trim()).filter(Boolean),
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
};

export type TestEventDef = typeof stockMoveDone;
export type TestPayload = PayloadOf<typeof stockMoveDone>;

/** `stock-move.done` on a throwaway topic: key = productId; moveId carries a sequence number. */
export const testEventOn = (topic: string): TestEventDef => ({ ...stockMoveDone, topic });
export const testCatalog = (def: TestEventDef): EventCatalog => new EventCatalog([def]);

export const testPayload = (key: string, seq: number, tag = 'ok'): TestPayload => ({
  moveId: `${tag}-${key}-${seq}`,
  kind: 'receipt',
  productId: key,
  quantity: String(seq + 1),
  uom: 'Units',
  fromLocation: 'virtual/vendor',
  toLocation: 'WH/Stock',
  doneAt: new Date(0).toISOString(),
});

/** The sequence number of a test payload (quantity - 1). */
export const seqOf = (p: TestPayload): number => Number(p.quantity) - 1;

export const randomName = (prefix: string): string => `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

export async function openDataSource(schema: string, poolSize = 10): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url: env.databaseUrl,
    schema,
    migrations: [messagingMigration(schema)],
    migrationsTableName: 'migrations',
    extra: { max: poolSize },
  });
  await ds.initialize();
  await ds.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
  await ds.runMigrations();
  await ds.query(`CREATE TABLE IF NOT EXISTS ${ident(schema)}.effects (
    ord bigserial PRIMARY KEY, event_id uuid NOT NULL, key text NOT NULL, seq int NOT NULL, tag text NOT NULL,
    pid int NOT NULL DEFAULT pg_backend_pid(), applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  return ds;
}

/** The effect of a test event: one row in `<schema>.effects`, written in the consumer's transaction. */
export const applyEffect = async (schema: string, event: EventEnvelope, tx: EntityManager): Promise<void> => {
  const p = event.payload as TestPayload;
  await tx.query(`INSERT INTO ${ident(schema)}.effects (event_id, key, seq, tag) VALUES ($1, $2, $3, $4)`, [
    event.id, p.productId, seqOf(p), p.moveId.split('-')[0],
  ]);
};

export interface EffectRow {
  ord: string;
  event_id: string;
  key: string;
  seq: number;
  tag: string;
}

export const readEffects = async (ds: DataSource, schema: string): Promise<EffectRow[]> =>
  (await ds.query(`SELECT e.ord::text AS ord, e.event_id::text AS event_id, e.key, e.seq, e.tag FROM ${ident(schema)}.effects e ORDER BY e.ord`)) as EffectRow[];

export const dropSchema = async (ds: DataSource, schema: string): Promise<void> => {
  await ds.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
};
