import 'reflect-metadata';
import type { AnyEventDefinition, EventEnvelope } from '@replenish/contracts';

export const ON_EVENT_METADATA = 'replenish:messaging:on-event';
const ON_EVENT_BATCH_METADATA = 'replenish:messaging:on-event:batch';
const ON_EVENT_WHEN_METADATA = 'replenish:messaging:on-event:when';

export interface OnEventOptions {
  batch?: boolean;
  /** The events the method takes (see `HandlerRegistration.when`); the others are skipped without a transaction. */
  when?: (event: EventEnvelope) => boolean;
}

/**
 * Marks a provider method as the handler of one or more event definitions:
 * `@OnEvent(stockMoveDone) async onMove(event: EventEnvelope<PayloadOf<typeof stockMoveDone>>, tx: EntityManager)`.
 * The method runs inside the batch's DB transaction `tx`; the group (= service) subscribes to the topics
 * of the definitions.
 */
export function OnEvent(defs: AnyEventDefinition | AnyEventDefinition[], options: OnEventOptions = {}): MethodDecorator {
  const list = Array.isArray(defs) ? defs : [defs];
  if (list.length === 0) throw new Error('@OnEvent needs at least one event definition');
  return (_target, _key, descriptor) => {
    const existing = (Reflect.getMetadata(ON_EVENT_METADATA, descriptor.value as object) as AnyEventDefinition[] | undefined) ?? [];
    Reflect.defineMetadata(ON_EVENT_METADATA, [...existing, ...list], descriptor.value as object);
    if (options.batch) Reflect.defineMetadata(ON_EVENT_BATCH_METADATA, true, descriptor.value as object);
    if (options.when) Reflect.defineMetadata(ON_EVENT_WHEN_METADATA, options.when, descriptor.value as object);
    return descriptor;
  };
}

/**
 * `@OnEvents(stockPositionChanged) async onPositions(events: EventEnvelope<...>[], tx: EntityManager)`: the
 * method gets the new events of a broker batch together (see `BatchEventHandler`).
 */
export const OnEvents = (defs: AnyEventDefinition | AnyEventDefinition[]): MethodDecorator => OnEvent(defs, { batch: true });

export const isBatchHandler = (method: unknown): boolean =>
  typeof method === 'function' && Reflect.getMetadata(ON_EVENT_BATCH_METADATA, method) === true;

export const onEventDefinitions = (method: unknown): AnyEventDefinition[] | undefined =>
  typeof method === 'function' ? (Reflect.getMetadata(ON_EVENT_METADATA, method) as AnyEventDefinition[] | undefined) : undefined;

export const onEventWhen = (method: unknown): ((event: EventEnvelope) => boolean) | undefined =>
  typeof method === 'function' ? (Reflect.getMetadata(ON_EVENT_WHEN_METADATA, method) as ((event: EventEnvelope) => boolean) | undefined) : undefined;
