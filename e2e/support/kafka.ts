import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { createEnvelope, type AnyEventDefinition, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { envelopeHeaders } from '@replenish/messaging';

export interface ProduceOptions {
  /** Envelope source. Default 'e2e'. */
  source?: string;
  correlationId?: string;
  causedBy?: Pick<EventEnvelope, 'id' | 'correlationId'>;
}

const brokerList = (brokers?: string | string[]): string[] => {
  const raw = brokers ?? process.env.KAFKA_BROKERS;
  if (!raw || raw.length === 0) throw new Error('KAFKA_BROKERS is not set (the jest global setup sets it)');
  return (Array.isArray(raw) ? raw : raw.split(',')).map((b) => b.trim()).filter(Boolean);
};

const client = (brokers: string[]) =>
  new Kafka({ clientId: `replenish-e2e-${process.pid}`, brokers, logLevel: logLevel.WARN, retry: { retries: 5 } });

const isBrokers = (v: unknown): v is string | string[] => typeof v === 'string' || Array.isArray(v);

/**
 * Publishes one event the way an upstream system would: a valid envelope (createEnvelope from contracts)
 * on the definition's topic, keyed by its key, with the usual headers. Returns the envelope.
 *   produceEvent(def, payload, options?)            brokers from KAFKA_BROKERS
 *   produceEvent(brokers, def, payload, options?)
 */
export function produceEvent<D extends AnyEventDefinition>(def: D, payload: PayloadOf<D>, options?: ProduceOptions): Promise<EventEnvelope<PayloadOf<D>>>;
export function produceEvent<D extends AnyEventDefinition>(brokers: string | string[], def: D, payload: PayloadOf<D>, options?: ProduceOptions): Promise<EventEnvelope<PayloadOf<D>>>;
export async function produceEvent(...args: unknown[]): Promise<EventEnvelope> {
  const [brokers, def, payload, options] = (isBrokers(args[0]) ? args : [undefined, ...args]) as [
    string | string[] | undefined,
    AnyEventDefinition,
    unknown,
    ProduceOptions | undefined,
  ];
  const envelope = createEnvelope(def, payload, { source: options?.source ?? 'e2e', correlationId: options?.correlationId, causedBy: options?.causedBy });
  await produceRaw(brokers, def.topic, [{ key: envelope.key, value: JSON.stringify(envelope), headers: envelopeHeaders(envelope) }]);
  return envelope;
}

/** Sends raw messages (e.g. a poison message for a dead-letter test). */
export async function produceRaw(
  brokers: string | string[] | undefined,
  topic: string,
  messages: { key: string | null; value: string | Buffer | null; headers?: Record<string, string> }[],
): Promise<void> {
  const producer = client(brokerList(brokers)).producer({ createPartitioner: Partitioners.DefaultPartitioner, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

export interface ConsumeOptions {
  /** Resolve once this many matching events were seen. Default 1. */
  count?: number;
  /** Default 30 s; then the promise rejects saying how many matched. */
  timeoutMs?: number;
  brokers?: string | string[];
  /** Read the topic from the beginning (default) or only what arrives after joining. */
  fromBeginning?: boolean;
}

export interface ConsumedEvent<P = unknown> {
  envelope: EventEnvelope<P>;
  partition: number;
  offset: string;
  headers: Record<string, string>;
}

type Predicate = (event: EventEnvelope, message: { partition: number; offset: string; headers: Record<string, string> }) => boolean;

/**
 * Reads a topic with a fresh consumer group and resolves with the first `count` events matching the
 * predicate (envelopes parsed from JSON; unparsable messages are skipped). Dead-letter topics work too:
 * their headers (reason...) are in `headers`.
 *   consumeEvents(topic, predicate, { count, timeoutMs, brokers })
 *   consumeEvents(brokers, topic, predicate, timeoutMs?)
 */
export function consumeEvents<P = unknown>(topic: string, predicate: Predicate, options?: ConsumeOptions): Promise<ConsumedEvent<P>[]>;
export function consumeEvents<P = unknown>(brokers: string | string[], topic: string, predicate: Predicate, timeoutMs?: number): Promise<ConsumedEvent<P>[]>;
export async function consumeEvents(...args: unknown[]): Promise<ConsumedEvent[]> {
  let topic: string, predicate: Predicate, options: ConsumeOptions;
  if (typeof args[1] === 'string') {
    topic = args[1];
    predicate = args[2] as Predicate;
    options = { brokers: args[0] as string | string[], timeoutMs: args[3] as number | undefined };
  } else {
    topic = args[0] as string;
    predicate = args[1] as Predicate;
    options = (args[2] as ConsumeOptions | undefined) ?? {};
  }
  const count = options.count ?? 1;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const consumer = client(brokerList(options.brokers)).consumer({ groupId: `e2e-${randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  const matched: ConsumedEvent[] = [];
  let seen = 0;
  await consumer.connect();
  try {
    return await new Promise<ConsumedEvent[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out after ${timeoutMs} ms on ${topic}: ${matched.length} of ${count} matching events (${seen} read)`)),
        timeoutMs,
      );
      consumer
        .subscribe({ topics: [topic], fromBeginning: options.fromBeginning ?? true })
        .then(() =>
          consumer.run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              seen++;
              if (matched.length >= count || !message.value) return;
              let envelope: EventEnvelope;
              try {
                envelope = JSON.parse(message.value.toString()) as EventEnvelope;
              } catch {
                return;
              }
              // Topics are read from their beginning, so what other runs left passes by too, the bad-input corpus's
              // among them (null, a string, an envelope without an object payload): none of those is an event.
              if (!isEnvelope(envelope)) return;
              const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? '']));
              const meta = { partition, offset: message.offset, headers };
              if (!predicate(envelope, meta)) return;
              matched.push({ envelope, ...meta });
              if (matched.length >= count) {
                clearTimeout(timer);
                resolve(matched.slice(0, count));
              }
            },
          }),
        )
        .catch((e: unknown) => {
          clearTimeout(timer);
          reject(e);
        });
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

const isEnvelope = (v: unknown): v is EventEnvelope =>
  typeof v === 'object' && v !== null && typeof (v as EventEnvelope).type === 'string'
  && typeof (v as EventEnvelope).payload === 'object' && (v as EventEnvelope).payload !== null;
