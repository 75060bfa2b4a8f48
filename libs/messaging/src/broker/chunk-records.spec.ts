import { chunkRecords } from './chunk-records.js';

const rec = (key: string, bytes: number) => ({ key, value: 'x'.repeat(bytes) });

describe('chunkRecords', () => {
  it('keeps every record, in order, and each request under the limit', () => {
    const records = [
      { topic: 'a', messages: [rec('k1', 400), rec('k2', 400), rec('k1', 400)] },
      { topic: 'b', messages: [rec('k3', 300), rec('k4', 300)] },
    ];
    const chunks = chunkRecords(records, 1000);
    const flat = chunks.flatMap((c) => c.flatMap((t) => t.messages.map((m) => `${t.topic}:${m.key}`)));
    expect(flat).toEqual(['a:k1', 'a:k2', 'a:k1', 'b:k3', 'b:k4']);
    for (const c of chunks) {
      const size = c.flatMap((t) => t.messages).reduce((n, m) => n + (m.key ?? '').length + String(m.value).length, 0);
      expect(size).toBeLessThanOrEqual(1000);
    }
    expect(chunks).toHaveLength(3);
  });

  it('sends a record larger than the limit alone', () => {
    const chunks = chunkRecords([{ topic: 'a', messages: [rec('s', 10), rec('big', 5000), rec('t', 10)] }], 1000);
    expect(chunks.map((c) => c[0]!.messages.map((m) => m.key))).toEqual([['s'], ['big'], ['t']]);
  });

  it('gives nothing for nothing', () => {
    expect(chunkRecords([{ topic: 'a', messages: [] }], 1000)).toEqual([]);
  });
});
