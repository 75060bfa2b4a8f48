import { deadLetterHeaders, deadLetterTopic, eventHeaders } from '@replenish/contracts';
import type { BrokerRecord, ConsumedMessage, TopicRecords } from '../broker/broker.js';

/** Headers every dead letter carries (besides the original message's own headers): named in contracts. */
export const DLQ_HEADERS = deadLetterHeaders;

export interface DeadLetter {
  message: ConsumedMessage;
  reason: string;
  eventType?: string;
  eventId?: string;
  attempts?: number;
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
