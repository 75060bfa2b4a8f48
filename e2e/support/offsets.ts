// Where a service's consumer group stands on the shared topics, and waiting for it to get somewhere: the topics carry
// what every run and bench on the broker publishes, so how long a group takes depends on them; what tells a slow
// group from a stuck one is whether its committed offsets still move.
import { Kafka, logLevel } from 'kafkajs';
import { topics } from '@replenish/contracts';
import { sleep } from '@replenish/test-infra';

/** Every topic the three services consume, plus what the planning tests read back. */
export const CONSUMED = [
  topics.upstreamOrders, topics.products, topics.stockMoves, topics.draftOrders,
  topics.salesOrderEvents, topics.stockPositions, topics.purchasingOrders, topics.manufacturingOrders, topics.transferOrders, topics.warehouses,
];

/** Offsets by topic, as kafkajs' admin.fetchTopicOffsets gives them (a mark, the ends). */
export type TopicOffsets = Map<string, { partition: number; offset: string }[]>;

export interface Lag {
  /** The sum of the group's committed offsets over the partitions. */
  committed: bigint;
  /** How many messages the group still has to read to reach the target offsets. */
  behind: bigint;
  /** `<topic>/<partition>: <committed> of <target>` for every partition still behind. */
  partitions: string;
}

const admin = (brokers: string[]) => new Kafka({ clientId: `e2e-offsets-${process.pid}`, brokers, logLevel: logLevel.NOTHING }).admin();

/** Where `groupId` stands against `targets` (default: the topics' current ends); undefined when the broker does not say. */
export async function groupLag(brokers: string[], groupId: string, targets: TopicOffsets | string[]): Promise<Lag | undefined> {
  const a = admin(brokers);
  await a.connect();
  try {
    const to: TopicOffsets = Array.isArray(targets) ? new Map(await Promise.all(targets.map(async (t) => [t, await a.fetchTopicOffsets(t)] as const))) : targets;
    const fetched = await a.fetchOffsets({ groupId, topics: [...to.keys()] });
    let committed = 0n;
    let behind = 0n;
    const partitions: string[] = [];
    for (const [topic, parts] of to) {
      for (const target of parts) {
        const at = Number(fetched.find((t) => t.topic === topic)?.partitions.find((p) => p.partition === target.partition)?.offset ?? -1);
        const c = BigInt(Math.max(0, at));
        committed += c;
        if (c < BigInt(target.offset)) {
          behind += BigInt(target.offset) - c;
          partitions.push(`${topic}/${target.partition}: ${c} of ${target.offset}`);
        }
      }
    }
    return { committed, behind, partitions: partitions.join(', ') };
  } catch {
    return undefined;
  } finally {
    await a.disconnect().catch(() => undefined);
  }
}

/**
 * Resolves once `groupId` has committed `targets` (every partition at or past its offset). Fails when its offsets have
 * not moved for `stallMs`, or after `capMs` in all, naming the partitions still behind.
 */
export async function untilCaughtUp(brokers: string[], groupId: string, targets: TopicOffsets, o: { description: string; stallMs: number; capMs?: number }): Promise<void> {
  const started = Date.now();
  const cap = started + (o.capMs ?? 4 * o.stallMs);
  let best = -1n;
  let stalledAt = started + o.stallMs;
  let last: Lag | undefined;
  for (;;) {
    last = (await groupLag(brokers, groupId, targets)) ?? last;
    if (last && last.behind === 0n) return;
    if (last && last.committed > best) {
      best = last.committed;
      stalledAt = Date.now() + o.stallMs;
    }
    const now = Date.now();
    if (now >= stalledAt || now >= cap) {
      const why = now >= cap ? `still behind after ${now - started} ms` : `no progress for ${o.stallMs} ms`;
      throw new Error(`${o.description}: group ${groupId} ${why}; ${last ? `${last.behind} messages to go (${last.partitions})` : 'its offsets unreadable'}`);
    }
    await sleep(500);
  }
}
