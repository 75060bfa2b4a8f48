/**
 * `npm run bench:messaging`: events/s and latency (outbox insert -> consumer effect committed) through
 * EventPublisher -> outbox -> OutboxRelay -> Kafka -> EventConsumer (inbox + effect in one transaction),
 * and, in the same run, bare kafkajs produce -> consume of the same messages as a baseline.
 * Env: KAFKA_BROKERS (127.0.0.1:9092), DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_EVENTS (50000), BENCH_PARTITIONS (6), BENCH_WRITERS (4), BENCH_TX_EVENTS (100),
 * BENCH_DB_EFFECT (0: the handler's effect is in memory and the inbox row is the per-event DB write;
 * 1: the handler also inserts one row per event).
 *
 * As in production the publishing side (writers + relay) and the consuming side run apart: the consumer
 * (and the baseline's consumer) in a worker thread with its own connections.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Kafka, logLevel, Partitioners, CompressionTypes } from 'kafkajs';
import { KafkaBroker } from '../broker/kafka-broker.js';
import { EventConsumer } from '../consumer/consumer.js';
import { silentLogger } from '../logger.js';
import { MessagingMetrics } from '../metrics.js';
import { EventPublisher } from '../outbox/publisher.js';
import { OutboxRelay } from '../outbox/relay.js';
import { createEnvelope } from '@replenish/contracts';
import { dropSchema, env, openDataSource, testCatalog, testEventOn, testPayload, type TestPayload } from '../testing/fixtures.js';

const N = Number(process.env.BENCH_EVENTS ?? 50_000);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 6);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 4);
const TX_EVENTS = Number(process.env.BENCH_TX_EVENTS ?? 100);
const KEYS = 1000;
const DB_EFFECT = process.env.BENCH_DB_EFFECT === '1';
const runId: string = isMainThread ? Date.now().toString(36) : (workerData as WorkerInput).runId;

interface Result {
  eventsPerSecond: number;
  p50: number;
  p99: number;
  seconds: number;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const summarize = (latencies: number[], startedAt: number, endedAt: number): Result => {
  const sorted = [...latencies].sort((a, b) => a - b);
  const seconds = (endedAt - startedAt) / 1000;
  return { eventsPerSecond: Math.round(latencies.length / seconds), p50: percentile(sorted, 50), p99: percentile(sorted, 99), seconds };
};

const waitFor = async (what: string, cond: () => Promise<boolean>, timeoutMs = 300_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

const kafka = new Kafka({ clientId: 'bench', brokers: env.kafkaBrokers, logLevel: logLevel.ERROR });
const admin = kafka.admin();

interface WorkerInput {
  kind: 'outbox' | 'baseline';
  runId: string;
  topic: string;
  schema: string;
}
type WorkerMessage = { type: 'ready' } | { type: 'done'; latencies: number[]; last: number; duplicates: number };

/** The consuming side, in a worker thread: EventConsumer (inbox + effect), or bare kafkajs for the baseline. */
async function consumerWorker(input: WorkerInput): Promise<void> {
  const latencies: number[] = [];
  let last = 0;
  const post = (m: WorkerMessage): void => parentPort!.postMessage(m);
  const finish = new Promise<void>((resolve) => parentPort!.once('message', () => resolve()));
  if (input.kind === 'outbox') {
    const ds = await openDataSource(input.schema, 6);
    const broker = new KafkaBroker(env.kafkaBrokers, 'bench-consumer', { kafka: { logLevel: logLevel.ERROR } });
    const def = testEventOn(input.topic);
    const metrics = new MessagingMetrics();
    const seen = new Set<string>();
    const consumer = new EventConsumer({
      broker, dataSource: ds, schema: input.schema, groupId: `bench-${input.runId}`, catalog: testCatalog(def), metrics, logger: silentLogger,
      partitionsConsumedConcurrently: 3,
      handlers: [{
        defs: def,
        handle: async (e, tx) => {
          if (DB_EFFECT) {
            const p = e.payload as TestPayload;
            await tx.query(`INSERT INTO "${input.schema}".bench_effects (event_id, product_id, quantity) VALUES ($1, $2, $3)`, [e.id, p.productId, p.quantity]);
          }
        },
      }],
      hooks: {
        afterDbCommit: (batch) => {
          const now = Date.now();
          for (const m of batch.messages) {
            const env = JSON.parse(m.value!.toString()) as { id: string; occurredAt: string };
            if (seen.has(env.id)) continue; // a redelivery: counted once
            seen.add(env.id);
            latencies.push(now - Date.parse(env.occurredAt));
          }
          last = now;
        },
      },
    });
    await consumer.start();
    post({ type: 'ready' });
    await finish;
    await consumer.close();
    await broker.close();
    await ds.destroy();
    post({ type: 'done', latencies, last, duplicates: metrics.duplicates });
  } else {
    const kafka = new Kafka({ clientId: 'bench-baseline-consumer', brokers: env.kafkaBrokers, logLevel: logLevel.ERROR });
    const consumer = kafka.consumer({ groupId: `bench-baseline-${input.runId}`, minBytes: 1, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: [input.topic], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        for (const m of batch.messages) latencies.push(now - Number(m.headers!.t0!.toString()));
        last = now;
      },
    });
    post({ type: 'ready' });
    await finish;
    await consumer.disconnect();
    post({ type: 'done', latencies, last, duplicates: 0 });
  }
}

