// The bad-input corpus (issue 17): one table of what can go wrong in a message on an input topic, written once and
// sent by every service's tests/bad-input.spec.ts, interleaved with valid messages on the real Kafka. Each bad
// message carries the dead-letter reason it must get. test-infra imports no project: envelopes are plain JSON here.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';

/** An event envelope as it travels (libs/contracts' EventEnvelope, as JSON). */
export interface WireEnvelope {
  id: string;
  type: string;
  schemaVersion: number;
  key: string;
  payload: unknown;
  [field: string]: unknown;
}

/** One message of the corpus: what to send and the reason its dead letter must give. */
export interface BadMessage {
  /** What is wrong with it, as a test names it ("quantity: 40 digits"). */
  name: string;
  topic: string;
  key: string;
  /** The Kafka message value; null sends an empty value. */
  value: string | null;
  headers: Record<string, string>;
  reason: RegExp;
}

export type FieldPath = readonly (string | number)[];

/** A decimal field of the payload and the sign its contract allows. */
export interface DecimalField {
  path: FieldPath;
  sign: 'positive' | 'non-negative' | 'signed';
}

/** A reference the service must know (a product, a warehouse, a unit): the value to send and the refusal it gets. */
export interface UnknownReference {
  name: string;
  path: FieldPath;
  value: string;
  reason: RegExp;
}

/** An input topic of a service, as the corpus attacks it. */
export interface CorpusTarget {
  topic: string;
  /** A valid envelope of the topic, with a fresh id each call, that the bad ones are derived from. */
  valid: () => WireEnvelope;
  /** The message key of a payload (the event's keyOf), so a payload-level fault is refused for itself, not its key. */
  keyOf: (payload: Record<string, unknown>) => string;
  decimals?: readonly DecimalField[];
  /** Other required fields to leave out, besides the decimals. */
  required?: readonly FieldPath[];
  /** Calendar dates (YYYY-MM-DD) of the payload: planned dates of moves and order lines (issue 19). */
  dates?: readonly FieldPath[];
  references?: readonly UnknownReference[];
}

/** About 1 MB: past MAX_EVENT_BYTES of libs/contracts (1,000,000), yet under the broker's message.max.bytes (1 MiB). */
const ONE_MB_PADDING = 1_000_100;

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const dotted = (path: FieldPath): string => path.join('.');

function setAt(target: unknown, path: FieldPath, value: unknown): void {
  const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], target);
  const last = path[path.length - 1]!;
  if (value === undefined) delete (parent as Record<string | number, unknown>)[last];
  else (parent as Record<string | number, unknown>)[last] = value;
}

function message(target: CorpusTarget, name: string, envelope: WireEnvelope | null, value: string | null, reason: RegExp): BadMessage {
  const headers: Record<string, string> = {};
  if (typeof envelope?.id === 'string') headers['event-id'] = envelope.id;
  if (typeof envelope?.type === 'string') headers['event-type'] = envelope.type;
  return { name, topic: target.topic, key: envelope?.key ?? `bad-${randomUUID()}`, value, headers, reason };
}

/** The valid envelope with its payload changed at `path`, keyed again from the changed payload. */
function withPayload(target: CorpusTarget, path: FieldPath, value: unknown): WireEnvelope {
  const env = clone(target.valid());
  setAt(env.payload, path, value);
  try {
    const key = target.keyOf(env.payload as Record<string, unknown>);
    if (typeof key === 'string' && key.length > 0) env.key = key;
  } catch {
    // A key field itself was broken: the template's key stays, and the payload's own refusal comes first.
  }
  return env;
}

