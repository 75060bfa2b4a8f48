import 'reflect-metadata';
import { Controller, Module, type INestApplication, type Type } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { createEnvelope, type EventEnvelope } from '@replenish/contracts';
import { lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import type { Broker } from '../src/broker/broker.js';
import { InProcessBroker } from '../src/broker/in-process-broker.js';
import { KafkaBroker } from '../src/broker/kafka-broker.js';
import { DLQ_HEADERS } from '../src/consumer/dead-letter.js';
import { PermanentError } from '../src/errors.js';
import { MessagingMetrics } from '../src/metrics.js';
import { withTransaction } from '../src/nest/ambient-transaction.js';
import { MessagingContext } from '../src/nest/messaging.context.js';
import { MessagingModule } from '../src/nest/messaging.module.js';
import { connectMessagingTransport, type EventPatternExtras } from '../src/nest/messaging.transport.js';
import { OutboxClient } from '../src/nest/outbox.client.js';
import { envelopeHeaders } from '../src/outbox/publisher.js';
import {
  applyEffect, dropSchema, env, openDataSource, randomName, readEffects, testCatalog, testEventOn, testPayload, type TestEventDef, type TestPayload,
} from '../src/testing/fixtures.js';
import { assertExactlyOnceInOrder, createTopic, waitFor } from './support.js';

describe.each(['kafka', 'in-process'] as const)('MessagingTransport, @EventPattern handlers and OutboxClient (%s broker)', (kind) => {
  const schema = randomName(`msg_transport_${kind === 'kafka' ? 'kafka' : 'inproc'}`);
  let ds: DataSource;
  let broker: Broker;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    ds = await openDataSource(schema);
    broker = kind === 'kafka' ? new KafkaBroker(env.kafkaBrokers, 'transport-spec') : new InProcessBroker({ connectionString: env.databaseUrl });
  });

  afterEach(async () => {
    while (apps.length) await apps.pop()!.close();
    await ds.query(`TRUNCATE "${schema}".effects, "${schema}".inbox, "${schema}".outbox`);
  });

  afterAll(async () => {
    await broker.close();
    await dropSchema(ds, schema);
    await ds.destroy();
  });

  const newDef = async (): Promise<TestEventDef> => {
    const topic = randomName(`test.transport.${kind}`).replace(/_/g, '.');
    await createTopic(broker, topic, 3);
    return testEventOn(topic);
  };

  /** A service of `controllers` with the transport connected and listening, as service-kit starts one. */
  const startService = async (def: TestEventDef, controllers: Type[], metrics = new MessagingMetrics()): Promise<INestApplication> => {
    @Module({ controllers })
    class FeatureModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        { module: class DataSourceModule {}, global: true, providers: [{ provide: DataSource, useValue: ds }], exports: [DataSource] },
        MessagingModule.forRoot({
          serviceName: 'transport-spec', groupId: `g-${def.topic}`, schema, broker, catalog: testCatalog(def), closeBroker: false,
          retry: { attempts: 3, baseMs: 50, maxMs: 200 },
        }),
        FeatureModule,
      ],
    })
      .overrideProvider(MessagingMetrics)
      .useValue(metrics)
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    apps.push(app);
    await app.init();
    connectMessagingTransport(app);
    await app.startAllMicroservices();
    return app;
  };

  /** Events straight to the topic, as another service's relay would write them. */
  const sendRaw = (def: TestEventDef, envelopes: EventEnvelope[]): Promise<void> =>
    broker.publish([{ topic: def.topic, messages: envelopes.map((e) => ({ key: e.key, value: JSON.stringify(e), headers: envelopeHeaders(e) })) }]);

  it('gives a batch handler (`{ batch: true }`) the events of a real batch in one call, and applies an event delivered twice once', async () => {
    const def = await newDef();
    const keys = ['a', 'b', 'c'];
    const envelopes = Array.from({ length: 20 }, (_, i) => keys.map((k) => createEnvelope(def, testPayload(k, i), { source: 'upstream' }))).flat();
    await sendRaw(def, envelopes);
    const calls: number[] = [];

    @Controller()
    class Moves {
      @EventPattern<string>(def.type, { batch: true } satisfies EventPatternExtras)
      async onMoves(@Payload() events: EventEnvelope<TestPayload>[], @Ctx() ctx: MessagingContext): Promise<void> {
        calls.push(events.length);
        for (const e of events) await applyEffect(schema, e, ctx.getManager());
      }
    }

    const metrics = new MessagingMetrics();
    await startService(def, [Moves], metrics);
    await waitFor(async () => (await readEffects(ds, schema)).length === 60, { description: '60 effects', timeoutMs: 90_000 });
    expect(calls.some((n) => n > 1)).toBe(true);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(60);

    // The same events once more (a producer's retry, a replay): no second effect.
    await sendRaw(def, envelopes);
    await waitFor(async () => metrics.duplicates >= 60, { description: 'the repeats seen', timeoutMs: 90_000 });
    const effects = await readEffects(ds, schema);
    expect(effects).toHaveLength(60);
    assertExactlyOnceInOrder(effects, keys, 20);
    expect(metrics.consumed).toBe(60);
  });

  it('emits to the outbox in the caller\'s transaction: a rolled-back emit publishes nothing, a committed one is relayed', async () => {
    const def = await newDef();
    const seen: string[] = [];

    @Controller()
    class Moves {
      @EventPattern<string>(def.type)
      async onMove(@Payload() event: EventEnvelope<TestPayload>, @Ctx() ctx: MessagingContext): Promise<void> {
        seen.push(event.payload.moveId);
        await applyEffect(schema, event, ctx.getManager());
      }
    }

    const app = await startService(def, [Moves]);
    const client = app.get(OutboxClient);
    await expect(ds.transaction((tx) => withTransaction(tx, async () => {
      await lastValueFrom(client.emit(def.type, testPayload('k', 0, 'rolledback')));
      throw new Error('abort');
    }))).rejects.toThrow('abort');
    const sent = await ds.transaction((tx) => withTransaction(tx, () => lastValueFrom(client.emit(def.type, testPayload('k', 1)))));
    await ds.transaction((tx) => client.emitIn(tx, def.type, testPayload('k', 2)));
    expect(sent).toMatchObject({ type: def.type, key: 'k', source: 'transport-spec' });

    // One key, one partition: had the rolled-back event been published, it would have been handled first.
    await waitFor(async () => seen.includes('ok-k-2'), { description: 'the committed events handled', timeoutMs: 90_000 });
    expect(seen).toEqual(['ok-k-1', 'ok-k-2']);
    expect((await readEffects(ds, schema))[0]?.event_id).toBe(sent.id);
    await expect(lastValueFrom(client.emit(def.type, testPayload('k', 3)))).rejects.toThrow(/outside a transaction/);
    await expect(lastValueFrom(client.send(def.type, testPayload('k', 4)))).rejects.toThrow(/request\/response is not supported/);
  });

  it('dead-letters an event whose @EventPattern handler throws, with the handler\'s own reason, and applies the next ones', async () => {
    const def = await newDef();

    @Controller()
    class Moves {
      @EventPattern<string>(def.type)
      async onMove(@Payload() event: EventEnvelope<TestPayload>, @Ctx() ctx: MessagingContext): Promise<void> {
        if (event.payload.moveId.startsWith('permanent')) throw new PermanentError('unknown warehouse W9');
        if (event.payload.moveId.startsWith('broken')) throw new Error('downstream always fails');
        await applyEffect(schema, event, ctx.getManager());
      }
    }

    await sendRaw(def, [testPayload('x', 0), testPayload('x', 1, 'permanent'), testPayload('x', 2, 'broken'), testPayload('x', 3)].map((p) => createEnvelope(def, p, { source: 'upstream' })));
    await startService(def, [Moves]);
    const effects = await waitFor(async () => {
      const e = await readEffects(ds, schema);
      return e.length === 2 ? e : undefined;
    }, { description: 'the good events applied', timeoutMs: 90_000 });
    expect(effects.map((e) => `${e.tag}${e.seq}`)).toEqual(['ok0', 'ok3']);
    const dls = await waitFor(async () => {
      const all = await broker.readAll(`${def.topic}.dlq`);
      return all.length >= 2 ? all : undefined;
    }, { description: '2 dead letters', timeoutMs: 90_000 });
    expect(dls.map((m) => m.headers[DLQ_HEADERS.reason])).toEqual(['unknown warehouse W9', 'failed after 3 attempts: downstream always fails']);
  });

  it('runs the handlers of one type in several controllers one after the other, in the event\'s transaction', async () => {
    const def = await newDef();
    const steps: string[] = [];

    @Controller()
    class Ledger {
      @EventPattern<string>(def.type)
      async onMove(@Payload() event: EventEnvelope<TestPayload>, @Ctx() ctx: MessagingContext): Promise<void> {
        steps.push(`ledger ${event.payload.moveId}`);
        await applyEffect(schema, event, ctx.getManager());
        steps.push(`ledger done ${event.payload.moveId}`);
      }
    }

    @Controller()
    class Audit {
      @EventPattern<string>(def.type)
      async onMove(@Payload() event: EventEnvelope<TestPayload>, @Ctx() ctx: MessagingContext): Promise<void> {
        // The ledger's effect is visible: same transaction, and it ran first.
        const [{ n }] = (await ctx.getManager().query(`SELECT count(*)::int AS n FROM "${schema}".effects WHERE event_id = $1`, [event.id])) as [{ n: number }];
        steps.push(`audit ${event.payload.moveId} sees ${n}`);
      }
    }

    await sendRaw(def, [testPayload('y', 0), testPayload('y', 1)].map((p) => createEnvelope(def, p, { source: 'upstream' })));
    await startService(def, [Ledger, Audit]);
    await waitFor(async () => steps.length === 6, { description: 'both handlers of both events', timeoutMs: 90_000 });
    expect(steps).toEqual(['ledger ok-y-0', 'ledger done ok-y-0', 'audit ok-y-0 sees 1', 'ledger ok-y-1', 'ledger done ok-y-1', 'audit ok-y-1 sees 1']);
  });

  it('refuses to start with a request/response handler (@MessagePattern) or a pattern that is no event type', async () => {
    const def = await newDef();

    @Controller()
    class Asks {
      @MessagePattern(def.type)
      answer(): string {
        return 'no';
      }
    }

    @Controller()
    class Unknown {
      @EventPattern<string>('no-such.event')
      async on(): Promise<void> {}
    }

    await expect(startService(def, [Asks])).rejects.toThrow(/carries events only/);
    await expect(startService(def, [Unknown])).rejects.toThrow(/no event type no-such.event in the catalog/);
  });
});
