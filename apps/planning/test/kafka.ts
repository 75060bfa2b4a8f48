/* eslint-disable @typescript-eslint/no-explicit-any -- tests read envelopes loosely */
// Reading what the services published, from Kafka (the outbox rows are deleted once relayed). A "mark" is
// the end offsets of topics taken before the test acts; readEvents starts there, so a topic's history
// (other runs, benchmarks) is never scanned.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { setGroupOffsets } from '@replenish/test-infra';

export type TopicMarks = Map<string, { partition: number; offset: string }[]>;

const kafka = (brokers: string[]) => new Kafka({ clientId: `planning-test-${process.pid}`, brokers, logLevel: logLevel.NOTHING });

export async function markTopics(brokers: string[], topicNames: string[]): Promise<TopicMarks> {
  const admin = kafka(brokers).admin();
  await admin.connect();
  try {
    const marks: TopicMarks = new Map();
    for (const t of topicNames) marks.set(t, (await admin.fetchTopicOffsets(t)).map((p) => ({ partition: p.partition, offset: p.offset })));
    return marks;
  } finally {
    await admin.disconnect();
  }
}

export interface ReadEvent {
  envelope: any;
  headers: Record<string, string>;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
}

/**
 * Reads `topic` from its mark with a fresh consumer group until `count` messages match (or `timeoutMs`).
 * `value` is the raw text; `envelope` its JSON (undefined when not JSON).
 */
export async function readEvents(
  brokers: string[],
  marks: TopicMarks,
  topic: string,
  predicate: (e: ReadEvent) => boolean,
  options: { count?: number; timeoutMs?: number; settleMs?: number } = {},
): Promise<ReadEvent[]> {
  const count = options.count ?? 1;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const from = marks.get(topic);
  if (!from) throw new Error(`topic ${topic} was not marked`);
  const groupId = `planning-test-${randomUUID()}`;
  // Committed rather than sought: a rejoin (rebalance) resumes from the mark, not from the topic's start.
  await setGroupOffsets(brokers, groupId, new Map([[topic, from]]));
  const k = kafka(brokers);
  const consumer = k.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 200 });
  await consumer.connect();
  const matched: ReadEvent[] = [];
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms on ${topic}: ${matched.length} of ${count} matching`)), timeoutMs);
      let settle: NodeJS.Timeout | undefined;
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const value = message.value?.toString() ?? null;
            let envelope: any;
            try {
              envelope = value ? JSON.parse(value) : undefined;
            } catch {
              envelope = undefined;
            }
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([h, v]) => [h, v?.toString() ?? '']));
            const e: ReadEvent = { envelope, headers, partition, offset: message.offset, key: message.key?.toString() ?? null, value };
            if (!predicate(e)) return;
            matched.push(e);
            if (matched.length === count) {
              clearTimeout(timer);
              // settleMs > 0: keep reading a little to catch unexpected extra matches
              if (options.settleMs) settle = setTimeout(resolve, options.settleMs);
              else resolve();
            }
          },
        })
        .catch((err: unknown) => {
          clearTimeout(timer);
          if (settle) clearTimeout(settle);
          reject(err as Error);
        });
    });
    return matched;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    const a = k.admin();
    await a.connect().then(() => a.deleteGroups([groupId])).catch(() => undefined).finally(() => a.disconnect().catch(() => undefined));
  }
}
