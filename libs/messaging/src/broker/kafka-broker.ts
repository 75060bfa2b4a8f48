import { connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Kafka, logLevel, Partitioners, CompressionTypes, type Admin, type Consumer, type KafkaConfig, type Producer, type ProducerConfig, type ConsumerConfig, type ConsumerRunConfig, type IHeaders, type ISocketFactory } from 'kafkajs';
import type { Broker, ConsumedMessage, GroupMembership, SubscribeOptions, Subscription, TopicRecords, TopicSpec } from './broker.js';
import { chunkRecords } from './chunk-records.js';
import { OffsetCommitter } from './offset-committer.js';
import { kafkajsLogCreator } from './kafkajs-log.js';
import { consoleLogger, type MessagingLogger } from '../logger.js';
import { withTimeout } from '../util.js';

export interface KafkaBrokerOptions {
  /** Extra kafkajs client settings (ssl, sasl, retry...). */
  kafka?: Partial<KafkaConfig>;
  producer?: Partial<ProducerConfig>;
  /** Consumer settings for every subscription (groupId is set per subscription). */
  consumer?: Partial<ConsumerConfig>;
  /** Partitions of topics created by `createTopics` without a count. Default 3. */
  defaultPartitions?: number;
  /** Largest produce request in bytes; a relay round is split into requests of this size. Default 512 KiB (the broker refuses batches over 1 MiB). */
  maxRequestBytes?: number;
  /** At most one offset commit request per subscription per this many ms (decision messaging-005). Default 200; 0 commits every batch at once. */
  commitIntervalMs?: number;
  /** The adapter's warnings (a failed offset commit) and kafkajs's own log lines; default: the console, kafkajs's own format. */
  logger?: MessagingLogger;
}

/** Headers as strings (kafkajs gives Buffers, arrays or undefined). */
export const decodeHeaders = (headers: IHeaders | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    const one = Array.isArray(v) ? v[v.length - 1] : v;
    if (one !== undefined) out[k] = one.toString();
  }
  return out;
};

/**
 * kafkajs's socket factory plus TCP_NODELAY, which kafkajs leaves off. A consumer's heartbeat or offset commit
 * shares the broker connection with its long-polling fetch; with Nagle on, that small request waits for the
 * broker's delayed ACK of the fetch.
 */
export const noDelaySocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
    : netConnect({ host, port }, onConnect);
  socket.setKeepAlive(true, 60_000);
  socket.setNoDelay(true);
  return socket;
};

/**
 * Kafka adapter (kafkajs 2.2.4). One idempotent producer (acks=all, one request in flight: order per
 * partition survives retries), one kafkajs consumer per subscription (`eachBatch`, no auto commit, no
 * auto resolve: offsets move only through `ctx.commit`, coalesced by an OffsetCommitter).
 */
export class KafkaBroker implements Broker {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;
  private readonly subscriptions = new Set<Subscription>();
  private readonly connected = new Set<Producer | Admin>();
  private closed = false;
  private readonly closing = closingSignal();

  constructor(
    readonly brokers: string[],
    readonly clientId: string,
    private readonly options: KafkaBrokerOptions = {},
  ) {
    this.kafka = new Kafka({
      clientId,
      brokers,
      logLevel: logLevel.WARN,
      retry: { initialRetryTime: 200, retries: 8 },
      socketFactory: noDelaySocketFactory,
      ...(options.logger ? { logCreator: kafkajsLogCreator(options.logger) } : {}),
      ...options.kafka,
    });
  }

