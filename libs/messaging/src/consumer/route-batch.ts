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

/** What a batch holds for this consumer: events to apply, in offset order, and messages that failed validation. */
export interface RoutedBatch {
  events: RoutedEvent[];
  invalid: DeadLetter[];
}

/** Validates the messages of a batch against a catalog and pairs each event with the handlers that take it. */
export class EventRouter {
  private readonly byType = new Map<string, HandlerRegistration[]>();

  constructor(handlers: HandlerRegistration[], readonly catalog: EventCatalog) {
    for (const h of handlers) {
      for (const d of definitionsOf(h)) {
        const list = this.byType.get(d.type) ?? [];
        list.push(h);
        this.byType.set(d.type, list);
      }
    }
  }

  route(messages: readonly ConsumedMessage[]): RoutedBatch {
    const routed: RoutedBatch = { events: [], invalid: [] };
    for (const message of messages) {
      // A type this group does not handle (its header, written by the publisher from the envelope): nothing to
      // apply, and not this group's to validate or dead-letter. Skipping the parse matters on shared topics
      // (inventory reads planning.draft-orders for its confirmations and cancellations only, each event a whole
      // draft).
      const type = message.headers[eventHeaders.type];
      if (type !== undefined && !this.byType.has(type)) continue;
      const parsed = this.catalog.parse(message.value);
      if (!parsed.ok) {
        routed.invalid.push({ message, reason: parsed.reason });
        continue;
      }
      const handlers = this.byType.get(parsed.envelope.type)?.filter((h) => !h.when || h.when(parsed.envelope));
      if (handlers && handlers.length > 0) routed.events.push({ message, envelope: parsed.envelope, handlers });
    }
    return routed;
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
