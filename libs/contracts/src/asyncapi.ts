/**
 * The AsyncAPI 3.0 document of every topic, generated from the zod schemas (the single source of truth).
 * docs/asyncapi.yaml is its YAML rendering; a unit test fails when the two differ. Regenerate with
 * `npx tsc -b libs/contracts && node libs/contracts/dist/cli/asyncapi.js`.
 */

import { z } from 'zod';
import type { EventCatalog } from './catalog.js';
import { envelopeSchema, type EventEnvelope } from './envelope.js';
import type { AnyEventDefinition } from './events.js';
import { exampleEnvelope, exampleEvents } from './examples.js';
import { FACTOR_BOUND, QUANTITY_BOUND, boundLimit, boundPattern } from './numeric-bounds.js';
import { decimalString, nonNegativeDecimal, positiveDecimal, positiveFactor } from './primitives.js';
import { deadLetterTopic, topics, type TopicName } from './topics.js';
import { deadLetterHeaders, eventHeaders } from './headers.js';

export const deadLetterPartitions = 3;

/** Who takes part in the event flows: the three services and the systems around them. */
const participants = {
  upstreamOrderSystems: { name: 'upstream order systems', service: false, source: 'upstream-shop', about: 'Order-taking systems (web shop, EDI, ERP) outside Replenish.' },
  salesOrders: { name: 'sales-orders', service: true, source: 'sales-orders', about: 'The sales-orders service.' },
  inventory: { name: 'inventory', service: true, source: 'inventory', about: 'The inventory service.' },
  planning: { name: 'planning', service: true, source: 'planning', about: 'The planning service.' },
  warehouseSystems: { name: 'warehouse systems', service: false, source: 'wms', about: 'Warehouse management systems: they execute stock moves and transfers.' },
  purchasingSystems: { name: 'purchasing systems', service: false, source: 'purchasing', about: 'Purchasing systems: they turn draft purchase orders into purchase orders.' },
  manufacturingSystems: { name: 'manufacturing systems', service: false, source: 'manufacturing', about: 'Manufacturing systems: they turn draft manufacturing orders into manufacturing orders.' },
  forecastingSystems: { name: 'forecasting systems', service: false, source: 'forecasting', about: 'Demand forecasting systems outside Replenish: they send the forecast demand the master production schedule plans from.' },
  deadLetterTool: { name: 'dead-letter tool', service: false, source: 'dlq', about: 'Operators, with the `npm run dlq` command: lists dead letters and replays them to their original topic once the cause is fixed.' },
} as const;
type ParticipantId = keyof typeof participants;

export interface TopicDoc {
  title: string;
  description: string;
  /** The message key in one expression, e.g. `productId@warehouseId`. */
  key: string;
  /** Why this key: what it keeps in order. */
  keyRule: string;
  partitions: number;
  producers: ParticipantId[];
  consumers: ParticipantId[];
}

