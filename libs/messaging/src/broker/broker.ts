/**
 * The broker port. Two adapters: `KafkaBroker` (kafkajs) and `InProcessBroker` (PostgreSQL-backed log for
 * the embedded mode). Consumer code (inbox, retries, dead letters) is written once against this port.
 *
 * Semantics both adapters keep:
 * - a record's key picks its partition (murmur2, the kafkajs/Java default partitioner); order per partition;
 * - subscriptions belong to a consumer group; a partition is consumed by one member at a time;
 * - delivery is at least once: a batch is delivered again until its offset is committed; the handler
 *   commits explicitly (`ctx.commit`) after its own work is durable;
 * - a handler that throws gets the same messages again (from the last committed offset).
 */
export interface BrokerRecord {
  key: string | null;
  value: Buffer | string | null;
  headers?: Record<string, string>;
}

export interface TopicRecords {
  topic: string;
  messages: BrokerRecord[];
}

export interface ConsumedMessage {
  topic: string;
  partition: number;
  /** Offset as a decimal string (Kafka offsets are int64). */
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** Broker timestamp, ms since epoch. */
  timestamp: number;
}

export interface ConsumedBatch {
  topic: string;
  partition: number;
  messages: ConsumedMessage[];
}

export interface BatchContext {
  /** Keep group membership alive during long batches; cheap, call it often. */
  heartbeat(): Promise<void>;
  /**
   * Commit `nextOffset` (last processed offset + 1) for the batch's partition. Only after this will the
   * group not see these messages again. An adapter may send it a little later, coalesced with other marks
   * (KafkaBroker: once per commit interval; at once while closing); until then a restart redelivers them.
   */
  commit(nextOffset: string): Promise<void>;
  /** False once the subscription is closing: finish what is in hand, start nothing new. */
  isRunning(): boolean;
  /** True when the partition was reassigned (rebalance) during the batch: commit would be refused. */
  isStale(): boolean;
}

export type BatchHandler = (batch: ConsumedBatch, ctx: BatchContext) => Promise<void>;

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  handler: BatchHandler;
  /** Where a group without committed offsets starts. Default true (nothing published is skipped). */
  fromBeginning?: boolean;
  /** Batches of different partitions handed to `handler` at once (EventConsumer gathers those of a topic into one transaction). Default 1. */
  partitionsConsumedConcurrently?: number;
}

/**
 * Where a subscription stands in its consumer group: `joining` (connecting, joining or rebalancing: it consumes
 * nothing meanwhile; `error` says why the last attempt failed, if one did), `member` (it has its partitions),
 * `failed` (the client gave up: only a restart helps), `left` (closed).
 */
export interface GroupMembership {
  state: 'joining' | 'member' | 'failed' | 'left';
  /** When it entered that state, ms since epoch. */
  since: number;
  error?: string;
}

export interface Subscription {
  /** Stop fetching, let the in-flight batch finish (and commit), leave the group. */
  close(): Promise<void>;
  membership(): GroupMembership;
}

export interface TopicSpec {
  topic: string;
  numPartitions?: number;
}

export interface Broker {
  readonly kind: 'kafka' | 'in-process';
  /** Writes records; resolves once they are durable in the log. Order within a topic/partition is kept. */
  publish(records: TopicRecords[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Creates missing topics (existing ones are left alone). */
  createTopics(topics: TopicSpec[]): Promise<void>;
  /** Partition count of an existing topic, or undefined when it does not exist. */
  partitionCount(topic: string): Promise<number | undefined>;
  /**
   * Every message currently in a topic, in offset order per partition (admin tooling: the dead-letter
   * command). Not for consumption: no group, no commit.
   */
  readAll(topic: string): Promise<ConsumedMessage[]>;
  /** True when the broker answers. Never throws. */
  healthCheck(): Promise<boolean>;
  /** Closes every connection and subscription of this broker. */
  close(): Promise<void>;
}
