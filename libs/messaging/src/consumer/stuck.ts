import type { ConsumedBatch } from '../broker/broker.js';
import type { MessagingMetrics, StuckPartition } from '../metrics.js';

/**
 * Counts, per partition, the failures in a row of a batch starting at the same offset (the database or broker
 * failing, so the batch is redelivered), and lists the partition in `metrics.stuck` once they reach `bound`:
 * /health then names its topic, partition and offset. A batch of the partition that goes through clears it.
 */
export class StuckPartitions {
  private readonly failing = new Map<string, StuckPartition>();

  constructor(private readonly groupId: string, private readonly bound: number, private readonly metrics: MessagingMetrics) {}

  failed(batches: readonly ConsumedBatch[], reason: string): void {
    for (const b of batches) {
      const key = this.keyOf(b);
      const offset = b.messages[0]?.offset ?? '';
      const prev = this.failing.get(key);
      const now: StuckPartition = { groupId: this.groupId, topic: b.topic, partition: b.partition, offset, reason, failures: prev?.offset === offset ? prev.failures + 1 : 1 };
      this.failing.set(key, now);
      if (now.failures >= this.bound) this.metrics.stuck.set(key, now);
      else this.metrics.stuck.delete(key);
    }
  }

  succeeded(batches: readonly ConsumedBatch[]): void {
    for (const b of batches) {
      const key = this.keyOf(b);
      this.failing.delete(key);
      this.metrics.stuck.delete(key);
    }
  }

  private keyOf(b: ConsumedBatch): string {
    return `${this.groupId}/${b.topic}/${b.partition}`;
  }
}