/** Per topic: what it carries, its key and partitioning rule, partition count (as deploy/kafka/topics.txt), producers and consumers. */
export const topicDocs: Record<TopicName, TopicDoc> = {
  'upstream.orders': {
    title: 'Upstream orders',
    description: 'Commands from upstream order systems to create, change, confirm or cancel a sales order. sales-orders also takes the same commands over REST.',
    key: 'orderRef',
    keyRule: 'key = orderRef (the upstream order reference): every command about one upstream order is applied in the order it was sent.',
    partitions: 6,
    producers: ['upstreamOrderSystems'],
    consumers: ['salesOrders'],
  },
  'sales-orders.events': {
    title: 'Sales order events',
    description: 'What happened to sales orders once confirmed: confirmation with all lines, line quantity changes, cancellation. Inventory plans outgoing moves from them; planning raises make-to-order drafts.',
    key: 'salesOrderId',
    keyRule: 'key = salesOrderId: the events of one sales order are consumed in order.',
    partitions: 6,
    producers: ['salesOrders'],
    consumers: ['inventory', 'planning'],
  },
  'warehouse.stock-moves': {
    title: 'Stock moves',
    description: 'Stock moves done by warehouse systems (receipts, deliveries, internal moves, adjustments, scrap), and the moves they plan (planned-move.announced, planned-move.cancelled; decision inventory-004). Inventory books done moves in its ledger and settles the planned move they reference; planned moves count in the stock positions per date until done or cancelled.',
    key: 'productId',
    keyRule: 'key = productId: all moves of one product are booked in order, whatever warehouses they touch (a move between warehouses changes two stock positions).',
    partitions: 6,
    producers: ['warehouseSystems'],
    consumers: ['inventory'],
  },
  'inventory.stock-positions': {
    title: 'Stock positions',
    description: 'The stock position of a product at a warehouse after every change: on hand, and planned incoming and outgoing quantities per date. Planning re-evaluates reordering rules on it.',
    key: 'productId@warehouseId',
    keyRule: 'key = productId@warehouseId (productWarehouseKey): the positions of one product at one warehouse arrive in order; `sequence` lets a consumer ignore an older position anyway.',
    partitions: 6,
    producers: ['inventory'],
    consumers: ['planning'],
  },
  'planning.draft-orders': {
    title: 'Draft orders',
    description: 'Draft purchase, manufacturing and transfer orders raised by planning, with a version growing by one per change: raised, confirmed and cancelled carry the whole draft, updated what the version changed (decision planning-025). Purchasing and manufacturing systems (and warehouse systems, for transfers) turn them into orders; inventory plans incoming supply from draft-order.confirmed.',
    key: 'topUpKey',
    keyRule: 'key = topUpKey = `<type>|<vendor, BOM or source warehouse>|<destination warehouse>` (e.g. `purchase|V-10|WH1`): every version of the drafts of one top-up key is consumed in order.',
    partitions: 6,
    producers: ['planning'],
    consumers: ['purchasingSystems', 'manufacturingSystems', 'warehouseSystems', 'inventory'],
  },
  'planning.exceptions': {
    title: 'Planning exceptions',
    description: 'Changes that reached an order already confirmed (over-ordered, under-ordered, reschedule): a planner must act. No service consumes them; planner-facing tools and alerting may.',
    key: 'productId@warehouseId',
    keyRule: 'key = productId@warehouseId (productWarehouseKey): the exceptions of one product at one warehouse stay in order.',
    partitions: 3,
    producers: ['planning'],
    consumers: [],
  },
  'planning.mrp': {
    title: 'MRP plans',
    description: "What MRP plans, per product-site, each time a regenerative run or a net change (an event reaching the product-site) changes it: all its suggestions (POS, WOS, TRS, BWS), or all its replanning messages. No service consumes them; planner-facing tools may. The pegging and trace requirements are read over REST (/mrp).",
    key: 'productId@warehouseId',
    keyRule: 'key = productId@warehouseId (productWarehouseKey): the plans of one product-site stay in order; `version` lets a consumer ignore an older one.',
    partitions: 3,
    producers: ['planning'],
    consumers: [],
  },
  'purchasing.orders': {
    title: 'Purchase order decisions',
    description: 'The purchasing systems confirm or cancel draft purchase orders. Planning freezes or drops the draft and publishes the outcome on planning.draft-orders. A purchase order placed without a draft (purchase-order.placed) is planned by inventory as incoming supply (decision inventory-004).',
    key: 'draftOrderId',
    keyRule: 'key = draftOrderId: the decisions about one draft are consumed in order; key = sourceSystem/orderRef for an order placed without a draft: its versions are consumed in order.',
    partitions: 6,
    producers: ['purchasingSystems'],
    consumers: ['planning', 'inventory'],
  },
  'manufacturing.orders': {
    title: 'Manufacturing order decisions',
    description: 'The manufacturing systems confirm or cancel draft manufacturing orders. Planning freezes or drops the draft and publishes the outcome on planning.draft-orders. A manufacturing order placed without a draft (manufacturing-order.placed) is planned by inventory as incoming supply, its components as outgoing (decision inventory-004).',
    key: 'draftOrderId',
    keyRule: 'key = draftOrderId: the decisions about one draft are consumed in order; key = sourceSystem/orderRef for an order placed without a draft: its versions are consumed in order.',
    partitions: 6,
    producers: ['manufacturingSystems'],
    consumers: ['planning', 'inventory'],
  },
  'transfers.orders': {
    title: 'Transfer decisions',
    description: 'The warehouse systems confirm or cancel draft transfers between warehouses. Planning freezes or drops the draft and publishes the outcome on planning.draft-orders. A transfer placed without a draft (transfer-order.placed) is planned by inventory as incoming at its warehouse and outgoing at its source (decision inventory-004).',
    key: 'draftOrderId',
    keyRule: 'key = draftOrderId: the decisions about one draft are consumed in order; key = sourceSystem/orderRef for a transfer placed without a draft: its versions are consumed in order.',
    partitions: 3,
    producers: ['warehouseSystems'],
    consumers: ['planning', 'inventory'],
  },
  'catalog.products': {
    title: 'Products',
    description: "Product master data from planning's catalog: identity, units of measure and routes. sales-orders and inventory keep a local copy.",
    key: 'productId',
    keyRule: 'key = productId: the versions of one product are applied in order (the last one wins).',
    partitions: 3,
    producers: ['planning'],
    consumers: ['salesOrders', 'inventory'],
  },
  'inventory.warehouses': {
    title: 'Warehouses',
    description: 'Warehouses as inventory creates them (inventory owns warehouses): id, code, name and time zone. Planning keeps a local copy and refuses rules and settings for a warehouse it has not learnt; sales-orders keeps the ids and refuses order lines for a warehouse it has not learnt.',
    key: 'warehouseId',
    keyRule: 'key = warehouseId: the events of one warehouse are applied in order.',
    partitions: 3,
    producers: ['inventory'],
    consumers: ['planning', 'salesOrders'],
  },
  'forecasting.demand-forecasts': {
    title: 'Demand forecasts',
    description: "Forecast demand per product, warehouse and date from upstream forecasting systems. Planning puts each quantity in the master production schedule column its date falls in, replacing that column's forecast, and re-computes the rows it reaches; a product-site outside the schedule is skipped (decision planning-022). Planners enter the same forecasts over REST (PUT /mps/{productId}/{warehouseId}/forecast, POST /mps/import).",
    key: 'productId@warehouseId',
    keyRule: 'key = productId@warehouseId (productWarehouseKey): the forecasts of one product at one warehouse are applied in the order they were sent, the last one winning.',
    partitions: 3,
    producers: ['forecastingSystems'],
    consumers: ['planning'],
  },
};

