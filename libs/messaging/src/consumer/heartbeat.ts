import type { EntityManager } from 'typeorm';
import type { BatchContext } from '../broker/broker.js';
import { sleep } from '../util.js';

/** Keeps the batch's group membership alive; cheap, call it after every step of a batch. */
export type Heartbeat = () => Promise<void>;

/** Heartbeats at most once a second (kafkajs throttles too, but this keeps the call cheap). */
export const heartbeater = (ctx: BatchContext): Heartbeat => {
  let last = Date.now();
  return async () => {
    if (Date.now() - last < 1000) return;
    last = Date.now();
    try {
      await ctx.heartbeat();
    } catch {
      // a rebalance: isStale() will tell before the commit
    }
  };
};

/** Waits `ms` (a retry's backoff) without letting the group think the member died. */
export async function pause(ms: number, beat: Heartbeat): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await sleep(Math.min(500, until - Date.now()));
    await beat();
  }
}

/** The heartbeat of the batch each open consumer transaction applies (`whileApplying`). */
const beats = new WeakMap<EntityManager, Heartbeat>();

/** Runs `fn`, a batch applied in `tx`, with `beat` reachable from its handlers through `keepAlive(tx)`. */
export async function whileApplying<T>(tx: EntityManager, beat: Heartbeat, fn: () => Promise<T>): Promise<T> {
  beats.set(tx, beat);
  try {
    return await fn();
  } finally {
    beats.delete(tx);
  }
}

/**
 * Keeps the consumer group membership of the batch applied in `tx` alive (a heartbeat at most once a second). For
 * a handler whose one call runs long (a batch handler over hundreds of events): call it between steps, or the
 * member is dropped after the session timeout and its batch redone. Nothing outside a consumer's transaction.
 */
export async function keepAlive(tx: EntityManager): Promise<void> {
  await beats.get(tx)?.();
}
