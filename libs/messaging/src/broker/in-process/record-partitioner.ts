import type { TopicRecords } from '../broker.js';
import { partitionForKey } from '../partitioner.js';
import type { PartitionAppend } from './partition-log.js';

/**
 * Picks each record's partition as Kafka's default partitioner does: murmur2 of the key, or round robin per topic
 * for records without a key; and groups the records by partition, in publish order.
 */
export class RecordPartitioner {
  private readonly roundRobin = new Map<string, number>();

  async assign(records: TopicRecords[], partitionsOf: (topic: string) => Promise<number>): Promise<PartitionAppend[]> {
    const appends = new Map<string, PartitionAppend>();
    for (const r of records) {
      if (r.messages.length === 0) continue;
      const n = await partitionsOf(r.topic);
      for (const m of r.messages) {
        const partition = m.key !== null ? partitionForKey(m.key, n) : this.next(r.topic) % n;
        const id = `${r.topic}\u0000${partition}`;
        let a = appends.get(id);
        if (!a) appends.set(id, (a = { topic: r.topic, partition, keys: [], values: [], headers: [] }));
        a.keys.push(m.key);
        a.values.push(m.value === null ? null : Buffer.isBuffer(m.value) ? m.value : Buffer.from(m.value));
        a.headers.push(JSON.stringify(m.headers ?? {}));
      }
    }
    return [...appends.values()];
  }

  private next(topic: string): number {
    const next = (this.roundRobin.get(topic) ?? 0) + 1;
    this.roundRobin.set(topic, next);
    return next;
  }
}