/** Starts the consuming worker; it reports its latencies when told to stop. */
function startWorker(input: WorkerInput): { ready: Promise<void>; stop: () => Promise<{ latencies: number[]; last: number; duplicates: number }> } {
  const worker = new Worker(new URL(import.meta.url), { workerData: input });
  const messages: WorkerMessage[] = [];
  const waiters: Array<() => void> = [];
  worker.on('message', (m: WorkerMessage) => {
    messages.push(m);
    for (const w of waiters.splice(0)) w();
  });
  worker.on('error', (e) => {
    console.error('bench worker failed', e);
    process.exit(2);
  });
  const next = async (type: WorkerMessage['type']): Promise<WorkerMessage> => {
    for (;;) {
      const m = messages.find((x) => x.type === type);
      if (m) return m;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return {
    ready: next('ready').then(() => undefined),
    stop: async () => {
      worker.postMessage('stop');
      const done = (await next('done')) as Extract<WorkerMessage, { type: 'done' }>;
      await worker.terminate();
      return done;
    },
  };
}

/** Progress is read from the database (inbox rows) while the run goes on. */
async function benchOutbox(topic: string): Promise<Result & { relayed: number; duplicates: number }> {
  const schema = `bench_messaging_${runId}`;
  const ds = await openDataSource(schema, 8);
  await ds.query(`CREATE TABLE "${schema}".bench_effects (event_id uuid PRIMARY KEY, product_id text NOT NULL, quantity numeric NOT NULL)`);
  const broker = new KafkaBroker(env.kafkaBrokers, 'bench-outbox', { kafka: { logLevel: logLevel.ERROR } });
  const def = testEventOn(topic);
  const metrics = new MessagingMetrics();
  const publisher = new EventPublisher({ serviceName: 'bench', schema, metrics });
  const relay = new OutboxRelay({ dataSource: ds, schema, broker, metrics, batchSize: 2000, logger: silentLogger });
  const worker = startWorker({ kind: 'outbox', runId, topic, schema });
  await worker.ready;
  relay.start();
  const inboxCount = async (): Promise<number> =>
    ((await ds.query(`SELECT count(*)::int AS n FROM "${schema}".inbox`)) as Array<{ n: number }>)[0].n;
  // warm-up: group joined, producer connected, relay active
  await ds.transaction((tx) => publisher.publish(tx, def, testPayload('warmup', 0)));
  await waitFor('warm-up event', async () => (await inboxCount()) >= 1, 120_000);

  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < N) {
        const from = next;
        const count = Math.min(TX_EVENTS, N - from);
        next += count;
        await ds.transaction((tx) =>
          publisher.publishMany(tx, Array.from({ length: count }, (_, i) => ({ def, payload: testPayload(`p${(from + i) % KEYS}`, from + i) }))),
        );
      }
    }),
  );
  const inserted = Date.now();
  await waitFor('all effects', async () => (await inboxCount()) >= N + 1);
  const done = await worker.stop();
  const latencies = done.latencies.slice(1); // without the warm-up event
  const result = summarize(latencies, started, done.last);
  console.log(`  outbox writes done after ${((inserted - started) / 1000).toFixed(2)} s (${Math.round(N / ((inserted - started) / 1000))} events/s inserted)`);
  if (DB_EFFECT) {
    const effects = (await ds.query(`SELECT count(*)::int AS n FROM "${schema}".bench_effects`)) as Array<{ n: number }>;
    if (effects[0].n !== N + 1) throw new Error(`bench: expected ${N + 1} effects, found ${effects[0].n}`);
  }
  await relay.stop();
  await broker.close();
  await dropSchema(ds, schema);
  await ds.destroy();
  return { ...result, relayed: metrics.relayed, duplicates: done.duplicates };
}

