import type { EntityManager } from 'typeorm';
import { preparedRows } from '@replenish/messaging';

/**
 * Planning talks SQL directly for its hot paths (row locks, ON CONFLICT, partial unique index), as prepared
 * statements (planned once per connection): `preparedRows` (messaging's) returns the rows of a SELECT or of
 * RETURNING, none otherwise; `preparedRow` the first of them.
 */
export { preparedRows };

export async function preparedRow<T = Record<string, unknown>>(tx: EntityManager, text: string, params: unknown[] = []): Promise<T | undefined> {
  return (await preparedRows<T>(tx, text, params))[0];
}

/**
 * Planning's write locks (decisions planning-005, planning-007 and planning-016). Two kinds of writers:
 * - batches (stock positions, sales order confirmations, sweep chunks): `shareWrites` (or the scope `whileShared`)
 *   takes the global lock SHARED, then `lockKeys` every key the batch will touch (rule keys, draft top-up keys) at
 *   once in one fixed order, so concurrent batches (partitions, replicas) never wait on each other in a cycle;
 * - everything else (supply events, REST, imports): `serializeWrites` takes the global lock EXCLUSIVE, so it runs
 *   alone and may lock drafts in any order.
 * Transaction-level advisory locks: released at commit or rollback, and at the rollback of the savepoint that took
 * them (a consumer's events tried one by one): a scope (`whileShared`, `whileExclusive`) asks for its lock again.
 */
const GLOBAL = "hashtext('planning:writes')";
const keysHeld = new WeakMap<EntityManager, Set<string>>();
/**
 * Transactions holding the exclusive lock where every key lock is implied (no other writer holds or waits for a key):
 * inside `whileExclusive`, or for the rest of a transaction that sets no savepoint (`serializeWritesToTheEnd`).
 */
const exclusiveNow = new WeakSet<EntityManager>();
/** Transactions inside `whileShared`: the shared lock is held, and the keys noted as held are held. */
const sharedNow = new WeakSet<EntityManager>();

/**
 * Runs `fn` holding the global lock exclusive (`serializeWrites`, taken here, in `fn`'s savepoint if any): every
 * writer takes the global lock before a key, so no other transaction holds or waits for a key meanwhile, and `fn`'s
 * shared lock and key locks (a batch's waves ask for them per wave) are implied, not asked for.
 */
export async function whileExclusive<T>(tx: EntityManager, fn: () => Promise<T>): Promise<T> {
  // Asked for even when a batch's keys are noted as held: a savepoint rolled back since may have released it.
  await preparedRows(tx, `SELECT pg_advisory_xact_lock(${GLOBAL})`);
  if (exclusiveNow.has(tx)) return fn();
  exclusiveNow.add(tx);
  try {
    return await fn();
  } finally {
    exclusiveNow.delete(tx);
  }
}

/**
 * Runs `fn` as a batch holding the global lock shared (`shareWrites`, taken here, in `fn`'s savepoint if any): within
 * it, `shareWrites` asks for nothing more and `lockKeys` only for keys not held yet, so that a batch's waves (each a
 * set-based pass that shares the lock and locks its keys) cost no statement for the keys the batch locked up front.
 * A scope, not a mark on the transaction: a savepoint rolled back after it may have released what it took.
 */
export async function whileShared<T>(tx: EntityManager, fn: () => Promise<T>): Promise<T> {
  if (exclusiveNow.has(tx) || sharedNow.has(tx)) return fn();
  await preparedRows(tx, `SELECT pg_advisory_xact_lock_shared(${GLOBAL})`);
  keysHeld.set(tx, new Set());
  sharedNow.add(tx);
  try {
    return await fn();
  } finally {
    sharedNow.delete(tx);
  }
}

export async function serializeWrites(tx: EntityManager): Promise<void> {
  if (keysHeld.has(tx) || exclusiveNow.has(tx)) return; // a batch transaction: its keys are locked already
  await preparedRows(tx, `SELECT pg_advisory_xact_lock(${GLOBAL})`);
}

/**
 * `serializeWrites` for a whole transaction that sets no savepoint (a bulk import's batch, which checks each row as
 * its endpoint does): as inside `whileExclusive` to its end, later calls ask for no lock, global or key. Not for
 * consumers: a savepoint rolled back releases the lock.
 */
export async function serializeWritesToTheEnd(tx: EntityManager): Promise<void> {
  await serializeWrites(tx);
  exclusiveNow.add(tx);
}

/** Serialises work on one key across transactions and replicas. */
export async function lockKey(tx: EntityManager, key: string): Promise<void> {
  const held = keysHeld.get(tx);
  if (held?.has(key) || exclusiveNow.has(tx)) return;
  await serializeWrites(tx);
  // In a batch transaction a key not locked up front (a rule changed its route since) is taken late; a rare
  // wait cycle with another batch is a deadlock PostgreSQL breaks, and the consumer retries the batch.
  await preparedRows(tx, 'SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
  held?.add(key);
}

/**
 * Starts a batch transaction: the global lock shared. Rules and routes (changed only under the exclusive
 * lock) then stay as read until the end, so the batch can read them to know which keys to lock. Inside
 * `whileShared` or `whileExclusive`: nothing to ask for.
 */
export async function shareWrites(tx: EntityManager): Promise<void> {
  if (sharedNow.has(tx)) return;
  if (!exclusiveNow.has(tx)) await preparedRows(tx, `SELECT pg_advisory_xact_lock_shared(${GLOBAL})`);
  keysHeld.set(tx, new Set());
}

const DRAFT_LOCK_PREFIX = 'planning-draft:';

/**
 * Locks every key of a batch transaction at once: rule keys before draft keys, each kind in the order of their lock
 * ids (see above). A transaction may lock more draft keys later, in another call, never rule keys after draft keys:
 * a set-based chunk locks its draft keys only once it orders (decision planning-013).
 */
export async function lockKeys(tx: EntityManager, keys: Iterable<string>): Promise<void> {
  if (exclusiveNow.has(tx)) return;
  const held = keysHeld.get(tx);
  const list = [...new Set(keys)].filter((k) => !held?.has(k));
  if (list.length === 0) return;
  await preparedRows(
    tx,
    `SELECT count(pg_advisory_xact_lock(h)) FROM (
       SELECT DISTINCT starts_with(k, '${DRAFT_LOCK_PREFIX}') AS draft, hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY draft, h) AS s`,
    [list],
  );
  for (const k of list) held?.add(k);
}

/** Lock name of a draft's top-up key. */
export const draftLockKey = (topUpKey: string): string => `${DRAFT_LOCK_PREFIX}${topUpKey}`;

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
