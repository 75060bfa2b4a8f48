import 'reflect-metadata';
import { Controller, Inject, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import type { EventEnvelope } from '@replenish/contracts';
import { DataSource } from 'typeorm';
import { InProcessBroker } from '../src/broker/in-process-broker.js';
import { KafkaBroker } from '../src/broker/kafka-broker.js';
import type { Broker } from '../src/broker/broker.js';
import { correlationStore } from '../src/correlation.js';
import { MessagingMetrics } from '../src/metrics.js';
import { lastValueFrom } from 'rxjs';
import { MessagingContext } from '../src/nest/messaging.context.js';
import { MessagingHealth, MessagingModule } from '../src/nest/messaging.module.js';
import { connectMessagingTransport } from '../src/nest/messaging.transport.js';
import { OutboxClient } from '../src/nest/outbox.client.js';
import { EventPublisher } from '../src/outbox/publisher.js';
import { applyEffect, dropSchema, env, openDataSource, randomName, readEffects, testCatalog, testEventOn, testPayload, type TestPayload } from '../src/testing/fixtures.js';
import { createTopic, waitFor } from './support.js';

describe.each(['kafka', 'in-process'] as const)('MessagingModule (%s broker)', (kind) => {
  it('publishes from a service, runs @EventPattern handlers of controllers through the transport with correlation, reports health, shuts down', async () => {
    const schema = randomName('msg_nest');
    const ds = await openDataSource(schema);
    const broker: Broker = kind === 'kafka' ? new KafkaBroker(env.kafkaBrokers, 'nest-spec') : new InProcessBroker({ connectionString: env.databaseUrl });
    const topic = randomName('test.nest').replace(/_/g, '.');
    await createTopic(broker, topic, 3);
    const def = testEventOn(topic);
    const seen: Array<{ id: string; correlation?: string; causation: string | null; derived: boolean }> = [];

    @Controller()
    class MoveHandler {
      constructor(@Inject(OutboxClient) private readonly events: OutboxClient) {}

      @EventPattern<string>(def.type)
      async onMove(@Payload() event: EventEnvelope<TestPayload>, @Ctx() ctx: MessagingContext): Promise<void> {
        seen.push({ id: event.id, correlation: correlationStore.getStore()?.correlationId, causation: event.causationId, derived: event.payload.moveId.startsWith('derived') });
        await applyEffect(schema, event, ctx.getManager());
        // A consequence emitted from the handler: same transaction, causation = this event.
        if (!event.payload.moveId.startsWith('derived')) await lastValueFrom(this.events.emit(def.type, testPayload(event.payload.productId, 100, 'derived')));
      }
    }

    @Module({ controllers: [MoveHandler] })
    class FeatureModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [
        { module: class DataSourceModule {}, global: true, providers: [{ provide: DataSource, useValue: ds }], exports: [DataSource] },
        MessagingModule.forRoot({ serviceName: 'nest-spec', schema, broker, catalog: testCatalog(def) }),
        FeatureModule,
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    connectMessagingTransport(app);
    await app.startAllMicroservices();
    try {
      const publisher = app.get(EventPublisher);
      const sent = await ds.transaction((tx) => publisher.publish(tx, def, testPayload('n1', 0), { correlationId: 'req-42' }));
      await waitFor(async () => seen.length >= 2, { description: 'event and its consequence handled', timeoutMs: 90_000 });
      expect(seen[0]).toEqual({ id: sent.id, correlation: 'req-42', causation: null, derived: false });
      expect(seen[1]).toMatchObject({ correlation: 'req-42', causation: sent.id, derived: true });
      expect((await readEffects(ds, schema)).map((e) => e.seq)).toEqual([0, 100]);
      // The relay deletes a row after the broker has it, so the consequence can be handled a moment before its row goes.
      await waitFor(async () => (await app.get(MessagingHealth).check()).relayLagRows === 0, { description: 'relay drained', timeoutMs: 15_000 });
      const health = await app.get(MessagingHealth).check();
      expect(health.broker).toBe(true);
      expect(health.relayLagRows).toBe(0);
      const m = app.get(MessagingMetrics).snapshot();
      expect(m.published).toBe(2);
      expect(m.consumed).toBe(2);
    } finally {
      await app.close(); // stops consumer and relay, closes the broker
      await dropSchema(ds, schema);
      await ds.destroy();
    }
    expect(await broker.healthCheck()).toBe(false);
  });
});
