// Self-test of the e2e helpers: a service as a separate process (health, HTTP, SIGTERM, SIGKILL, a wait for what it
// never learns), and an event produced and read back over real Kafka on a topic no service consumes.
import { randomBytes } from 'node:crypto';
import { planningExceptionRaised } from '@replenish/contracts';
import { consumeEvents, httpJson, produceEvent, startServiceProcess, waitFor } from './index.js';
import { productLearnt } from './learnt.js';
import { startAtTopicEnds } from './planning-stack.js';

const run = randomBytes(4).toString('hex');

it('starts a service process on its own database, serves HTTP, and stops it gracefully or hard', async () => {
  // Its group from the topics' ends: from their beginning it read the shared topics' whole history (100,000 products
  // of a bench), and was in the middle of a batch of them when SIGTERM came: killed after the 30 s grace.
  await startAtTopicEnds(process.env.KAFKA_BROKERS!.split(','), ['sales-orders']);
  const svc = await startServiceProcess('sales-orders', { LOG_LEVEL: 'info' });
  try {
    expect(svc.databaseUrl).toMatch(/\/replenish_e2e_support_[0-9a-f]{6}$/);
    // /health is 503 while a check takes longer than its 800 ms (seen at load 26 just after its first 200): asked until 200.
    const healthy = <T>(ask: () => Promise<{ status: number } & T>) => waitFor(async () => {
      const h = await ask();
      return h.status === 200 ? h : undefined;
    }, { description: '/health 200', timeoutMs: 60_000 });
    const health = await healthy(() => httpJson(svc.url, 'GET', '/health', undefined, { headers: { 'x-correlation-id': `e2e-${run}` } }));
    expect(health.headers.get('x-correlation-id')).toBe(`e2e-${run}`);
    const same = await healthy(() => httpJson<{ status: string }>('GET', `${svc.url}/health`));
    expect(same.body.status).toBe('ok');
    const missing = await httpJson(svc.url, 'GET', '/no-such-route', undefined, { headers: { 'x-correlation-id': `e2e-${run}` } });
    expect(missing.status).toBe(404);
    // A product nobody published is never learnt: the wait ends naming the service, where its group stands on the
    // topic the event would come on, and what its log says of the product.
    const never = `P-never-${run}`;
    await expect(productLearnt({ brokers: process.env.KAFKA_BROKERS!.split(','), sales: svc, waitMs: 1_000 }, never, `WH-${run}`))
      .rejects.toThrow(new RegExp(`^sales-orders never learnt product ${never} within \\d+ ms: group ${svc.consumerGroup} on catalog\\.products: .*; its log`, 's'));
  } finally {
    // Two minutes before SIGKILL: the consumers' shutdown (the batch in hand first) took over 30 s at load 22 (killed).
    await svc.stop(120_000);
  }
  expect(svc.exited()).toEqual({ code: null, signal: 'SIGTERM' }); // Nest re-raises the signal after its shutdown
  expect(svc.logs()).toMatch(/closing HTTP server/);
  expect(svc.logs()).toContain(`"correlationId":"e2e-${run}"`); // the request log line (/health is not logged)

  // A second process on the same database (already migrated), killed hard.
  const again = await startServiceProcess('sales-orders', { env: { DATABASE_URL: svc.databaseUrl } });
  await again.kill();
  expect(again.exited()).toEqual({ code: null, signal: 'SIGKILL' });
}, 180_000);

it('produces an enveloped event and reads it back from a fresh consumer group', async () => {
  const payload = {
    exceptionId: `EX-${run}`,
    kind: 'reschedule' as const,
    message: 'e2e support self-test',
    productId: `P-${run}`,
    warehouseId: 'WH',
    quantity: '1.5',
    raisedAt: new Date().toISOString(),
  };
  const reading = consumeEvents(planningExceptionRaised.topic, (e) => (e.payload as { exceptionId?: string }).exceptionId === payload.exceptionId, {
    timeoutMs: 60_000,
  });
  const sent = await produceEvent(planningExceptionRaised, payload, { correlationId: `corr-${run}` });
  const [got] = await reading;
  expect(got!.envelope).toEqual(sent);
  expect(got!.envelope.key).toBe(`P-${run}@WH`);
  expect(got!.headers['event-type']).toBe('planning-exception.raised');
  expect(got!.headers['correlation-id']).toBe(`corr-${run}`);
  // The explicit-brokers form.
  const again = await consumeEvents(process.env.KAFKA_BROKERS!, planningExceptionRaised.topic, (e) => e.id === sent.id, 60_000);
  expect(again).toHaveLength(1);
  await expect(waitFor(() => false, { timeoutMs: 300, description: 'nothing' })).rejects.toThrow(/Timed out after 300 ms .*waiting for nothing/);
}, 180_000);