async function benchBaseline(topic: string): Promise<Result> {
  const def = testEventOn(topic);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const worker = startWorker({ kind: 'baseline', runId, topic, schema: '' });
  await worker.ready;
  const send = async (from: number, count: number): Promise<void> => {
    const t0 = String(Date.now());
    await producer.send({
      topic, acks: -1, compression: CompressionTypes.None,
      messages: Array.from({ length: count }, (_, i) => {
        // the same bytes the outbox run sends: a validated envelope as JSON
        const e = createEnvelope(def, testPayload(`p${(from + i) % KEYS}`, from + i), { source: 'bench' });
        return { key: e.key, value: JSON.stringify(e), headers: { t0 } };
      }),
    });
  };
  await send(0, 1); // warm-up
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < N) {
        const from = next;
        const count = Math.min(TX_EVENTS, N - from);
        next += count;
        await send(from, count);
      }
    }),
  );
  // the consumer reports at the end: wait until the group has committed up to the end of the topic
  const ends = await admin.fetchTopicOffsets(topic);
  const total = ends.reduce((n, p) => n + Number(p.high), 0);
  await waitFor('baseline consumed', async () => {
    const offsets = await admin.fetchOffsets({ groupId: `bench-baseline-${runId}`, topics: [topic] });
    return offsets[0].partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0) >= total;
  });
  const done = await worker.stop();
  const result = summarize(done.latencies.slice(1), started, done.last);
  await producer.disconnect();
  return result;
}

const fmt = (r: Result): string => `${r.eventsPerSecond.toLocaleString('en-US')} events/s, p50 ${r.p50} ms, p99 ${r.p99} ms (${r.seconds.toFixed(2)} s)`;

async function main(): Promise<void> {
  await admin.connect();
  const outboxTopic = `bench.messaging.${runId}`;
  const baselineTopic = `bench.baseline.${runId}`;
  await admin.createTopics({ waitForLeaders: true, topics: [outboxTopic, `${outboxTopic}.dlq`, baselineTopic].map((topic) => ({ topic, numPartitions: PARTITIONS })) });
  try {
    console.log(`messaging benchmark: ${N} events, ${PARTITIONS} partitions, ${WRITERS} writers x ${TX_EVENTS} events per transaction, ${KEYS} keys`);
    const outbox = await benchOutbox(outboxTopic);
    console.log(`outbox -> relay -> Kafka -> inbox + effect: ${fmt(outbox)}; relayed ${outbox.relayed}, duplicates skipped ${outbox.duplicates}`);
    const baseline = await benchBaseline(baselineTopic);
    console.log(`baseline bare kafkajs produce -> consume:   ${fmt(baseline)}`);
    const ratio = outbox.eventsPerSecond / baseline.eventsPerSecond;
    console.log(`ratio (outbox / baseline events/s): ${ratio.toFixed(2)}`);
    const ok = outbox.eventsPerSecond >= 5000 && ratio >= 0.25;
    console.log(`targets (>= 5,000 events/s, ratio >= 0.25): ${ok ? 'met' : 'NOT met'}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await admin.deleteTopics({ topics: [outboxTopic, `${outboxTopic}.dlq`, baselineTopic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

if (isMainThread) await main();
else await consumerWorker(workerData as WorkerInput);
