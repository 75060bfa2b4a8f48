import { createEnvelope, type EventEnvelope } from '@replenish/contracts';
import type { DataSource } from 'typeorm';
import type { BatchContext } from '../src/broker/broker.js';
import { InProcessBroker } from '../src/broker/in-process-broker.js';
import { EventConsumer } from '../src/consumer/consumer.js';
import { correlationStore, type CorrelationContext } from '../src/correlation.js';
import { PermanentError } from '../src/errors.js';
import type { MessagingLogger } from '../src/logger.js';
import { envelopeHeaders } from '../src/outbox/publisher.js';
import { applyEffect, dropSchema, env, openDataSource, randomName, testCatalog, testEventOn, testPayload, type TestEventDef } from '../src/testing/fixtures.js';

interface Line {
  level: 'debug' | 'log' | 'warn' | 'error';
  message: string;
  /** The correlation the line was written in. */
  context?: CorrelationContext;
}

/** A logger that keeps every line with the correlation it was written in (what the services' log mixin prints). */
const capturingLogger = (lines: Line[]): MessagingLogger => {
  const at = (level: Line['level']) => (message: string) => void lines.push({ level, message, context: correlationStore.getStore() });
  return { debug: at('debug'), log: at('log'), warn: at('warn'), error: at('error') };
};

const ctx: BatchContext = { heartbeat: async () => undefined, isRunning: () => true, isStale: () => false, commit: async () => undefined };

describe('consumer logs', () => {
  const schema = randomName('msg_logs');
  let ds: DataSource;
  let broker: InProcessBroker;

  beforeAll(async () => {
    ds = await openDataSource(schema, 4);
    broker = new InProcessBroker({ connectionString: env.databaseUrl });
  });

  afterAll(async () => {
    await broker.close();
    await dropSchema(ds, schema);
    await ds.destroy();
  });

  /** Events on a fresh one-partition topic, each with its own correlation id; returns them as the broker holds them. */
  const publish = async (def: TestEventDef, tags: string[]): Promise<{ envelopes: EventEnvelope[]; messages: Awaited<ReturnType<InProcessBroker['readAll']>> }> => {
    await broker.createTopics([{ topic: def.topic, numPartitions: 1 }, { topic: `${def.topic}.dlq`, numPartitions: 1 }]);
    const envelopes = tags.map((tag, i) => createEnvelope(def, testPayload('k', i, tag), { source: 'spec', correlationId: `corr-${i}` }));
    await broker.publish([{ topic: def.topic, messages: envelopes.map((e) => ({ key: e.key, value: JSON.stringify(e), headers: envelopeHeaders(e) })) }]);
    return { envelopes, messages: await broker.readAll(def.topic) };
  };

  const consumerFor = (def: TestEventDef, lines: Line[], failures: Map<string, number> = new Map()): EventConsumer =>
    new EventConsumer({
      broker, dataSource: ds, schema, groupId: randomName('logs'), catalog: testCatalog(def), logger: capturingLogger(lines),
      retry: { attempts: 3, baseMs: 10, maxMs: 20 },
      handlers: [{
        defs: def,
        handle: async (e, tx) => {
          const moveId = (e.payload as { moveId: string }).moveId;
          if (moveId.startsWith('permanent')) throw new PermanentError('refused');
          const left = failures.get(moveId) ?? 0;
          if (left > 0) {
            failures.set(moveId, left - 1);
            throw new Error('deadlock detected');
          }
          await applyEffect(schema, e, tx);
        },
      }],
    });

  it('writes one debug line per batch applied at once, with its partition, offsets and counts', async () => {
    const def = testEventOn(randomName('test.logs.ok').replace(/_/g, '.'));
    const { messages } = await publish(def, ['ok', 'ok', 'ok']);
    const lines: Line[] = [];
    const consumer = consumerFor(def, lines);
    await consumer.processBatch({ topic: def.topic, partition: 0, messages }, ctx);
    await consumer.processBatch({ topic: def.topic, partition: 0, messages }, ctx);
    expect(lines.map((l) => l.level)).toEqual(['debug', 'debug']);
    expect(lines[0]?.message).toMatch(new RegExp(`batch ${def.topic}/0@0\\.\\.2: 3 messages, 3 applied, 0 duplicates, 0 dead-lettered, 0 retries, \\d+ ms$`));
    expect(lines[1]?.message).toMatch(/3 messages, 0 applied, 3 duplicates, 0 dead-lettered/);
  });

  it('writes a batch that retried or dead-lettered at info, and each event\'s retry and dead letter in its own correlation', async () => {
    const def = testEventOn(randomName('test.logs.fail').replace(/_/g, '.'));
    const { envelopes, messages } = await publish(def, ['ok', 'flaky', 'permanent']);
    const lines: Line[] = [];
    // flaky fails in the batch's transaction, then once more on its own: one retry.
    const consumer = consumerFor(def, lines, new Map([['flaky-k-1', 2]]));
    await consumer.processBatch({ topic: def.topic, partition: 0, messages }, ctx);

    const retry = lines.find((l) => l.message.includes('retrying in'));
    expect(retry?.context).toEqual({ correlationId: 'corr-1', eventId: envelopes[1]!.id });
    const deadLetter = lines.find((l) => l.message.startsWith('dead-lettered'));
    expect(deadLetter?.message).toMatch(/refused$/);
    expect(deadLetter?.context).toEqual({ correlationId: 'corr-2', eventId: envelopes[2]!.id });
    const summary = lines.filter((l) => l.message.includes(`batch ${def.topic}/0@0..2:`) && l.message.includes('messages'));
    expect(summary).toHaveLength(1);
    expect(summary[0]?.level).toBe('log');
    expect(summary[0]?.message).toMatch(/3 messages, 2 applied, 0 duplicates, 1 dead-lettered, 1 retries, isolated after a failure/);
    // Lines about the whole batch carry the correlation id of each of its events.
    expect(summary[0]?.context?.correlationIds).toEqual(['corr-0', 'corr-1', 'corr-2']);
    expect(lines.find((l) => l.message.includes('isolating events'))?.context?.correlationIds).toEqual(['corr-0', 'corr-1', 'corr-2']);
  });
});
