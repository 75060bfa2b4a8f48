// kafkajs stops a consumer for good after a crash it deems final (here a TypeError thrown out of the handler):
// the broker adapter starts it again, so the service goes on consuming without a restart by hand.
import { KafkaBroker } from '../src/broker/kafka-broker.js';
import type { GroupMembership } from '../src/broker/broker.js';
import { env, randomName } from '../src/testing/fixtures.js';
import { createTopic, waitFor } from './support.js';

describe('a Kafka consumer kafkajs gave up on', () => {
  let broker: KafkaBroker;
  const errors: string[] = [];
  beforeAll(() => {
    broker = new KafkaBroker(env.kafkaBrokers, 'consumer-restart-spec', { logger: { log: () => {}, warn: () => {}, error: (m) => errors.push(m) } });
  });
  afterAll(async () => {
    await broker.close();
  });

  it('is started again, shows failed meanwhile, and handles the batch it crashed on', async () => {
    const topic = randomName('restart');
    await createTopic(broker, topic, 1);
    const handled: string[] = [];
    let calls = 0;
    const states: GroupMembership['state'][] = [];
    const sub = await broker.subscribe({
      groupId: randomName('restart-group'),
      topics: [topic],
      handler: async (batch, ctx) => {
        calls++;
        // Not a KafkaJSError: kafkajs's retrier calls it unrecoverable and its consumer stops without restarting.
        if (calls === 1) throw new TypeError('a bug that escaped the handler');
        handled.push(...batch.messages.map((m) => m.value?.toString() ?? ''));
        await ctx.commit((BigInt(batch.messages[batch.messages.length - 1]!.offset) + 1n).toString());
      },
    });
    const watch = setInterval(() => states.push(sub.membership().state), 20);
    try {
      await broker.publish([{ topic, messages: [{ key: 'k', value: Buffer.from('event 1') }] }]);
      await waitFor(() => handled.includes('event 1'), { timeoutMs: 45_000, description: 'the event handled after the restart' });
      expect(states).toContain('failed');
      expect(sub.membership().state).toBe('member');
      expect(calls).toBe(2);
      expect(errors).toContainEqual(expect.stringMatching(/kafkajs stopped the consumer \(.*a bug that escaped the handler\); starting it again in 1000 ms/));
    } finally {
      clearInterval(watch);
      await sub.close();
    }
  });
});
