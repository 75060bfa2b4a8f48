import { CommandLineError, deadLetterTopic, eventHeaders, parseCommandLine, topics } from '@replenish/contracts';
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
  /** Who replays (DLQ_ACTOR, else the system user): the replayed events' `actor` header and the replay log say it. */
  actor?: string;
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
      messages: [{
        key: m.key,
        value: m.value,
        headers: {
          ...stripDeadLetterHeaders(m.headers),
          'replayed-from': `${deadLetterTopic(topic)}/${e.position}`,
          ...(options.actor ? { [eventHeaders.actor]: options.actor } : {}),
        },
      }],
    }]);
    await broker.publish([{
      topic: replayLogTopic(topic),
      messages: [{ key: e.position, value: JSON.stringify({ eventId: e.eventId ?? null, replayedAt: new Date().toISOString(), replayedBy: options.actor ?? null }) }],
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
broker: KAFKA_BROKERS when set; else the embedded system running from this checkout (npm start);
        else BROKER=in-process with DATABASE_URL (the in-process broker's database)`;

type DlqCommand = { name: 'list'; topic: string } | { name: 'replay'; topic: string; options: ReplayOptions };

/** Reads a command line strictly: a mistyped option must never widen a replay to every dead letter. */
function parseDlqCommand(argv: string[]): DlqCommand {
  const [name, ...rest] = argv;
  if (name === 'list') {
    const { positionals } = parseCommandLine(rest, {}, 1);
    return { name, topic: topicOf(positionals) };
  }
  if (name === 'replay') {
    const { positionals, values } = parseCommandLine(rest, { 'event-id': { type: 'string' }, group: { type: 'string' }, 'dry-run': { type: 'boolean' } }, 1);
    return { name, topic: topicOf(positionals), options: { eventId: values['event-id'], group: values.group, dryRun: values['dry-run'] } };
  }
  throw new CommandLineError(name ? `Unknown command '${name}'` : 'Missing command');
}

function topicOf(positionals: string[]): string {
  const [topic] = positionals;
  if (!topic) throw new CommandLineError('Missing topic');
  if (topic.endsWith('.dlq')) throw new CommandLineError(`${topic} is a dead-letter topic: name the topic it belongs to (${topic.slice(0, -'.dlq'.length)})`);
  return topic;
}

/** Why `topic` is refused: neither a topic of the system (docs/asyncapi.yaml) nor one on the broker. */
async function unknownTopicError(broker: Broker, topic: string): Promise<string | undefined> {
  const known: string[] = Object.values(topics);
  if (known.includes(topic) || (await broker.partitionCount(topic)) !== undefined || (await broker.partitionCount(deadLetterTopic(topic))) !== undefined) {
    return undefined;
  }
  return `unknown topic ${topic}; topics: ${known.join(', ')}`;
}

export interface DlqOutput {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Runs one CLI command; returns the exit code: 2, with nothing done and no broker opened, for a command line it
 * does not understand; 2 for an unknown topic.
 */
export async function runDlqCommand(argv: string[], openBroker: () => Broker, io: DlqOutput, actor?: string): Promise<number> {
  if (argv.length === 1 && ['--help', '-h', 'help'].includes(argv[0]!)) {
    io.out(usage);
    return 0;
  }
  let command: DlqCommand;
  try {
    command = parseDlqCommand(argv);
  } catch (e) {
    if (!(e instanceof CommandLineError)) throw e;
    io.err(`dlq: ${e.message}`);
    io.err(usage);
    return 2;
  }
  const broker = openBroker();
  const { topic } = command;
  const unknown = await unknownTopicError(broker, topic);
  if (unknown) {
    io.err(`dlq: ${unknown}`);
    return 2;
  }
  if (command.name === 'list') {
    const entries = await listDeadLetters(broker, topic);
    for (const e of entries) io.out(formatEntry(e));
    io.out(`${entries.length} dead letter(s) in ${deadLetterTopic(topic)}, ${entries.filter((e) => !e.replayed).length} not replayed`);
    return 0;
  }
  const { dryRun } = command.options;
  const done = await replayDeadLetters(broker, topic, { ...command.options, ...(actor ? { actor } : {}) });
  for (const e of done) io.out(`${dryRun ? 'would replay' : 'replayed'} ${formatEntry(e)}`);
  io.out(`${done.length} event(s) ${dryRun ? 'would be ' : ''}replayed to ${topic}`);
  return 0;
}
