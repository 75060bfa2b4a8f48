import { Kafka, logLevel } from 'kafkajs';

/** Offsets per topic, e.g. the end offsets of topics taken before a test acts. */
export type GroupOffsets = Map<string, { partition: number; offset: string }[]>;

/**
 * Commits `offsets` for a consumer group that has no running member, in one group join for every topic
 * (kafkajs' admin.setOffsets joins once per topic, about 5 s each). The consumer pauses everything and, at its
 * first fetch (it is then a member holding every partition), commits the offsets itself and stops. A seek's
 * commit is not awaited by kafkajs and could miss the stop on a fresh broker. The committed offsets are then
 * read back, so a commit that did not land fails here rather than as a replay later.
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
      let committing = false;
      consumer.on(consumer.events.FETCH, () => {
        if (committing) return;
        committing = true;
        const all = [...offsets].flatMap(([topic, partitions]) => partitions.map((p) => ({ topic, partition: p.partition, offset: p.offset })));
        consumer.commitOffsets(all).then(() => consumer.stop()).then(resolve, reject);
      });
      consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      // run() creates the consumer group synchronously, so the pause applies before its first fetch.
      consumer.pause(topicNames.map((topic) => ({ topic })));
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
