import { OffsetCommitter, type PartitionOffset } from './offset-committer.js';

/** A commit function that records its calls and resolves when the test says so. */
function recorder() {
  const calls: PartitionOffset[][] = [];
  const waiting: (() => void)[] = [];
  return {
    calls,
    commit: (offsets: PartitionOffset[]) => {
      calls.push(offsets);
      return new Promise<void>((r) => waiting.push(r));
    },
    release: () => { for (const r of waiting.splice(0)) r(); },
  };
}

const at = (partition: number, offset: number): PartitionOffset => ({ topic: 't', partition, offset: String(offset) });
const nextTick = () => new Promise((r) => setImmediate(r));

describe('OffsetCommitter', () => {
  it('sends the marks of an interval in one request, the highest offset of each partition', async () => {
    const r = recorder();
    const c = new OffsetCommitter({ commit: r.commit, intervalMs: 60_000, onError: () => undefined });
    await c.mark(at(0, 5));
    await c.mark(at(1, 3));
    await c.mark(at(0, 9));
    await c.mark(at(0, 7)); // an older mark never moves a partition back
    expect(r.calls).toHaveLength(0);
    const flushed = c.flush();
    await nextTick();
    r.release();
    await flushed;
    expect(r.calls).toEqual([[at(0, 9), at(1, 3)]]);
  });

  it('commits on its own once the interval has passed', async () => {
    const r = recorder();
    const c = new OffsetCommitter({ commit: async (o) => { r.calls.push(o); }, intervalMs: 5, onError: () => undefined });
    await c.mark(at(2, 11));
    for (let i = 0; i < 100 && r.calls.length === 0; i++) await new Promise((res) => setTimeout(res, 5));
    expect(r.calls).toEqual([[at(2, 11)]]);
  });

  it('keeps one request in flight: marks made meanwhile go in the next one', async () => {
    const r = recorder();
    const c = new OffsetCommitter({ commit: r.commit, intervalMs: 60_000, onError: () => undefined });
    await c.mark(at(0, 1));
    const first = c.flush();
    await nextTick();
    await c.mark(at(0, 2));
    const second = c.flush();
    await nextTick();
    expect(r.calls).toHaveLength(1);
    r.release();
    await first;
    await nextTick();
    expect(r.calls).toEqual([[at(0, 1)], [at(0, 2)]]);
    r.release();
    await second;
  });

  it('while closing, a mark resolves only after its own commit', async () => {
    const r = recorder();
    const c = new OffsetCommitter({ commit: r.commit, intervalMs: 60_000, onError: () => undefined });
    await c.mark(at(0, 4));
    const closed = c.close();
    await nextTick();
    r.release();
    await closed;
    let done = false;
    const marked = c.mark(at(0, 6)).then(() => { done = true; });
    await nextTick();
    expect(r.calls).toEqual([[at(0, 4)], [at(0, 6)]]);
    expect(done).toBe(false);
    r.release();
    await marked;
    expect(done).toBe(true);
  });

  it('reports a failed commit with its offsets and goes on', async () => {
    const failed: PartitionOffset[][] = [];
    let calls = 0;
    const c = new OffsetCommitter({
      commit: async () => {
        if (calls++ === 0) throw new Error('REBALANCE_IN_PROGRESS');
      },
      intervalMs: 60_000,
      onError: (_e, offsets) => failed.push(offsets),
    });
    await c.mark(at(3, 8));
    await c.flush();
    await c.mark(at(3, 9));
    await c.flush();
    expect(failed).toEqual([[at(3, 8)]]);
    expect(calls).toBe(2);
  });
});