// ---- the AsyncAPI document, loosely typed (enough for the tests and the CLI)
export type JsonSchema = Record<string, unknown>;
export interface Ref { $ref: string }
export interface AsyncApiChannel {
  address: string;
  title: string;
  description: string;
  messages: Record<string, Ref>;
  bindings: { kafka: { partitions: number; bindingVersion: string } };
  [extension: `x-${string}`]: unknown;
}
export interface AsyncApiOperation {
  action: 'send' | 'receive';
  channel: Ref;
  title: string;
  summary: string;
  messages: Ref[];
  tags: { name: string }[];
  bindings?: { kafka: { groupId: JsonSchema; bindingVersion: string } };
}
export interface AsyncApiMessage {
  name: string;
  title: string;
  summary: string;
  description: string;
  contentType: string;
  headers: JsonSchema;
  payload: JsonSchema;
  correlationId?: { description: string; location: string };
  bindings: { kafka: { key: JsonSchema; bindingVersion: string } };
  examples?: { name: string; summary: string; headers: Record<string, string>; payload: EventEnvelope }[];
}
export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string; tags: { name: string; description: string }[] };
  defaultContentType: string;
  servers: Record<string, unknown>;
  channels: Record<string, AsyncApiChannel>;
  operations: Record<string, AsyncApiOperation>;
  components: { schemas: Record<string, JsonSchema>; messages: Record<string, AsyncApiMessage> };
}

const kafkaBindingVersion = '0.5.0';

