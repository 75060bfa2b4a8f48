import type { HandlerRegistration } from './handlers.js';

/**
 * Splits events, in order, into runs: consecutive events whose only handler is the same batch handler form
 * one run; every other event is a run of its own.
 */
export function batchRuns<E extends { handlers: HandlerRegistration[] }>(events: E[]): E[][] {
  const runs: E[][] = [];
  let current: E[] = [];
  let owner: HandlerRegistration | undefined;
  for (const ev of events) {
    const only = ev.handlers.length === 1 && ev.handlers[0]?.handleBatch ? ev.handlers[0] : undefined;
    if (only && only === owner) {
      current.push(ev);
      continue;
    }
    if (current.length > 0) runs.push(current);
    current = [ev];
    owner = only;
  }
  if (current.length > 0) runs.push(current);
  return runs;
}
