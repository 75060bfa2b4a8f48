import type { EntityManager } from 'typeorm';

/**
 * Planning talks SQL directly for its hot paths (row locks, ON CONFLICT, partial unique index). TypeORM's
 * postgres driver returns [rows, rowCount] for UPDATE/DELETE and rows otherwise; this evens that out.
 */
export async function sql<T = Record<string, unknown>>(tx: EntityManager, text: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await tx.query(text, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return (Array.isArray(result) ? result : []) as T[];
}

export async function one<T = Record<string, unknown>>(tx: EntityManager, text: string, params: unknown[] = []): Promise<T | undefined> {
  return (await sql<T>(tx, text, params))[0];
}

/** PostgreSQL error codes the service reacts to. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';

export function pgCode(error: unknown): string | undefined {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.driverError?.code ?? e?.code;
}

export function pgConstraint(error: unknown): string | undefined {
  const e = error as { constraint?: string; driverError?: { constraint?: string } };
  return e?.driverError?.constraint ?? e?.constraint;
}

/**
 * Serialises every transaction that writes drafts, rules' evaluations or the projection, across partitions
 * and replicas (decision planning-005). A consumer batch is one transaction that may lock several drafts, in
 * event order: two batches (two partitions, or two replicas) locking the same drafts in opposite orders
 * deadlocked under load. Taken first in every such transaction, this one lock makes the order irrelevant.
 * Re-entrant within a transaction; released at commit or rollback.
 */
export async function serializeWrites(tx: EntityManager): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('planning:writes'))");
}

/** Serialises work on one key across transactions and replicas (released at commit or rollback). */
export async function lockKey(tx: EntityManager, key: string): Promise<void> {
  await serializeWrites(tx);
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}

/** A `date` column as YYYY-MM-DD whatever the pg type parser gave back. */
export function isoDateOf(value: unknown): string {
  if (value instanceof Date) {
    const y = value.getFullYear();
    const m = String(value.getMonth() + 1).padStart(2, '0');
    const d = String(value.getDate()).padStart(2, '0');
    return `${y}-${m}-${d}`;
  }
  return String(value).slice(0, 10);
}
