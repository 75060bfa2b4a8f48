/**
 * Kafka's default partitioner for keyed records (murmur2, positive, mod partitions): the same partition
 * kafkajs' DefaultPartitioner and the Java client choose, so both brokers spread keys alike.
 */
export function murmur2(key: Buffer): number {
  const seed = 0x9747b28c;
  const m = 0x5bd1e995;
  const r = 24;
  const length = key.length;
  let h = seed ^ length;
  const length4 = Math.floor(length / 4);
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = (key[i4 + 0] & 0xff) + ((key[i4 + 1] & 0xff) << 8) + ((key[i4 + 2] & 0xff) << 16) + ((key[i4 + 3] & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const rest = length % 4;
  const tail = length & ~3;
  if (rest === 3) h ^= (key[tail + 2] & 0xff) << 16;
  if (rest >= 2) h ^= (key[tail + 1] & 0xff) << 8;
  if (rest >= 1) {
    h ^= key[tail] & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h;
}

const toPositive = (x: number): number => x & 0x7fffffff;

/** Partition of a key among `partitions`; null keys are spread by the caller (round robin). */
export const partitionForKey = (key: string | Buffer, partitions: number): number =>
  toPositive(murmur2(typeof key === 'string' ? Buffer.from(key) : key)) % partitions;