/** JSON Schema (draft-07, AsyncAPI's default schema dialect) of a zod schema, decimal refinements spelled out. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-07',
    io: 'input',
    override: ({ zodSchema, jsonSchema }) => {
      // Refinements have no JSON Schema form; these patterns say what they check.
      const within = (bound: typeof QUANTITY_BOUND): string =>
        ` At most ${bound.integerDigits} digits before the decimal point and ${bound.scale} after (${bound.kind} bound, ${boundLimit(bound)}).`;
      if (zodSchema === positiveDecimal) {
        jsonSchema.pattern = boundPattern(QUANTITY_BOUND, { positive: true });
        jsonSchema.description = `Decimal string greater than zero (never a JSON number), e.g. "12" or "0.125".${within(QUANTITY_BOUND)}`;
      } else if (zodSchema === nonNegativeDecimal) {
        jsonSchema.pattern = boundPattern(QUANTITY_BOUND);
        jsonSchema.description = `Decimal string, zero or more (never a JSON number), e.g. "0" or "12.5".${within(QUANTITY_BOUND)}`;
      } else if (zodSchema === decimalString) {
        jsonSchema.pattern = boundPattern(QUANTITY_BOUND, { signed: true });
        jsonSchema.description = `Decimal string (never a JSON number), e.g. "-3" or "0.125".${within(QUANTITY_BOUND)}`;
      } else if (zodSchema === positiveFactor) {
        jsonSchema.pattern = boundPattern(FACTOR_BOUND, { positive: true });
        jsonSchema.description = `UoM factor, a decimal string greater than zero, e.g. "12" or "0.001".${within(FACTOR_BOUND)}`;
      }
    },
  }) as JsonSchema;
  return rest;
}

const pascal = (s: string): string => s.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());
const camel = (s: string): string => {
  const p = pascal(s);
  return p.charAt(0).toLowerCase() + p.slice(1);
};

/** Channel id of a topic: its name in `topics` (`stockPositions`), `<id>Dlq` for its dead-letter twin. */
const channelIdOf = (topic: string): string =>
  Object.entries(topics).find(([, name]) => name === topic)?.[0] ?? camel(topic);

export const messageIdOf = (def: AnyEventDefinition): string => camel(def.type) + (def.version > 1 ? `V${def.version}` : '');

function eventMessage(def: AnyEventDefinition, doc: TopicDoc, example: unknown): AsyncApiMessage {
  const envelopeJson = jsonSchemaOf(envelopeSchema) as { properties: Record<string, JsonSchema> } & JsonSchema;
  const payload: JsonSchema = {
    ...envelopeJson,
    description: `The envelope of a ${def.type} event (schema version ${def.version}). The Kafka message value is its JSON.`,
    properties: {
      ...envelopeJson.properties,
      type: { type: 'string', const: def.type },
      schemaVersion: { type: 'integer', const: def.version },
      key: { ...envelopeJson.properties.key, description: `Equals the Kafka message key. ${doc.keyRule}` },
      payload: { ...jsonSchemaOf(def.payload), description: def.summary },
    },
  };
  const headers: JsonSchema = {
    type: 'object',
    required: [eventHeaders.type, eventHeaders.schemaVersion],
    properties: {
      [eventHeaders.type]: { type: 'string', const: def.type, description: 'The envelope type, readable without parsing the value.' },
      [eventHeaders.schemaVersion]: { type: 'string', const: String(def.version), description: 'The envelope schemaVersion, as text.' },
      [eventHeaders.id]: { type: 'string', format: 'uuid', description: 'The envelope id.' },
      [eventHeaders.correlationId]: { type: 'string', description: 'The envelope correlationId.' },
    },
  };
  const message: AsyncApiMessage = {
    name: def.type,
    title: def.type,
    summary: def.summary,
    description: `Schema version ${def.version} of ${def.type}. Consumers validate envelope, version, payload and key (EventCatalog.parse) and dead-letter what fails.`,
    contentType: 'application/json',
    headers,
    payload,
    correlationId: { description: 'Carried from the event that caused this one; the id of the first event of the chain.', location: '$message.payload#/correlationId' },
    bindings: { kafka: { key: { type: 'string', description: doc.keyRule }, bindingVersion: kafkaBindingVersion } },
  };
  if (example !== undefined) {
    const envelope = exampleEnvelope(def, example, participants[doc.producers[0] ?? 'planning'].source);
    message.examples = [{
      name: 'example',
      summary: def.summary,
      headers: {
        [eventHeaders.type]: envelope.type, [eventHeaders.schemaVersion]: String(envelope.schemaVersion),
        [eventHeaders.id]: envelope.id, [eventHeaders.correlationId]: envelope.correlationId,
      },
      payload: envelope,
    }];
  }
  return message;
}

