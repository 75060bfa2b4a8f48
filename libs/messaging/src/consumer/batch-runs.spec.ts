import type { HandlerRegistration } from './handlers.js';
import { batchRuns } from './batch-runs.js';

const batch: HandlerRegistration = { defs: [], handleBatch: async () => undefined };
const other: HandlerRegistration = { defs: [], handleBatch: async () => undefined };
const single: HandlerRegistration = { defs: [], handle: async () => undefined };
const ev = (id: string, ...handlers: HandlerRegistration[]) => ({ id, handlers });
const ids = (runs: { id: string }[][]) => runs.map((r) => r.map((e) => e.id));

describe('batchRuns', () => {
  it('groups consecutive events of one batch handler and keeps the order', () => {
    expect(ids(batchRuns([ev('a', batch), ev('b', batch), ev('c', single), ev('d', batch), ev('e', other), ev('f', other)]))).toEqual([['a', 'b'], ['c'], ['d'], ['e', 'f']]);
  });

  it('leaves an event with several handlers on its own, even when one is the batch handler', () => {
    expect(ids(batchRuns([ev('a', batch), ev('b', batch, single), ev('c', batch)]))).toEqual([['a'], ['b'], ['c']]);
  });

  it('gives no run for no events', () => {
    expect(batchRuns([])).toEqual([]);
  });
});
