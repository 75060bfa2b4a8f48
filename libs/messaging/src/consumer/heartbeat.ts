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