function deadLetterMessage(): AsyncApiMessage {
  const h = deadLetterHeaders;
  const text = (description: string): JsonSchema => ({ type: 'string', description });
  return {
    name: 'dead-letter',
    title: 'Dead letter',
    summary: 'A message a consumer could not process, with the reason.',
    description:
      'The original message, key and value byte for byte (the value may not even be JSON: that can be the reason it is here), ' +
      'with its original headers plus the dlq-* headers below. The partition it came from moves on. `npm run dlq` lists dead letters and replays them to the original topic.',
    contentType: 'application/octet-stream',
    headers: {
      type: 'object',
      required: [h.reason, h.originalTopic, h.originalPartition, h.originalOffset, h.consumerGroup, h.failedAt],
      properties: {
        [h.reason]: text('Why the message was dead-lettered: the validation error naming the field, or the last error after the retries.'),
        [h.originalTopic]: text('The topic the message was consumed from.'),
        [h.originalPartition]: { type: 'string', pattern: '^\\d+$', description: 'Its partition, as text.' },
        [h.originalOffset]: { type: 'string', pattern: '^\\d+$', description: 'Its offset, as text.' },
        [h.eventType]: text('The event type, from the envelope or the event-type header, when known.'),
        [h.eventId]: text('The event id, from the envelope or the event-id header, when known.'),
        [h.consumerGroup]: text('The consumer group that failed (the service name).'),
        [h.failedAt]: { type: 'string', format: 'date-time', description: 'When it was dead-lettered (ISO 8601).' },
        [h.attempts]: { type: 'string', pattern: '^\\d+$', description: 'How many times processing was tried, when it was retried.' },
        [eventHeaders.type]: text('The original event-type header, when there was one (all original headers are kept).'),
        [eventHeaders.schemaVersion]: text('The original schema-version header, when there was one.'),
        [eventHeaders.id]: text('The original event-id header, when there was one.'),
        [eventHeaders.correlationId]: text('The original correlation-id header, when there was one.'),
      },
    },
    payload: { description: 'The original message value, unchanged.' },
    bindings: { kafka: { key: { type: 'string', description: 'The original message key, unchanged (so a replay keeps the partitioning).' }, bindingVersion: kafkaBindingVersion } },
  };
}

const describeInfo = (): string => [
  'Every event of Replenish, generated from the zod schemas of libs/contracts (the single source of truth: do not edit this file, regenerate it).',
  '',
  '**Envelope.** The Kafka message value is the JSON of an envelope: `id` (UUID; consumers deduplicate on it), `type`, `schemaVersion`, `occurredAt`, ' +
    '`key` (equals the Kafka message key, derived from the payload), `source`, `correlationId`, `causationId` and `payload`. ' +
    `Headers ${Object.values(eventHeaders).map((n) => `\`${n}\``).join(', ')} repeat the type, version, id and correlation id (consumers trust the envelope).`,
  '',
  '**Quantities** are decimal strings (`"12"`, `"0.125"`), never JSON numbers, with at most ' +
    `${QUANTITY_BOUND.integerDigits} digits before the decimal point and ${QUANTITY_BOUND.scale} after; UoM factors ${FACTOR_BOUND.integerDigits} and ${FACTOR_BOUND.scale} ` +
    '(docs/semantics.md, "Numeric bounds"). A value past its bound is dead-lettered with the reason.',
  '',
  '**Versions.** `schemaVersion` is per event type. A compatible change (a new optional field) keeps the version; a breaking change is a new version of the type, ' +
    'published side by side with the old one until every consumer reads it.',
  '',
  '**Keys.** Each topic has one key rule (see each channel): events sharing a key are consumed in order. Correctness never depends on it alone (consumers are idempotent).',
  '',
  `**Dead letters.** Every topic \`<topic>\` has a twin \`<topic>.dlq\` (${deadLetterPartitions} partitions). A consumer that cannot process a message ` +
    '(invalid envelope or payload, unknown type or version, wrong key, or an error that persists after retries) publishes it there unchanged with headers ' +
    Object.values(deadLetterHeaders).map((n) => `\`${n}\``).join(', ') +
    ', and moves on. `npm run dlq` lists and replays them.',
].join('\n');

