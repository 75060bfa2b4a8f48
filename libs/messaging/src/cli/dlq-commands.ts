import { deadLetterTopic } from '@replenish/contracts';
import type { Broker, ConsumedMessage } from '../broker/broker.js';
import { DLQ_HEADERS, stripDeadLetterHeaders } from '../consumer/dead-letter.js';

/** Topic recording which dead letters were replayed (one record per replayed DLQ message). */
export const replayLogTopic = (topic: string): string => `${deadLetterTopic(topic)}.replayed`;

export interface DeadLetterEntry {
  /** `<partition>@<offset>` in the dead-letter topic. */
  position: string;
  eventId?: string;
  eventType?: string;
  consumerGroup?: string;
  failedAt?: string;
  reason: string;
  originalTopic: string;
  originalPosition: string;
  replayed: boolean;
  message: ConsumedMessage;
}

const positionOf = (m: ConsumedMessage): string => `${m.partition}@${m.offset}`;

export async function listDeadLetters(broker: Broker, topic: string): Promise<DeadLetterEntry[]> {
  const dlq = deadLetterTopic(topic);
  if ((await broker.partitionCount(dlq)) === undefined) return [];
  const replayed = new Set<string>();
  if ((await broker.partitionCount(replayLogTopic(topic))) !== undefined) {
    for (const r of await broker.readAll(replayLogTopic(topic))) if (r.key) replayed.add(r.key);
  }
  return (await broker.readAll(dlq)).map((m) => ({
    position: positionOf(m),
    eventId: m.headers[DLQ_HEADERS.eventId],
    eventType: m.headers[DLQ_HEADERS.eventType],
    consumerGroup: m.headers[DLQ_HEADERS.consumerGroup],
    failedAt: m.headers[DLQ_HEADERS.failedAt],
    reason: m.headers[DLQ_HEADERS.reason] ?? '(no reason header)',
    originalTopic: m.headers[DLQ_HEADERS.originalTopic] ?? topic,
    originalPosition: `${m.headers[DLQ_HEADERS.originalPartition] ?? '?'}@${m.headers[DLQ_HEADERS.originalOffset] ?? '?'}`,
    replayed: replayed.has(positionOf(m)),
    message: m,
  }));
}

export interface ReplayOptions {
  eventId?: string;
  group?: string;
  dryRun?: boolean;
}

/**
 * Publishes the not-yet-replayed dead letters of `topic` (optionally one event id / one group) to their
 * original topic, once: each replayed DLQ position is appended to `<topic>.dlq.replayed`. If the command
 * dies between the two writes the event may be replayed again; consumers dedupe it by event id.
 */
export async function replayDeadLetters(broker: Broker, topic: string, options: ReplayOptions = {}): Promise<DeadLetterEntry[]> {
  const todo = (await listDeadLetters(broker, topic)).filter(
    (e) => !e.replayed && (!options.eventId || e.eventId === options.eventId) && (!options.group || e.consumerGroup === options.group),
  );
  if (options.dryRun || todo.length === 0) return todo;
  await broker.createTopics([{ topic: replayLogTopic(topic), numPartitions: 1 }]);
  for (const e of todo) {
    const m = e.message;
    await broker.publish([{
      topic: e.originalTopic,
      messages: [{ key: m.key, value: m.value, headers: { ...stripDeadLetterHeaders(m.headers), 'replayed-from': `${deadLetterTopic(topic)}/${e.position}` } }],
    }]);
    await broker.publish([{
      topic: replayLogTopic(topic),
      messages: [{ key: e.position, value: JSON.stringify({ eventId: e.eventId ?? null, replayedAt: new Date().toISOString() }) }],
    }]);
  }
  return todo;
}

export const formatEntry = (e: DeadLetterEntry): string =>
  [
    `${e.position}`,
    e.replayed ? 'replayed' : 'pending',
    e.eventType ?? '-',
    e.eventId ?? '-',
    `group=${e.consumerGroup ?? '-'}`,
    `from=${e.originalTopic}/${e.originalPosition}`,
    `failed=${e.failedAt ?? '-'}`,
    `reason=${e.reason}`,
  ].join('  ');

export const usage = `usage: npm run dlq -- <command>
  list <topic>                                      dead-lettered events of <topic> (from <topic>.dlq) with their reason
  replay <topic> [--event-id ID] [--group G] [--dry-run]
                                                    re-publish them to <topic>, each at most once
environment: KAFKA_BROKERS (default 127.0.0.1:9092); BROKER=in-process with DATABASE_URL for the embedded broker`;

/** Runs one CLI command; returns the exit code. */
export async function runDlqCommand(argv: string[], broker: Broker, print: (line: string) => void): Promise<number> {
  const [cmd, topic, ...rest] = argv;
  const flag = (name: string): string | undefined => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (!topic || (cmd !== 'list' && cmd !== 'replay')) {
    print(usage);
    return 2;
  }
  if (cmd === 'list') {
    const entries = await listDeadLetters(broker, topic);
    for (const e of entries) print(formatEntry(e));
    print(`${entries.length} dead letter(s) in ${deadLetterTopic(topic)}, ${entries.filter((e) => !e.replayed).length} not replayed`);
    return 0;
  }
  const dryRun = rest.includes('--dry-run');
  const done = await replayDeadLetters(broker, topic, { eventId: flag('--event-id'), group: flag('--group'), dryRun });
  for (const e of done) print(`${dryRun ? 'would replay' : 'replayed'} ${formatEntry(e)}`);
  print(`${done.length} event(s) ${dryRun ? 'would be ' : ''}replayed to ${topic}`);
  return 0;
}