/** Faults of the message and its envelope, the same on every topic. */
function envelopeFaults(target: CorpusTarget): BadMessage[] {
  const v = target.valid();
  const json = JSON.stringify(v);
  const edited = (name: string, edit: (e: WireEnvelope) => void, reason: RegExp): BadMessage => {
    const e = clone(target.valid());
    edit(e);
    return message(target, name, e, JSON.stringify(e), reason);
  };
  return [
    message(target, 'empty value', null, null, /^empty message value$/),
    message(target, 'invalid JSON', null, '{"id": nope}', /^not JSON: /),
    message(target, 'truncated JSON', null, json.slice(0, Math.floor(json.length / 2)), /^not JSON: /),
    message(target, 'JSON null', null, 'null', /^invalid envelope: /),
    message(target, 'a JSON string, not an object', null, '"abc"', /^invalid envelope: /),
    edited('envelope without its id', (e) => { delete (e as Partial<WireEnvelope>).id; }, /^invalid envelope: id: /),
    edited('schemaVersion of the wrong type', (e) => { (e as Record<string, unknown>).schemaVersion = '1'; }, /^invalid envelope: schemaVersion: /),
    edited('unknown event type', (e) => { e.type = 'no-such.event'; }, new RegExp(`^unknown event type no-such\\.event on topic ${escape(target.topic)}$`)),
    edited('unknown schema version', (e) => { e.schemaVersion = 99; }, /^unsupported schema version 99 of /),
    edited('payload missing', (e) => { delete (e as Partial<WireEnvelope>).payload; }, /^invalid envelope: payload: /),
    edited('payload of the wrong type', (e) => { e.payload = 'abc'; }, /^invalid [a-z.-]+ payload: /),
    edited('about 1 MB', (e) => { (e.payload as Record<string, unknown>).padding = 'x'.repeat(ONE_MB_PADDING); }, /^message of \d+ bytes is past the bound of 1000000 bytes per event$/),
  ];
}

/** Faults of one decimal field: "abc", a JSON number, negative, 16 and 40 digits, 7 decimals, missing. */
function decimalFaults(target: CorpusTarget, field: DecimalField): BadMessage[] {
  const at = escape(dotted(field.path));
  const cases: [string, unknown, RegExp][] = [
    ['"abc"', 'abc', new RegExp(`payload: .*${at}: must be a decimal string`)],
    ['a JSON number', 12, new RegExp(`payload: .*${at}: .*expected string`)],
    ['overflowing (16 digits)', '1000000000000000', new RegExp(`payload: .*${at}: has 16 digits before the decimal point, past the quantity bound of 15`)],
    ['40 digits', '9'.repeat(40), new RegExp(`payload: .*${at}: has 40 digits before the decimal point, past the quantity bound of 15`)],
    ['7 decimals', '1.1234567', new RegExp(`payload: .*${at}: has 7 decimals, past the quantity bound of 6`)],
    ['missing', undefined, new RegExp(`payload: .*${at}: .*expected string`)],
  ];
  if (field.sign !== 'signed') cases.push(['negative', '-1', new RegExp(`payload: .*${at}: must (be greater than zero|not be negative)`)]);
  return cases.map(([name, value, reason]) => {
    const env = withPayload(target, field.path, value);
    return message(target, `${dotted(field.path)}: ${name}`, env, JSON.stringify(env), reason);
  });
}

/** Faults of one calendar date: not a date, a day the month does not have, a date-time. */
function dateFaults(target: CorpusTarget, path: FieldPath): BadMessage[] {
  const reason = new RegExp(`payload: .*${escape(dotted(path))}: Invalid ISO date`);
  return ([['not a date', 'tomorrow'], ['30 February', '2026-02-30'], ['a date-time', '2026-03-10T08:00:00Z']] as const).map(([name, value]) => {
    const env = withPayload(target, path, value);
    return message(target, `${dotted(path)}: ${name}`, env, JSON.stringify(env), reason);
  });
}

/** Every bad message of the corpus for one input topic, in a fixed order. */
export function badInputs(target: CorpusTarget): BadMessage[] {
  const missing = (target.required ?? []).map((path) => {
    const env = withPayload(target, path, undefined);
    return message(target, `${dotted(path)}: missing`, env, JSON.stringify(env), new RegExp(`payload: .*${escape(dotted(path))}: `));
  });
  const unknown = (target.references ?? []).map((r) => {
    const env = withPayload(target, r.path, r.value);
    return message(target, r.name, env, JSON.stringify(env), r.reason);
  });
  return [
    ...envelopeFaults(target), ...(target.decimals ?? []).flatMap((d) => decimalFaults(target, d)), ...(target.dates ?? []).flatMap((d) => dateFaults(target, d)),
    ...missing, ...unknown,
  ];
}

