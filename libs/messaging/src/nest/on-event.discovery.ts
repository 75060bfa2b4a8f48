import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { HandlerRegistration } from '../consumer/handlers.js';
import { isBatchHandler, onEventDefinitions, onEventWhen } from './on-event.decorator.js';

/**
 * Every `@OnEvent` method of every (singleton) provider and controller: the handlers of services not yet moved to
 * `@EventPattern` (decision messaging-009), consumed by the same transport.
 */
export function discoverOnEventHandlers(discovery: DiscoveryService, scanner: MetadataScanner): HandlerRegistration[] {
  const out: HandlerRegistration[] = [];
  const seen = new Set<object>();
  for (const wrapper of [...discovery.getProviders(), ...discovery.getControllers()]) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object' || seen.has(instance) || !wrapper.isDependencyTreeStatic()) continue;
    seen.add(instance);
    const proto = Object.getPrototypeOf(instance) as object | null;
    for (const name of scanner.getAllMethodNames(proto)) {
      const method = instance[name];
      const defs = onEventDefinitions(method);
      if (!defs || typeof method !== 'function') continue;
      const call = (arg: unknown, tx: unknown) => (method as (...a: unknown[]) => Promise<void>).call(instance, arg, tx);
      const id = `${instance.constructor.name}.${name}`;
      const when = onEventWhen(method);
      out.push({ ...(isBatchHandler(method) ? { defs, name: id, handleBatch: call } : { defs, name: id, handle: call }), ...(when ? { when } : {}) });
    }
  }
  return out;
}
