import { Kafka, logLevel } from 'kafkajs';

/** Offsets per topic, e.g. the end offsets of topics taken before a test acts. */
export type GroupOffsets = Map<string, { partition: number; offset: string }[]>;

/**
 * Commits `offsets` for a consumer group that has no running member, in one group join for every topic
 * (kafkajs' admin.setOffsets joins once per topic, about 5 s each). The consumer pauses everything, seeks
 * each partition (a seek commits at once with auto-commit) and stops after its first fetch; the committed
 * offsets are then read back, so a seek that did not land fails here rather than as a replay later.
 */
export async function setGroupOffsets(brokers: string[], groupId: string, offsets: GroupOffsets): Promise<void> {
  const kafka = new Kafka({ clientId: `replenish-test-infra-offsets-${process.pid}`, brokers, logLevel: logLevel.NOTHING });
  const topicNames = [...offsets.keys()];
  // A short fetch wait: stop() waits for the fetch in flight (kafkajs' default wait is 5 s).
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: topicNames, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.FETCH, () => {
        consumer.stop().then(resolve, reject);
      });
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      // run() creates the consumer group synchronously, so pause and seek apply before its first fetch.
      consumer.pause(topicNames.map((topic) => ({ topic })));
      for (const [topic, partitions] of offsets) for (const p of partitions) consumer.seek({ topic, partition: p.partition, offset: p.offset });
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId, topics: topicNames });
    for (const { topic, partitions } of committed) {
      for (const p of partitions) {
        const want = offsets.get(topic)!.find((x) => x.partition === p.partition)!.offset;
        if (p.offset !== want) throw new Error(`group ${groupId}: ${topic}/${p.partition} committed at ${p.offset}, not ${want}`);
      }
    }
  } finally {
    await admin.disconnect();
  }
}
