import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Broker } from '../src/broker/broker.js';
import { InProcessBroker } from '../src/broker/in-process-broker.js';
import { KafkaBroker } from '../src/broker/kafka-broker.js';
import { listDeadLetters, runDlqCommand } from '../src/cli/dlq-commands.js';
import { chooseDlqBroker } from '../src/cli/dlq-broker.js';
import { forgetRunningSystem, recordRunningSystem, runningSystemFile } from '../src/cli/running-system.js';
import { deadLetterBatches, type DeadLetter } from '../src/consumer/dead-letter.js';
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
      expect(await runDlqCommand(args, () => broker, { out: (l) => out.push(l), err: (l) => out.push(l) }, 'ops-alice')).toBe(0);
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
      await waitFor(async () => (await broker.readAll(`${topic}.dlq`)).length === 2, { description: 'two dead letters', timeoutMs: 90_000 });
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
      await waitFor(async () => (await readEffects(ds, schema)).some((e) => e.event_id === needs1.id), { description: 'replayed event applied', timeoutMs: 90_000 });
      // Who replayed: the replayed event's actor header and the replay log.
      expect((await broker.readAll(topic)).filter((m) => m.headers['replayed-from']).map((m) => m.headers.actor)).toEqual(['ops-alice']);
      expect((await broker.readAll(`${topic}.dlq.replayed`)).map((m) => JSON.parse(m.value!.toString()).replayedBy)).toEqual(['ops-alice']);
      expect((await cli('replay', topic)).at(-1)).toBe(`1 event(s) replayed to ${topic}`);
      await waitFor(async () => (await readEffects(ds, schema)).some((e) => e.event_id === needs2.id), { description: 'second replayed event applied', timeoutMs: 90_000 });
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

  it('refuses a mistyped or incomplete command line before opening the broker, and an unknown topic, replaying nothing', async () => {
    const broker: Broker = kind === 'kafka' ? new KafkaBroker(env.kafkaBrokers, 'dlq-spec') : new InProcessBroker({ connectionString: env.databaseUrl });
    const topic = randomName('test.dlq.typo').replace(/_/g, '.');
    try {
      await createTopic(broker, topic, 1);
      const failed = (moveId: string): DeadLetter => ({
        message: { topic, partition: 0, offset: moveId, key: moveId, value: Buffer.from('{}'), headers: {}, timestamp: 0 },
        reason: 'unknown warehouse WH9',
        eventId: moveId,
      });
      await broker.publish(deadLetterBatches([failed('1'), failed('2')], 'dlq-spec'));
      const refused = async (args: string[], message: string, brokerOpened = false): Promise<void> => {
        const lines: string[] = [];
        let opened = false;
        const code = await runDlqCommand(args, () => ((opened = true), broker), { out: (l) => lines.push(l), err: (l) => lines.push(l) });
        expect({ args, code, opened, said: lines.some((l) => l.includes(message)) }).toEqual({ args, code: 2, opened: brokerOpened, said: true });
      };
      await refused(['replay', topic, '--evnt-id', '1'], "Unknown option '--evnt-id'");
      await refused(['replay', topic, '--dryrun'], "Unknown option '--dryrun'");
      await refused(['replay', topic, '--event-id'], "Option '--event-id <value>' argument missing");
      await refused(['replay', topic, '--event-id', '--dry-run'], "Option '--event-id' argument is ambiguous");
      await refused(['replay', topic, '--group='], "Option '--group' needs a value");
      await refused(['replay', topic, '--dry-run=yes'], "Option '--dry-run' does not take an argument");
      await refused(['replay', topic, 'everything'], "Unexpected argument 'everything'");
      await refused(['list', topic, '--event-id', '1'], "Unknown option '--event-id'");
      await refused(['replay'], 'usage: npm run dlq');
      await refused(['list', 'warehouse.stok-moves'], 'unknown topic warehouse.stok-moves; topics: upstream.orders, sales-orders.events, warehouse.stock-moves', true);
      await refused(['replay', `${topic}.dlq`], `${topic}.dlq is a dead-letter topic: name the topic it belongs to (${topic})`);
      if (kind === 'kafka') {
        // the real entry point, as `npm run dlq -- replay <topic> --evnt-id 1` runs it
        const child = runChild('cli/dlq.js', { KAFKA_BROKERS: env.kafkaBrokers.join(',') }, ['replay', topic, '--evnt-id', '1']);
        expect((await child.exited).code).toBe(2);
        expect(child.output()).toContain('usage: npm run dlq');
      }
      expect((await listDeadLetters(broker, topic)).map((e) => e.replayed)).toEqual([false, false]);
      expect(await broker.readAll(topic)).toEqual([]);
    } finally {
      await broker.close();
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


describe('the broker the dead-letter command reads', () => {
  const repoRoot = mkdtempSync(join(tmpdir(), 'dlq-root-'));
  afterEach(() => forgetRunningSystem(repoRoot, process.pid));

  it("is the running embedded system's in-process broker when KAFKA_BROKERS is unset, found without settings", async () => {
    const owner = new InProcessBroker({ connectionString: env.databaseUrl });
    const topic = randomName('test.dlq.embedded').replace(/_/g, '.');
    await createTopic(owner, topic, 1);
    await owner.publish(deadLetterBatches([{ message: { topic, partition: 0, offset: '0', key: 'k', value: Buffer.from('{}'), headers: {}, timestamp: 0 }, reason: 'bad' }], 'g'));
    await owner.close();
    recordRunningSystem(repoRoot, { pid: process.pid, databaseUrl: env.databaseUrl });

    const choice = chooseDlqBroker({}, repoRoot);
    expect(choice.source).toContain(`in-process broker of npm start (pid ${process.pid}`);
    const broker = choice.open();
    const lines: string[] = [];
    try {
      expect(await runDlqCommand(['list', topic], () => broker, { out: (l) => lines.push(l), err: (l) => lines.push(l) })).toBe(0);
    } finally {
      await broker.close();
    }
    expect(lines.at(-1)).toBe(`1 dead letter(s) in ${topic}.dlq, 1 not replayed`);
    expect(chooseDlqBroker({ KAFKA_BROKERS: '127.0.0.1:9092' }, repoRoot).source).toBe('Kafka at 127.0.0.1:9092 (KAFKA_BROKERS)');
  });

  it('says in one line what to set when neither KAFKA_BROKERS nor a running embedded system is found', () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!; // a launcher killed without cleaning up
    recordRunningSystem(repoRoot, { pid: gone, databaseUrl: env.databaseUrl });
    for (const noBroker of [() => chooseDlqBroker({}, repoRoot), () => chooseDlqBroker({ DATABASE_URL: env.databaseUrl }, mkdtempSync(join(tmpdir(), 'dlq-none-')))]) {
      expect(noBroker).toThrow(/^no broker: set KAFKA_BROKERS=host:9092 \(Kafka\), or start Replenish with npm start in this checkout [^\n]*$/);
    }
    rmSync(runningSystemFile(repoRoot));
  });
});