/** The AsyncAPI 3.0 document of a catalog. `examples` (by event type) become the messages' examples. */
export function buildAsyncApi(catalog: EventCatalog, examples: Readonly<Record<string, unknown>> = exampleEvents): AsyncApiDocument {
  const order = Object.values(topics) as string[];
  const catalogTopics = catalog.topics().sort((a, b) => (order.indexOf(a) + 1 || Infinity) - (order.indexOf(b) + 1 || Infinity) || a.localeCompare(b));
  const docOf = (topic: string): TopicDoc => {
    const doc = (topicDocs as Record<string, TopicDoc | undefined>)[topic];
    if (!doc) throw new Error(`topic ${topic} has no AsyncAPI documentation: add it to topicDocs in libs/contracts/src/asyncapi.ts`);
    return doc;
  };

  const channels: Record<string, AsyncApiChannel> = {};
  const operations: Record<string, AsyncApiOperation> = {};
  const messages: Record<string, AsyncApiMessage> = {};
  const usedParticipants = new Set<ParticipantId>();
  const addOperation = (who: ParticipantId, action: 'send' | 'receive', channelId: string, summary: string) => {
    const p = participants[who];
    usedParticipants.add(who);
    const operation: AsyncApiOperation = {
      action,
      channel: { $ref: `#/channels/${channelId}` },
      title: `${p.name} ${action === 'send' ? 'publishes to' : 'consumes'} ${channels[channelId]!.address}`,
      summary,
      messages: Object.keys(channels[channelId]!.messages).map((m) => ({ $ref: `#/channels/${channelId}/messages/${m}` })),
      tags: [{ name: p.name }],
    };
    if (action === 'receive' && p.service) {
      operation.bindings = { kafka: { groupId: { type: 'string', const: p.name }, bindingVersion: kafkaBindingVersion } };
    }
    operations[`${who}${pascal(action)}${pascal(channelId)}`] = operation;
  };

  messages.deadLetter = deadLetterMessage();
  for (const topic of catalogTopics) {
    const doc = docOf(topic);
    const id = channelIdOf(topic);
    const defs = catalog.all().filter((d) => d.topic === topic);
    const channelMessages: Record<string, Ref> = {};
    for (const def of defs) {
      const mid = messageIdOf(def);
      messages[mid] = eventMessage(def, doc, examples[def.type]);
      channelMessages[mid] = { $ref: `#/components/messages/${mid}` };
    }
    const names = (ids: ParticipantId[]) => (ids.length ? ids.map((p) => participants[p].name).join(', ') : 'none');
    channels[id] = {
      address: topic,
      title: doc.title,
      description: `${doc.description}\n\n${doc.keyRule}\n\nPartitions: ${doc.partitions}. Producers: ${names(doc.producers)}. Consumers: ${names(doc.consumers)}. ` +
        `Events: ${defs.map((d) => `${d.type} v${d.version}`).join(', ')}. Dead letters: ${deadLetterTopic(topic)}.`,
      messages: channelMessages,
      bindings: { kafka: { partitions: doc.partitions, bindingVersion: kafkaBindingVersion } },
      'x-key': doc.key,
    };
    const dlqId = `${id}Dlq`;
    channels[dlqId] = {
      address: deadLetterTopic(topic),
      title: `${doc.title}: dead letters`,
      description: `Messages of ${topic} that a consumer could not process, with the reason in their headers. Same key as the original.`,
      messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } },
      bindings: { kafka: { partitions: deadLetterPartitions, bindingVersion: kafkaBindingVersion } },
      'x-key': doc.key,
    };

    for (const who of doc.producers) addOperation(who, 'send', id, `${participants[who].name} publishes ${defs.map((d) => d.type).join(', ')}.`);
    for (const who of doc.consumers) addOperation(who, 'receive', id, `${participants[who].name} consumes ${topic}${participants[who].service ? ` as consumer group ${participants[who].name}` : ''}.`);
    for (const who of doc.consumers.filter((c) => participants[c].service)) {
      addOperation(who, 'send', dlqId, `${participants[who].name} dead-letters what it cannot process from ${topic}, and moves on.`);
    }
    addOperation('deadLetterTool', 'receive', dlqId, `Operators list the dead letters of ${topic} and replay them to ${topic}.`);
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Replenish events',
      version: '1.0.0',
      description: describeInfo(),
      tags: (Object.keys(participants) as ParticipantId[]).filter((p) => usedParticipants.has(p)).map((p) => ({ name: participants[p].name, description: participants[p].about })),
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The single-node broker of deploy/kafka (`npm run kafka:start`). Services take their brokers from KAFKA_BROKERS; the embedded mode runs the same topics on an in-process broker.',
      },
    },
    channels,
    operations,
    components: {
      schemas: { EventEnvelope: jsonSchemaOf(envelopeSchema) },
      messages,
    },
  };
}
