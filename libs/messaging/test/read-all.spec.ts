// readAll (the dead-letter tooling's read of a whole topic) keeps what it read while the topic's offsets stay the
// same: what it answers must still be the topic as it is now.
import { KafkaBroker } from '../src/broker/kafka-broker.js';
import { env, randomName } from '../src/testing/fixtures.js';
import { createTopic } from './support.js';

describe('reading a whole Kafka topic', () => {
  let broker: KafkaBroker;
  beforeAll(() => {
    broker = new KafkaBroker(env.kafkaBrokers, 'read-all-spec');
  });
  afterAll(async () => {
    await broker.close();
  });

  it('answers the same messages while nothing is added, and the new ones once something is', async () => {
    const topic = randomName('read-all');
    await createTopic(broker, topic, 2);
    const values = async () => (await broker.readAll(topic)).map((m) => `${m.partition}:${m.value?.toString()}`).sort();
    expect(await values()).toEqual([]);
    await broker.publish([{ topic, messages: [{ key: 'a', value: 'one' }, { key: 'b', value: 'two' }] }]);
    const first = await values();
    expect(first).toHaveLength(2);
    expect(await values()).toEqual(first);
    const copy = await broker.readAll(topic);
    copy.length = 0; // a caller's array is its own
    expect(await values()).toEqual(first);
    await broker.publish([{ topic, messages: [{ key: 'a', value: 'three' }] }]);
    const after = await values();
    expect(after).toHaveLength(3);
    expect(after.filter((v) => v.endsWith(':three'))).toHaveLength(1);
  });

  it('reads several topics at once (a service lists its dead-letter topics side by side), asking their partitions meanwhile', async () => {
    const names = [randomName('read-all-a'), randomName('read-all-b'), randomName('read-all-c')];
    for (const [i, topic] of names.entries()) {
      await createTopic(broker, topic, 3);
      await broker.publish([{ topic, messages: Array.from({ length: i + 1 }, (_, n) => ({ key: `k${n}`, value: `${topic} ${n}` })) }]);
    }
    // A broker that knows none of them yet, as a service at its first look (kafkajs fetches their metadata then).
    const fresh = new KafkaBroker(env.kafkaBrokers, 'read-all-spec-fresh');
    try {
      // As a dead-letter list does: the topic's partitions, then its messages, every topic at once.
      const counts = await Promise.all(names.map(async (t) => [await fresh.partitionCount(t), (await fresh.readAll(t)).length]));
      expect(counts).toEqual([[3, 1], [3, 2], [3, 3]]);
    } finally {
      await fresh.close();
    }
  });
});
