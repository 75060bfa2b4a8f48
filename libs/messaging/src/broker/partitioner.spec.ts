import { Partitioners } from 'kafkajs';
import { partitionForKey } from './partitioner.js';

describe('partitionForKey', () => {
  it('picks the partition kafkajs (and the Java client) picks for a key', () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 6, 7]) {
      const partitionMetadata = Array.from({ length: partitions }, (_, i) => ({ partitionId: i, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0 }));
      for (const key of ['', 'a', 'ab', 'abc', 'abcd', 'product-42@WH1', 'ünïcødé-key', 'x'.repeat(257)]) {
        expect(partitionForKey(key, partitions)).toBe(kafkajs({ topic: 't', partitionMetadata, message: { key, value: null } }));
      }
    }
  });
});
