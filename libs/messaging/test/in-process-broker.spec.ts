import { InProcessBroker } from '../src/broker/in-process-broker.js';
import type { ConsumedMessage } from '../src/broker/broker.js';
import { partitionForKey } from '../src/broker/partitioner.js';
import { env, randomName } from '../src/testing/fixtures.js';
import { waitFor } from './support.js';

const consume = async (broker: InProcessBroker, groupId: string, topic: string, seen: ConsumedMessage[], commit = true) =>
  broker.subscribe({
    groupId,
    topics: [topic],
    handler: async (batch, ctx) => {
      seen.push(...batch.messages);
      if (commit) await ctx.commit((BigInt(batch.messages.at(-1)!.offset) + 1n).toString());
    },
  });

describe('InProcessBroker (PostgreSQL-backed log)', () => {
  it('survives restarts: the log and committed offsets are durable; uncommitted batches come again', async () => {
    const topic = randomName('test.inproc.restart').replace(/_/g, '.');
    const b1 = new InProcessBroker({ connectionString: env.databaseUrl });
    await b1.createTopics([{ topic, numPartitions: 4 }]);
    await b1.publish([{ topic, messages: Array.from({ length: 40 }, (_, i) => ({ key: `k${i % 5}`, value: `v${i}`, headers: { n: String(i) } })) }]);
    await b1.close(); // "process restart" before anyone consumed

    const b2 = new InProcessBroker({ connectionString: env.databaseUrl });
    const seen: ConsumedMessage[] = [];
    const sub = await consume(b2, 'g', topic, seen);
    await waitFor(async () => seen.length >= 40, { description: '40 messages', timeoutMs: 90_000 });
    await sub.close();
    // keys land on the murmur2 partition, in publish order, with headers
    for (const m of seen) expect(m.partition).toBe(partitionForKey(m.key!, 4));
    for (let k = 0; k < 5; k++) {
      expect(seen.filter((m) => m.key === `k${k}`).map((m) => m.value!.toString())).toEqual(Array.from({ length: 8 }, (_, j) => `v${k + 5 * j}`));
    }
    expect(seen[0].headers.n).toBeDefined();
    // an uncommitting group sees everything again on every restart
    const uncommitted: ConsumedMessage[] = [];
    const sub2 = await consume(b2, 'lazy', topic, uncommitted, false);
    await waitFor(async () => uncommitted.length >= 40, { description: 'lazy group sees messages', timeoutMs: 90_000 });
    await sub2.close();
    await b2.publish([{ topic, messages: [{ key: 'k0', value: 'after-restart' }] }]);
    await b2.close();

    const b3 = new InProcessBroker({ connectionString: env.databaseUrl });
    const again: ConsumedMessage[] = [];
    const sub3 = await consume(b3, 'g', topic, again);
    await waitFor(async () => again.length >= 1, { description: 'the one new message', timeoutMs: 90_000 });
    const lazyAgain: ConsumedMessage[] = [];
    const sub4 = await consume(b3, 'lazy', topic, lazyAgain, false);
    await waitFor(async () => lazyAgain.length >= 41, { description: 'lazy group gets its uncommitted batches again', timeoutMs: 90_000 });
    await sub3.close();
    await sub4.close();
    expect(again.map((m) => m.value!.toString())).toEqual(['after-restart']); // committed ones not redelivered
    expect(await b3.readAll(topic)).toHaveLength(41);
    await b3.close();
  });

  it('wakes subscribers in-process without waiting for the poll', async () => {
    const topic = randomName('test.inproc.wake').replace(/_/g, '.');
    const b = new InProcessBroker({ connectionString: env.databaseUrl, pollIntervalMs: 60_000 });
    await b.createTopics([{ topic, numPartitions: 1 }]);
    const seen: ConsumedMessage[] = [];
    const sub = await consume(b, 'w', topic, seen);
    await new Promise((r) => setTimeout(r, 300)); // the member is now idle, waiting
    await b.publish([{ topic, messages: [{ key: 'a', value: '1' }] }]);
    await waitFor(async () => seen.length === 1, { description: 'woken subscriber got it', timeoutMs: 20_000 }); // far less than the 60 s poll
    await sub.close();
    await b.close();
  });
});
