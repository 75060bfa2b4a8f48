import type { DataSource } from 'typeorm';
import type { Broker } from '../src/broker/broker.js';
import { InProcessBroker } from '../src/broker/in-process-broker.js';
import { KafkaBroker } from '../src/broker/kafka-broker.js';
import { runDlqCommand } from '../src/cli/dlq-commands.js';
import { EventConsumer } from '../src/consumer/consumer.js';
import { PermanentError } from '../src/errors.js';
import { EventPublisher } from '../src/outbox/publisher.js';
import { OutboxRelay } from '../src/outbox/relay.js';
import { applyEffect, dropSchema, env, openDataSource, randomName, readEffects, testCatalog, testEventOn, testPayload, type TestPayload } from '../src/testing/fixtures.js';
import { createTopic, runChild, waitFor } from './support.js';

describe.each(['kafka', 'in-process'] as const)('dead-letter command (%s broker)', (kind) => {
  it('lists dead letters with their reason and replays each once after the cause is fixed', async () => {
    const schema = randomName('msg_dlq');
    const ds: DataSource = await openDataSource(schema);
    const broker: Broker = kind === 'kafka' ? new KafkaBroker(env.kafkaBrokers, 'dlq-spec') : new InProcessBroker({ connectionString: env.databaseUrl });
    const topic = randomName('test.dlq').replace(/_/g, '.');
    await createTopic(broker, topic, 3);
    const def = testEventOn(topic);
    let warehouseKnown = false;
    const consumer = new EventConsumer({
      broker, dataSource: ds, schema, groupId: 'dlq-spec', catalog: testCatalog(def),
      handlers: [{
        defs: def,
        handle: async (e, tx) => {
          if ((e.payload as TestPayload).moveId.startsWith('needs') && !warehouseKnown) throw new PermanentError('unknown warehouse WH9');
          await applyEffect(schema, e, tx);
        },
      }],
    });
    const relay = new OutboxRelay({ dataSource: ds, schema, broker });
    const out: string[] = [];
    const cli = async (...args: string[]): Promise<string[]> => {
      out.length = 0;
      expect(await runDlqCommand(args, broker, (l) => out.push(l))).toBe(0);
      return [...out];
    };
    try {
      await consumer.start();
      relay.start();
      const publisher = new EventPublisher({ serviceName: 'spec', schema });
      const [, needs1, needs2] = await ds.transaction(async (tx) => [
        await publisher.publish(tx, def, testPayload('a', 0)),
        await publisher.publish(tx, def, testPayload('b', 0, 'needs')),
        await publisher.publish(tx, def, testPayload('c', 0, 'needs')),
        await publisher.publish(tx, def, testPayload('a', 1)),
      ]);
      await waitFor('two dead letters', async () => (await broker.readAll(`${topic}.dlq`)).length === 2);
      expect((await readEffects(ds, schema)).map((e) => `${e.key}${e.seq}`).sort()).toEqual(['a0', 'a1']);

      const listed = await cli('list', topic);
      expect(listed).toHaveLength(3);
      expect(listed.filter((l) => l.includes('pending') && l.includes('reason=unknown warehouse WH9') && l.includes('group=dlq-spec'))).toHaveLength(2);
      expect(listed[2]).toContain('2 dead letter(s)');
      if (kind === 'kafka') {
        // the real entry point, as `npm run dlq -- list <topic>` runs it
        const child = runChild('cli/dlq.js', { KAFKA_BROKERS: env.kafkaBrokers.join(',') }, ['list', topic]);
        expect((await child.exited).code).toBe(0);
        expect(child.output()).toContain('reason=unknown warehouse WH9');
        expect(child.output()).toContain('2 dead letter(s)');
      }

      warehouseKnown = true; // the cause is fixed
      expect((await cli('replay', topic, '--event-id', needs1.id)).at(-1)).toBe(`1 event(s) replayed to ${topic}`);
      await waitFor('replayed event applied', async () => (await readEffects(ds, schema)).some((e) => e.event_id === needs1.id));
      expect((await cli('replay', topic)).at(-1)).toBe(`1 event(s) replayed to ${topic}`);
      await waitFor('second replayed event applied', async () => (await readEffects(ds, schema)).some((e) => e.event_id === needs2.id));
      expect((await cli('replay', topic)).at(-1)).toBe(`0 event(s) replayed to ${topic}`);
      expect((await cli('list', topic)).filter((l) => l.includes('  replayed  '))).toHaveLength(2);
      const effects = await readEffects(ds, schema);
      expect(effects.map((e) => `${e.key}${e.seq}`).sort()).toEqual(['a0', 'a1', 'b0', 'c0']);
    } finally {
      await consumer.close();
      await relay.stop();
      await broker.close();
      await dropSchema(ds, schema);
      await ds.destroy();
    }
  });

  if (kind === 'kafka') {
    it('prints its usage for a bad command (exit code 2)', async () => {
      const child = runChild('cli/dlq.js', { KAFKA_BROKERS: env.kafkaBrokers.join(',') }, ['frobnicate']);
      expect((await child.exited).code).toBe(2);
      expect(child.output()).toContain('usage: npm run dlq');
    });
  }
});