/**
 * Whether `received` is the dead letter of `bad`: on the topic's twin, the message unchanged (its value; its key for
 * an empty value, the corpus giving those a key of their own).
 */
export const isDeadLetterOf = (bad: BadMessage, received: { topic: string; key: string | null; value: string | null }): boolean =>
  received.topic === `${bad.topic}.dlq` && (bad.value === null ? received.key === bad.key : received.value === bad.value);

/** A dead letter as read back: its key, value and headers (`dlq-reason`, `dlq-consumer-group`...). */
export interface DeadLetter {
  topic: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Sends the corpus of input topics interleaved with valid messages on the real Kafka and reads the dead-letter twins
 * back. A valid message goes before and after each bad one, on the key of the valid template where the bad one has
 * it, so a bad message that stalled its partition would keep the valid ones behind it from being applied.
 */
export class CorpusRun {
  readonly deadLetters: DeadLetter[] = [];
  private readonly kafka: Kafka;
  private producer?: Producer;
  private consumer?: Consumer;

  constructor(brokers: string[]) {
    this.kafka = new Kafka({ clientId: `bad-input-corpus-${randomUUID().slice(0, 8)}`, brokers, logLevel: logLevel.NOTHING });
  }

  /** Connects and starts reading the twins of `topics` from their end (the group joined before it returns). */
  async start(topics: readonly string[]): Promise<void> {
    this.producer = this.kafka.producer();
    await this.producer.connect();
    this.consumer = this.kafka.consumer({ groupId: `bad-input-corpus-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: topics.map((t) => `${t}.dlq`), fromBeginning: false });
    const joined = new Promise<void>((resolve) => {
      const off = this.consumer!.on(this.consumer!.events.GROUP_JOIN, () => {
        off();
        resolve();
      });
    });
    await this.consumer.run({
      eachMessage: async ({ topic, message: m }) => {
        const headers = Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? '']));
        this.deadLetters.push({ topic, key: m.key?.toString() ?? null, value: m.value === null ? null : m.value.toString(), headers });
      },
    });
    await joined;
  }

  /** Sends valid(0), bad[0], valid(1), bad[1], ..., valid(n) in that order; returns how many valid ones were sent. */
  async sendInterleaved(bad: readonly BadMessage[], valid: (i: number) => WireEnvelope, topic = bad[0]?.topic): Promise<number> {
    const send = (m: { topic: string; key: string; value: string | null; headers: Record<string, string> }) =>
      this.producer!.send({ topic: m.topic, messages: [{ key: m.key, value: m.value, headers: m.headers }] });
    const sendValid = (i: number) => {
      const e = valid(i);
      return send({ topic: topic!, key: e.key, value: JSON.stringify(e), headers: { 'event-id': e.id, 'event-type': e.type } });
    };
    for (let i = 0; i < bad.length; i++) {
      await sendValid(i);
      await send(bad[i]!);
    }
    await sendValid(bad.length);
    return bad.length + 1;
  }

  /** The dead letter `group` wrote for `bad`, if read yet. */
  deadLetterOf(bad: BadMessage, group: string): DeadLetter | undefined {
    return this.deadLetters.find((d) => d.headers['dlq-consumer-group'] === group && isDeadLetterOf(bad, d));
  }

  /** The bad messages `group` has not dead-lettered yet. */
  missing(bad: readonly BadMessage[], group: string): BadMessage[] {
    return bad.filter((b) => !this.deadLetterOf(b, group));
  }

  /** Each bad message whose dead letter gives no reason matching its own, with the reason given. */
  wrongReasons(bad: readonly BadMessage[], group: string): { name: string; expected: string; got: string | undefined }[] {
    return bad
      .map((b) => ({ b, got: this.deadLetterOf(b, group)?.headers['dlq-reason'] }))
      .filter(({ b, got }) => got === undefined || !b.reason.test(got))
      .map(({ b, got }) => ({ name: `${b.topic}: ${b.name}`, expected: String(b.reason), got }));
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }
}
