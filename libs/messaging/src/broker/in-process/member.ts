import type { EventEmitter } from 'node:events';
import type pg from 'pg';
import type { MessagingLogger } from '../../logger.js';
import { Signal, sleep } from '../../util.js';
import type { BatchContext, SubscribeOptions } from '../broker.js';
import { assignedPartitions, partitionId, type TopicPartition } from './group-assignment.js';
import type { GroupOffsets } from './group-offsets.js';
import { PartitionClaims } from './partition-claims.js';
import type { PartitionLog } from './partition-log.js';

/** What a member needs of its broker. */
export interface MemberContext {
  pool: pg.Pool;
  /** The broker's schema: partition claims are per schema, as its log is. */
  schema: string;
  log: PartitionLog;
  offsets: GroupOffsets;
  /** Fires 'published' with a topic after each publish of this process. */
  published: EventEmitter;
  /** The members of a group in this process, this one included. */
  peers: (groupId: string) => Member[];
  batchSize: number;
  pollIntervalMs: number;
  logger: MessagingLogger;
}

let memberSeq = 0;

/** One subscription: owns some partitions of its topics and feeds their batches to the handler. */
export class Member {
  readonly groupId: string;
  readonly id = ++memberSeq;
  private running = false;
  private loop?: Promise<void>;
  private readonly claims: PartitionClaims;
  private readonly wake = new Signal();
  private dirty = true;
  private readonly onPublished = (topic: string): void => {
    if (this.options.topics.includes(topic)) {
      this.dirty = true;
      this.wake.fire();
    }
  };

  constructor(private readonly context: MemberContext, private readonly options: SubscribeOptions) {
    this.groupId = options.groupId;
    this.claims = new PartitionClaims(context.pool, context.schema, options.groupId);
  }

  start(): void {
    this.running = true;
    this.context.published.on('published', this.onPublished);
    // a new member changes the split: wake the others so they let partitions go
    this.wakePeers();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.context.published.off('published', this.onPublished);
    this.wake.fire();
    await this.loop;
    await this.claims.releaseAll();
    this.wakePeers();
  }

  private wakePeers(): void {
    for (const p of this.context.peers(this.groupId)) p.wake.fire();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        this.dirty = false;
        const worked = await this.round();
        if (!worked && !this.dirty && this.running) await this.wake.wait(this.context.pollIntervalMs);
      } catch (e) {
        this.context.logger.error(`group ${this.groupId}: ${(e as Error).message}`);
        await this.claims.releaseAll(e as Error);
        if (this.running) await sleep(1000);
      }
    }
  }

  /** One pass over the partitions this member should own. True when a batch was delivered. */
  private async round(): Promise<boolean> {
    const all: TopicPartition[] = [];
    for (const topic of [...this.options.topics].sort()) {
      const n = await this.context.log.partitionCount(topic);
      for (let p = 0; p < (n ?? 0); p++) all.push({ topic, partition: p });
    }
    const peers = this.context.peers(this.groupId).sort((a, b) => a.id - b.id);
    const mine = assignedPartitions(all, Math.max(0, peers.indexOf(this)), peers.length);
    await this.claims.releaseOthers(new Set(mine.map(partitionId)));
    let worked = false;
    for (const tp of mine) {
      if (!this.running) break;
      if (!(await this.claims.claim(tp))) continue; // consumed by another process
      if (await this.deliver(tp)) worked = true;
    }
    return worked;
  }

  private async deliver({ topic, partition }: TopicPartition): Promise<boolean> {
    const { log, offsets } = this.context;
    const committed = await offsets.committed(this.groupId, topic, partition, this.options.fromBeginning ?? true);
    const messages = await log.read(topic, partition, committed, this.context.batchSize);
    if (messages.length === 0) return false;
    const ctx: BatchContext = {
      heartbeat: async () => undefined,
      isRunning: () => this.running,
      isStale: () => false,
      commit: (nextOffset) => offsets.commit(this.groupId, topic, partition, nextOffset),
    };
    try {
      await this.options.handler({ topic, partition, messages }, ctx);
    } catch (e) {
      // Same as Kafka: the batch is delivered again from the committed offset.
      this.context.logger.error(`group ${this.groupId} ${topic}/${partition}: handler failed, redelivering: ${(e as Error).message}`);
      await sleep(1000);
    }
    return true;
  }
}
