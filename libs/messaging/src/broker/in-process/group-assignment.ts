/** One partition of a topic. */
export interface TopicPartition {
  topic: string;
  partition: number;
}

export const partitionId = (tp: TopicPartition): string => `${tp.topic}\u0000${tp.partition}`;

/**
 * The partitions member `index` of `members` takes: every `members`-th, starting at its index (round robin over
 * the partitions of its topics, in topic order). Members of a group in one process share the partitions this way,
 * rebalanced between batches when a member joins or leaves.
 */
export const assignedPartitions = (all: readonly TopicPartition[], index: number, members: number): TopicPartition[] =>
  all.filter((_, i) => i % Math.max(1, members) === index);
