import 'reflect-metadata';
import type { AnyEventDefinition } from '@replenish/contracts';

export const ON_EVENT_METADATA = 'replenish:messaging:on-event';

/**
 * Marks a provider method as the handler of one or more event definitions:
 * `@OnEvent(stockMoveDone) async onMove(event: EventEnvelope<PayloadOf<typeof stockMoveDone>>, tx: EntityManager)`.
 * The method runs inside the batch's DB transaction `tx`; the group (= service) subscribes to the topics
 * of the definitions.
 */
export function OnEvent(defs: AnyEventDefinition | AnyEventDefinition[]): MethodDecorator {
  const list = Array.isArray(defs) ? defs : [defs];
  if (list.length === 0) throw new Error('@OnEvent needs at least one event definition');
  return (_target, _key, descriptor) => {
    const existing = (Reflect.getMetadata(ON_EVENT_METADATA, descriptor.value as object) as AnyEventDefinition[] | undefined) ?? [];
    Reflect.defineMetadata(ON_EVENT_METADATA, [...existing, ...list], descriptor.value as object);
    return descriptor;
  };
}

export const onEventDefinitions = (method: unknown): AnyEventDefinition[] | undefined =>
  typeof method === 'function' ? (Reflect.getMetadata(ON_EVENT_METADATA, method) as AnyEventDefinition[] | undefined) : undefined;