  private getProducer(): Promise<Producer> {
    if (this.closed) return Promise.reject(new Error('broker closed'));
    this.producer ??= this.connecting(
      this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
        ...this.options.producer,
      }),
      () => (this.producer = undefined),
    );
    return this.untilClosed(this.producer);
  }

  /**
   * The admin's calls one at a time: kafkajs's admin keeps one metadata of the cluster, which fetchTopicMetadata of
   * one topic replaces; a fetchTopicOffsets of another topic at the same time then finds no partitions and throws
   * ("Cannot destructure property 'partitions'", kafkajs issue 461).
   */
  private adminQueue: Promise<unknown> = Promise.resolve();

  private adminInTurn<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const next = this.adminQueue.then(async () => work(await this.getAdmin()));
    this.adminQueue = next.catch(() => undefined);
    return next;
  }

  private getAdmin(): Promise<Admin> {
    if (this.closed) return Promise.reject(new Error('broker closed'));
    this.admin ??= this.connecting(this.kafka.admin(), () => (this.admin = undefined));
    return this.untilClosed(this.admin);
  }

  /** Connects a client; a failed connection is forgotten (`forget`) so that the next call tries again. */
  private connecting<C extends Producer | Admin>(client: C, forget: () => void): Promise<C> {
    return client.connect().then(
      () => {
        // Connected after close() gave it up: nobody will use it.
        if (this.closed) void client.disconnect().catch(() => undefined);
        else this.connected.add(client);
        return client;
      },
      (e: unknown) => {
        forget();
        throw e;
      },
    );
  }

  /**
   * A connection still being made is given up by its callers when the broker closes: kafkajs retries an unreachable
   * broker for about a minute, which would hold a graceful shutdown (the relay's round, a consumer's start) as long.
   */
  private untilClosed<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.closing.promise]);
  }

  async publish(records: TopicRecords[]): Promise<void> {
    const nonEmpty = records.filter((r) => r.messages.length > 0);
    if (nonEmpty.length === 0) return;
    const producer = await this.getProducer();
    // Sequential requests keep the order per key; each stays under the broker's batch limit.
    for (const chunk of chunkRecords(nonEmpty, this.options.maxRequestBytes ?? 512 * 1024)) {
      await producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: chunk.map((r) => ({
          topic: r.topic,
          messages: r.messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        })),
      });
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.closed) throw new Error('broker closed');
    const consumer: Consumer = this.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      // Decision messaging-011: a member killed without leaving holds its partitions (and the join of its
      // successor) for sessionTimeout; a rebalance waits rebalanceTimeout at most for a member busy in a batch.
      ...CONSUMER_GROUP_TIMEOUTS,
      minBytes: 1,
      maxWaitTimeInMs: 100,
      ...this.options.consumer,
    });
    const membership = groupMembership(consumer);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    } catch (e) {
      await consumer.disconnect().catch(() => undefined);
      throw e;
    }
    const logger = this.options.logger ?? consoleLogger('kafka-broker');
    const committer = new OffsetCommitter({
      intervalMs: this.options.commitIntervalMs ?? 200,
      commit: (offsets) => consumer.commitOffsets(offsets),
      onError: (e, offsets) => logger.warn(`group ${options.groupId}: offset commit of ${offsets.map((o) => `${o.topic}/${o.partition}@${o.offset}`).join(', ')} failed, those events may come again (the inbox dedupes): ${e.message}`),
    });
    const runConfig: ConsumerRunConfig = {
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (batch.messages.length === 0) return;
        const messages: ConsumedMessage[] = batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key ? m.key.toString() : null,
          value: m.value,
          headers: decodeHeaders(m.headers),
          timestamp: Number(m.timestamp),
        }));
        // A heartbeat in the batch that meets a rebalance: the batch goes on to its end, then the error goes back to
        // kafkajs, whose cue to rejoin it is. Its own heartbeat after the batch would not meet it (heartbeats are
        // throttled to one a heartbeatInterval), leaving the whole group waiting for this member until rebalanceTimeout.
        let rebalance: unknown;
        const beat = async () => {
          try {
            await heartbeat();
          } catch (e) {
            if (mustRejoin(e)) rebalance ??= e;
            throw e;
          }
        };
        await options.handler(
          { topic: batch.topic, partition: batch.partition, messages },
          {
            heartbeat: beat,
            isRunning,
            isStale,
            commit: (nextOffset) => {
              resolveOffset((BigInt(nextOffset) - 1n).toString());
              return committer.mark({ topic: batch.topic, partition: batch.partition, offset: nextOffset });
            },
          },
        );
        if (rebalance) throw rebalance;
      },
    };
    await consumer.run(runConfig);
    let closing: Promise<void> | undefined;
    const restarts = restartAfterGivingUp(consumer, runConfig, () => closing !== undefined || this.closed, (e, inMs) =>
      logger.error(`group ${options.groupId}: kafkajs stopped the consumer (${e}); starting it again in ${inMs} ms`));
    const sub: Subscription = {
      close: () => {
        closing ??= (async () => {
          this.subscriptions.delete(sub);
          // Pending marks go now; a batch in flight commits its own at once (the committer is closing). stop()
          // waits for that batch, then leaves the group.
          restarts.cancel();
          await committer.close();
          await consumer.stop();
          await consumer.disconnect();
          membership.left();
        })();
        return closing;
      },
      membership: () => membership.current,
    };
    this.subscriptions.add(sub);
    return sub;
  }

  createTopics(topics: TopicSpec[]): Promise<void> {
    return this.adminInTurn((admin) => this.createMissingTopics(admin, topics));
  }

  private async createMissingTopics(admin: Admin, topics: TopicSpec[]): Promise<void> {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.numPartitions ?? this.options.defaultPartitions ?? 3, replicationFactor: -1 })),
      });
    } catch (e) {
      // Another process created it meanwhile: fine.
      if (!/already exists/i.test(String((e as Error).message)) && !JSON.stringify(e).includes('TOPIC_ALREADY_EXISTS')) throw e;
    }
  }

  partitionCount(topic: string): Promise<number | undefined> {
    return this.adminInTurn(async (admin) => {
      if (!(await admin.listTopics()).includes(topic)) return undefined;
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      return meta.topics[0]?.partitions.length;
    });
  }

  /**
   * Reading a topic takes a throwaway group's join (seconds on a busy broker): what was read is kept while the
   * topic's offsets stay the same (dead-letter topics change rarely and are read at every look of an operator).
   */
  private readonly readCache = new Map<string, { ends: string; messages: ConsumedMessage[] }>();

  async readAll(topic: string): Promise<ConsumedMessage[]> {
    const ends = await this.topicOffsets(topic);
    const endsKey = ends.map((p) => `${p.partition}:${p.low}-${p.high}`).sort().join(',');
    const cached = this.readCache.get(topic);
    if (cached?.ends === endsKey) return [...cached.messages];
    const messages = await this.readBetween(topic, ends);
    if (messages.length <= READ_CACHE_MAX_MESSAGES) this.readCache.set(topic, { ends: endsKey, messages });
    else this.readCache.delete(topic);
    return [...messages];
  }

  private topicOffsets(topic: string): Promise<{ partition: number; low: string; high: string }[]> {
    return this.adminInTurn((admin) => admin.fetchTopicOffsets(topic));
  }

  private async readBetween(topic: string, ends: readonly { partition: number; low: string; high: string }[]): Promise<ConsumedMessage[]> {
    const pending = new Map<number, bigint>();
    for (const p of ends) if (BigInt(p.high) > BigInt(p.low)) pending.set(p.partition, BigInt(p.high));
    const out: ConsumedMessage[] = [];
    if (pending.size === 0) return out;
    // A throwaway group that never commits: reads from the beginning, stops at the high watermarks seen above.
    const groupId = `${this.clientId}-read-${process.pid}-${Date.now()}`;
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const high = pending.get(batch.partition);
              if (high === undefined) return;
              for (const m of batch.messages) {
                if (BigInt(m.offset) >= high) break;
                out.push({
                  topic, partition: batch.partition, offset: m.offset, key: m.key ? m.key.toString() : null,
                  value: m.value, headers: decodeHeaders(m.headers), timestamp: Number(m.timestamp),
                });
                if (BigInt(m.offset) + 1n >= high) pending.delete(batch.partition);
              }
              if (pending.size === 0) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
      await (await this.getAdmin()).deleteGroups([groupId]).catch(() => undefined);
    }
    return out.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  }

  /** True when the broker describes its cluster within `timeoutMs` (connecting included: kafkajs retries a refused connection for long). */
  async healthCheck(timeoutMs = 1_000): Promise<boolean> {
    try {
      await withTimeout(this.getAdmin().then((admin) => admin.describeCluster()), timeoutMs);
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the subscriptions (they leave their groups) and the connected clients; connections still being made are given up. */
  async close(): Promise<void> {
    this.closed = true;
    this.closing.fire();
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.producer = undefined;
    this.admin = undefined;
    const clients = [...this.connected];
    this.connected.clear();
    await Promise.all(clients.map((c) => c.disconnect().catch(() => undefined)));
  }
}

/**
 * The group timeouts of every subscription (decision messaging-011). Heartbeats every second: a rebalance is seen
 * within a second. A member that stops heartbeating (killed, frozen) is out after 10 s, when its successor's join
 * completes: the broker's minimum is 6 s, and 10 s leaves room for a loaded machine's pauses without false
 * rebalances. A rebalance waits 30 s at most for a live member to finish its batch (a batch of failing events
 * retries some 3 s each, messaging-003) before it goes on without it.
 */
/** A topic read by `readAll` is kept in memory up to this many messages (dead-letter topics are far smaller). */
const READ_CACHE_MAX_MESSAGES = 10_000;

export const CONSUMER_GROUP_TIMEOUTS = { sessionTimeout: 10_000, rebalanceTimeout: 30_000, heartbeatInterval: 1_000 } as const;

/** A promise rejected ("broker closed") once fired; never an unhandled rejection. */
function closingSignal(): { promise: Promise<never>; fire(): void } {
  let fire!: () => void;
  const promise = new Promise<never>((_, reject) => (fire = () => reject(new Error('broker closed'))));
  promise.catch(() => undefined);
  return { promise, fire };
}

/** The errors kafkajs's runner answers by rejoining the group: its isRebalancing (not exported), and a member the coordinator dropped. */
const mustRejoin = (e: unknown): boolean =>
  ['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID'].includes((e as { type?: string }).type ?? '');

/** The first wait before a consumer kafkajs gave up on starts again, doubled after each start that fails again. */
export const CONSUMER_RESTART_DELAYS = { firstMs: 1_000, maxMs: 60_000 } as const;

/**
 * kafkajs restarts a consumer after a retriable crash only. After any other (an error that is not a KafkaJSError:
 * a TypeError escaping a handler, an error kafkajs deems final) it disconnects and stays stopped, and the service
 * would consume nothing until restarted by hand: it is run again here, after a wait that doubles while it keeps
 * crashing (the inbox makes the redelivered batch harmless). Health says `failed` meanwhile.
 */
function restartAfterGivingUp(
  consumer: Consumer,
  runConfig: ConsumerRunConfig,
  stopped: () => boolean,
  report: (error: string, inMs: number) => void,
): { cancel(): void } {
  let delay: number = CONSUMER_RESTART_DELAYS.firstMs;
  let lastCrash = 0;
  let timer: NodeJS.Timeout | undefined;
  const start = async () => {
    timer = undefined;
    if (stopped()) return;
    try {
      await consumer.connect();
      await consumer.run(runConfig);
    } catch (e) {
      schedule(e instanceof Error ? e.message : String(e));
    }
  };
  const schedule = (error: string) => {
    if (stopped() || timer) return;
    // A crash long after the last one starts the waits over; one that keeps coming waits longer each time.
    if (Date.now() - lastCrash > 2 * CONSUMER_RESTART_DELAYS.maxMs) delay = CONSUMER_RESTART_DELAYS.firstMs;
    lastCrash = Date.now();
    report(error, delay);
    timer = setTimeout(() => void start(), delay);
    delay = Math.min(delay * 2, CONSUMER_RESTART_DELAYS.maxMs);
  };
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) schedule(payload.error.message);
  });
  return {
    cancel: () => {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** Follows a kafkajs consumer's group membership through its instrumentation events. */
function groupMembership(consumer: Consumer): { readonly current: GroupMembership; left(): void } {
  let current: GroupMembership = { state: 'joining', since: Date.now() };
  const set = (state: GroupMembership['state'], error?: string) => {
    if (current.state === 'left') return;
    current = { state, since: current.state === state && !error ? current.since : Date.now(), ...(error ? { error } : {}) };
  };
  consumer.on(consumer.events.GROUP_JOIN, () => set('member'));
  consumer.on(consumer.events.REBALANCING, () => set('joining'));
  // kafkajs restarts a consumer after a retriable crash (the broker gone, a coordinator moved), joining anew.
  consumer.on(consumer.events.CRASH, ({ payload }) => set(payload.restart ? 'joining' : 'failed', payload.error.message));
  return {
    get current() {
      return current;
    },
    left: () => {
      current = { state: 'left', since: Date.now() };
    },
  };
}
