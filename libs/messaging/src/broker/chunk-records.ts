import type { TopicRecords } from './broker.js';

/**
 * Splits records into consecutive requests of at most `maxBytes` (key + value + headers), keeping their order,
 * so a large relay round never exceeds the broker's request and message-batch limits (Kafka refuses a batch
 * over message.max.bytes, 1 MiB by default, and would refuse it on every retry). A single record larger than
 * the limit travels alone: the broker then names the record that is too large.
 */
export function chunkRecords(records: TopicRecords[], maxBytes: number): TopicRecords[][] {
  const chunks: TopicRecords[][] = [];
  let current: TopicRecords[] = [];
  let size = 0;
  for (const { topic, messages } of records) {
    for (const m of messages) {
      const bytes = byteLength(m.key) + byteLength(m.value) + Object.entries(m.headers ?? {}).reduce((n, [k, v]) => n + k.length + byteLength(v), 0);
      if (size > 0 && size + bytes > maxBytes) {
        chunks.push(current);
        current = [];
        size = 0;
      }
      const last = current[current.length - 1];
      if (last?.topic === topic) last.messages.push(m);
      else current.push({ topic, messages: [m] });
      size += bytes;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

const byteLength = (v: Buffer | string | null): number => (v === null ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length);
