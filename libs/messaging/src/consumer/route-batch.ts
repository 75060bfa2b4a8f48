import { EventCatalog, eventHeaders, type AnyEventDefinition, type EventEnvelope } from '@replenish/contracts';
import type { ConsumedMessage } from '../broker/broker.js';
import type { DeadLetter } from './dead-letter.js';
import { definitionsOf, type HandlerRegistration } from './handlers.js';

/** A valid event of a batch with the handlers that take it. */
export interface RoutedEvent {
  message: ConsumedMessage;
  envelope: EventEnvelope;
  handlers: HandlerRegistration[];
}

/**
 * What a batch holds for this consumer: events to apply, in offset order; messages that failed validation or
 * whose type no handler takes (dead letters); messages of types a handler ignores (`HandlerRegistration.ignores`).
 */
export interface RoutedBatch {
  events: RoutedEvent[];
  invalid: DeadLetter[];
  ignored: ConsumedMessage[];
}

/** Validates the messages of a batch against a catalog and pairs each event with the handlers that take it. */
export class EventRouter {
  private readonly byType = new Map<string, HandlerRegistration[]>();
  /** `topic\u0000type` of the types a handler of the topic ignores. */
  private readonly ignoredTypes = new Set<string>();

  constructor(handlers: HandlerRegistration[], readonly catalog: EventCatalog) {
    for (const h of handlers) {
      for (const d of definitionsOf(h)) {
        const list = this.byType.get(d.type) ?? [];
        list.push(h);
        this.byType.set(d.type, list);
        for (const type of h.ignores ?? []) this.ignoredTypes.add(`${d.topic}\u0000${type}`);
      }
    }
  }

  route(messages: readonly ConsumedMessage[]): RoutedBatch {
    const routed: RoutedBatch = { events: [], invalid: [], ignored: [] };
    for (const message of messages) {
      // A type this group does not handle (its header, written by the publisher from the envelope): ignored when a
      // handler says so, unparsed (on shared topics each event can be a whole draft), else dead-lettered.
      const type = message.headers[eventHeaders.type];
      if (type !== undefined && !this.byType.has(type)) {
        this.unhandled(message, type, routed);
        continue;
      }
      const parsed = this.catalog.parse(message.value);
      if (!parsed.ok) {
        routed.invalid.push({ message, reason: parsed.reason });
        continue;
      }
      const registered = this.byType.get(parsed.envelope.type);
      if (!registered) {
        this.unhandled(message, parsed.envelope.type, routed);
        continue;
      }
      // Handlers whose `when` refuses the event: taken by none, skipped (its type is handled).
      const handlers = registered.filter((h) => !h.when || h.when(parsed.envelope));
      if (handlers.length > 0) routed.events.push({ message, envelope: parsed.envelope, handlers });
    }
    return routed;
  }

  private unhandled(message: ConsumedMessage, type: string, routed: RoutedBatch): void {
    if (this.ignoredTypes.has(`${message.topic}\u0000${type}`)) routed.ignored.push(message);
    else routed.invalid.push({ message, reason: `unknown event type ${type} on topic ${message.topic}`, eventType: type });
  }
}

/** `base` plus definitions it does not know (tests and services with private events). */
export const withDefinitions = (base: EventCatalog, defs: AnyEventDefinition[]): EventCatalog => {
  const missing = defs.filter((d) => !base.get(d.type));
  if (missing.length === 0) return base;
  const unique = new Map<string, AnyEventDefinition>();
  for (const d of [...base.all(), ...missing]) unique.set(d.type, d);
  return new EventCatalog(unique.values());
};
