import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { buildAsyncApi, deadLetterPartitions, messageIdOf, topicDocs, type AsyncApiDocument } from './asyncapi.js';
import { deadLetterHeaders, eventHeaders } from './headers.js';
import { regenerateAsyncApiCommand, renderAsyncApiYaml } from './asyncapi-yaml.js';
import { eventCatalog, EventCatalog } from './catalog.js';
import { defineEvent } from './events.js';
import { deadLetterTopic, topics } from './topics.js';
import { z } from 'zod';

const root = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const doc: AsyncApiDocument = buildAsyncApi(eventCatalog);
const channelOf = (address: string) => Object.entries(doc.channels).find(([, c]) => c.address === address);

describe('docs/asyncapi.yaml', () => {
  it(`is what the schemas generate (else regenerate: ${regenerateAsyncApiCommand})`, () => {
    const file = root('docs/asyncapi.yaml');
    const expected = renderAsyncApiYaml(doc);
    const actual = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (actual !== expected) {
      const a = actual.split('\n');
      const e = expected.split('\n');
      const line = e.findIndex((l, i) => l !== a[i]);
      throw new Error(
        `docs/asyncapi.yaml is out of date with the zod schemas of libs/contracts (first difference at line ${line + 1}:\n` +
          `  file:      ${JSON.stringify(a[line])}\n  generated: ${JSON.stringify(e[line])}).\n` +
          `Regenerate it from the repository root: ${regenerateAsyncApiCommand}`,
      );
    }
    expect(parseYaml(actual)).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('is generated the same way twice (deterministic)', () => {
    expect(renderAsyncApiYaml(buildAsyncApi(eventCatalog))).toBe(renderAsyncApiYaml(doc));
  });
});

describe('buildAsyncApi', () => {
  it('is an AsyncAPI 3.0 document', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.info.title).toBeTruthy();
  });

  it.each(Object.values(topics))('has a channel for topic %s and one for its dead letters', (topic) => {
    const [, channel] = channelOf(topic) ?? [];
    expect(channel).toBeDefined();
    expect(channel!.description).toContain('key = ');
    expect(channel!.bindings.kafka.partitions).toBe(topicDocs[topic].partitions);
    expect(channel!['x-key']).toBe(topicDocs[topic].key);
    const [, dlq] = channelOf(deadLetterTopic(topic)) ?? [];
    expect(dlq).toBeDefined();
    expect(dlq!.messages).toEqual({ deadLetter: { $ref: '#/components/messages/deadLetter' } });
  });

  it('has no channel for a topic the code does not know', () => {
    const known = new Set(Object.values(topics).flatMap((t) => [t, deadLetterTopic(t)]));
    expect(Object.values(doc.channels).map((c) => c.address).filter((a) => !known.has(a))).toEqual([]);
  });

  it.each(eventCatalog.all().map((d) => [d.type, d] as const))('has a message for %s on its topic, with headers, payload and a valid example', (_t, def) => {
    const id = messageIdOf(def);
    const message = doc.components.messages[id]!;
    expect(message.name).toBe(def.type);
    expect(channelOf(def.topic)![1].messages[id]).toEqual({ $ref: `#/components/messages/${id}` });
    // headers: the type and the schema version
    expect(message.headers).toMatchObject({
      required: [eventHeaders.type, eventHeaders.schemaVersion],
      properties: { [eventHeaders.type]: { const: def.type }, [eventHeaders.schemaVersion]: { const: String(def.version) } },
    });
    // payload: the envelope, with `payload` the event's JSON Schema
    const props = (message.payload as { properties: Record<string, Record<string, unknown>> }).properties;
    expect(Object.keys(props)).toEqual(['id', 'type', 'schemaVersion', 'occurredAt', 'key', 'source', 'correlationId', 'causationId', 'payload']);
    expect(props.type).toEqual({ type: 'string', const: def.type });
    expect(props.schemaVersion).toEqual({ type: 'integer', const: def.version });
    expect(props.payload).toMatchObject({ type: 'object', description: def.summary });
    // example: a full envelope the catalog accepts, with matching headers
    const [example] = message.examples ?? [];
    expect(example).toBeDefined();
    expect(eventCatalog.parse(JSON.stringify(example!.payload))).toEqual({ ok: true, envelope: example!.payload });
    expect(example!.headers).toEqual({
      [eventHeaders.type]: def.type, [eventHeaders.schemaVersion]: String(def.version),
      [eventHeaders.id]: example!.payload.id, [eventHeaders.correlationId]: example!.payload.correlationId,
    });
  });

  it('spells quantities as decimal strings in the JSON Schema, refinements included', () => {
    const line = (doc.components.messages.upstreamOrderSubmitted!.payload as any).properties.payload.properties.lines.items; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(line.properties.quantity).toMatchObject({ type: 'string', pattern: '^(?=.*[1-9])0*\\d{1,15}(\\.\\d{1,6})?$' });
    const re = new RegExp(line.properties.quantity.pattern as string);
    expect(['12', '0.5', '007', '999999999999999.999999'].every((q) => re.test(q))).toBe(true);
    expect(['0', '0.0', '-1', '1e3', '12.', '1000000000000000', '0.1234567'].some((q) => re.test(q))).toBe(false);
  });

  it('describes the dead-letter headers', () => {
    const headers = doc.components.messages.deadLetter!.headers as { properties: Record<string, unknown>; required: string[] };
    for (const name of Object.values(deadLetterHeaders)) expect(headers.properties[name]).toBeDefined();
    expect(headers.required).toEqual(expect.arrayContaining([deadLetterHeaders.reason, deadLetterHeaders.originalTopic, deadLetterHeaders.originalPartition, deadLetterHeaders.originalOffset]));
    expect(doc.info.description).toContain('<topic>.dlq');
  });

  it('names producers and consumers per the design', () => {
    const flows = Object.values(doc.operations).map((o) => {
      const channel = doc.channels[o.channel.$ref.replace('#/channels/', '')]!;
      return `${o.tags[0]!.name} ${o.action} ${channel.address}`;
    });
    expect(flows).toEqual(expect.arrayContaining([
      'upstream order systems send upstream.orders',
      'sales-orders receive upstream.orders',
      'sales-orders send sales-orders.events',
      'inventory receive sales-orders.events',
      'planning receive sales-orders.events',
      'warehouse systems send warehouse.stock-moves',
      'inventory receive warehouse.stock-moves',
      'inventory send inventory.stock-positions',
      'planning receive inventory.stock-positions',
      'planning send planning.draft-orders',
      'purchasing systems receive planning.draft-orders',
      'manufacturing systems receive planning.draft-orders',
      'inventory receive planning.draft-orders',
      'purchasing systems send purchasing.orders',
      'manufacturing systems send manufacturing.orders',
      'warehouse systems send transfers.orders',
      'planning receive purchasing.orders',
      'planning receive manufacturing.orders',
      'planning receive transfers.orders',
      'planning send catalog.products',
      'sales-orders receive catalog.products',
      'inventory receive catalog.products',
      'inventory send inventory.warehouses',
      'planning receive inventory.warehouses',
      'sales-orders receive inventory.warehouses',
      'planning send planning.exceptions',
      'planning send inventory.stock-positions.dlq',
      'dead-letter tool receive inventory.stock-positions.dlq',
    ]));
    // every event channel has a producer
    for (const topic of Object.values(topics)) expect([topic, flows.some((f) => f.endsWith(` send ${topic}`))]).toEqual([topic, true]);
  });

  it('gives services receiving a topic their consumer group', () => {
    const op = doc.operations.planningReceiveStockPositions!;
    expect(op.bindings?.kafka.groupId).toEqual({ type: 'string', const: 'planning' });
  });

  it('only lists, in an operation, messages of its own channel (AsyncAPI 3 rule)', () => {
    for (const [id, op] of Object.entries(doc.operations)) {
      for (const m of op.messages) expect([id, m.$ref.startsWith(`${op.channel.$ref}/messages/`)]).toEqual([id, true]);
    }
  });

  it('resolves every $ref', () => {
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref') refs.push(x as string);
          else walk(x);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(50);
    const unresolved = refs.filter((r) => {
      const target = r.replace(/^#\//, '').split('/').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      return target === undefined;
    });
    expect(unresolved).toEqual([]);
  });

  it('refuses a topic it has no documentation for', () => {
    const stray = defineEvent({ type: 'stray.happened', version: 1, topic: 'stray.topic', payload: z.object({ id: z.string() }), keyOf: (p) => p.id, summary: 'x' });
    expect(() => buildAsyncApi(new EventCatalog([stray]))).toThrow(/topic stray\.topic has no AsyncAPI documentation/);
  });
});

describe('topic partition counts', () => {
  // deploy/kafka/topics.txt creates the topics; it and topicDocs must agree.
  const file = root('deploy/kafka/topics.txt');
  const declared = existsSync(file)
    ? new Map(readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean).map((l) => {
      const [name, n] = l.split(/\s+/);
      return [name!, Number(n)] as const;
    }))
    : undefined;
  (declared ? it : it.skip).each(Object.values(topics))('of %s (and its .dlq) match deploy/kafka/topics.txt', (topic) => {
    expect([topic, declared!.get(topic)]).toEqual([topic, topicDocs[topic].partitions]);
    expect([deadLetterTopic(topic), declared!.get(deadLetterTopic(topic))]).toEqual([deadLetterTopic(topic), deadLetterPartitions]);
  });
});
