import { deadLetterHeaders, deadLetterTopic, eventHeaders, type EventEnvelope } from '@replenish/contracts';
import type { Broker, BrokerRecord, ConsumedMessage, TopicRecords } from '../broker/broker.js';
import type { MessagingLogger } from '../logger.js';
import { inEventContext } from './event-context.js';

/** Headers every dead letter carries (besides the original message's own headers): named in contracts. */
export const DLQ_HEADERS = deadLetterHeaders;

export interface DeadLetter {
  message: ConsumedMessage;
  reason: string;
  eventType?: string;
  eventId?: string;
  attempts?: number;
}

/** The dead letter of a valid event that failed for good on attempt `attempts`. */
export const failedEventDeadLetter = (ev: { message: ConsumedMessage; envelope: Pick<EventEnvelope, 'type' | 'id'> }, reason: string, attempts: number): DeadLetter => ({
  message: ev.message, reason, eventType: ev.envelope.type, eventId: ev.envelope.id, attempts,
});

/**
 * Creates `<topic>.dlq` for each topic (existing ones are left alone) with the partition count of its topic: a
 * dead letter keeps its key, so it lands in the partition of the same number as its original, and the dead
 * letters of a partition (and of a key) sit together in the order they failed. A topic that does not exist yet
 * gets the broker's default.
 */
export async function createDeadLetterTopics(broker: Broker, topics: readonly string[]): Promise<void> {
  const specs = [];
  for (const t of topics) specs.push({ topic: deadLetterTopic(t), numPartitions: (await broker.partitionCount(t)) ?? undefined });
  await broker.createTopics(specs);
}

/** One warning per published dead letter, in the correlation of its event (from the message's headers). */
export function logDeadLetters(dls: readonly DeadLetter[], logger: MessagingLogger): void {
  for (const d of dls) {
    const line = (): void => logger.warn(`dead-lettered ${d.message.topic}/${d.message.partition}@${d.message.offset}: ${d.reason}`);
    const correlationId = d.message.headers[eventHeaders.correlationId];
    if (correlationId) inEventContext({ correlationId, id: d.eventId ?? d.message.headers[eventHeaders.id] }, line);
    else line();
  }
}

/** Headers are free text for operators; keep them bounded. */
const clip = (s: string, max = 2000): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function deadLetterRecord(dl: DeadLetter, groupId: string, failedAt = new Date()): BrokerRecord {
  const m = dl.message;
  const headers: Record<string, string> = {
    ...m.headers,
    [DLQ_HEADERS.reason]: clip(dl.reason),
    [DLQ_HEADERS.originalTopic]: m.topic,
    [DLQ_HEADERS.originalPartition]: String(m.partition),
    [DLQ_HEADERS.originalOffset]: m.offset,
    [DLQ_HEADERS.consumerGroup]: groupId,
    [DLQ_HEADERS.failedAt]: failedAt.toISOString(),
  };
  const eventType = dl.eventType ?? m.headers[eventHeaders.type];
  const eventId = dl.eventId ?? m.headers[eventHeaders.id];
  if (eventType) headers[DLQ_HEADERS.eventType] = eventType;
  if (eventId) headers[DLQ_HEADERS.eventId] = eventId;
  if (dl.attempts !== undefined) headers[DLQ_HEADERS.attempts] = String(dl.attempts);
  return { key: m.key, value: m.value, headers };
}

/** Groups dead letters by their `<topic>.dlq`, keeping order. */
export function deadLetterBatches(dls: DeadLetter[], groupId: string, failedAt = new Date()): TopicRecords[] {
  const byTopic = new Map<string, TopicRecords>();
  for (const dl of dls) {
    const topic = deadLetterTopic(dl.message.topic);
    let t = byTopic.get(topic);
    if (!t) byTopic.set(topic, (t = { topic, messages: [] }));
    t.messages.push(deadLetterRecord(dl, groupId, failedAt));
  }
  return [...byTopic.values()];
}

/** Headers of a replayed message: the original headers without the dead-letter ones. */
export const stripDeadLetterHeaders = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !k.startsWith('dlq-')));
