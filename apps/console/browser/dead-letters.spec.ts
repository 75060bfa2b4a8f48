// Dead letters in the console (screen 6): a malformed event sent to a topic planning consumes is listed on the
// exceptions screen with its reason (through /api/planning/dead-letters...), and replayed from there: planning takes
// it again and refuses it again (a second dead letter of the same event), the first one shown as replayed.
import { randomUUID } from 'node:crypto';
import { createEnvelope, demandForecastChanged, topics } from '@replenish/contracts';
import { KafkaBroker } from '@replenish/messaging';
import { waitFor } from '../../../e2e/support/index.js';
import { ConsoleStack } from './console-stack.js';

let stack: ConsoleStack;
let producer: KafkaBroker;

beforeAll(async () => {
  stack = await ConsoleStack.start();
  producer = new KafkaBroker(stack.services.brokers, `console-dead-letters-${stack.services.run}`, { logger: { log: () => undefined, warn: () => undefined, error: () => undefined } });
}, 600_000);

afterAll(async () => {
  await producer?.close();
  await stack?.stop();
});

it('lists a malformed event with its reason and replays it', async () => {
  const { page } = stack;
  const envelope = createEnvelope(demandForecastChanged, {
    productId: `DL-${stack.services.RUN}`, warehouseId: `DLW-${stack.services.RUN}`, periods: [{ date: '2026-06-01', quantity: '1' }],
  }, { source: 'console-dead-letters-test' });
  const malformed = { ...envelope, id: randomUUID(), payload: { ...envelope.payload, periods: [{ date: '2026-06-01', quantity: 'lots' }] } };
  await producer.publish([{
    topic: topics.demandForecasts,
    messages: [{ key: envelope.key, value: JSON.stringify(malformed), headers: { 'event-id': malformed.id, 'event-type': malformed.type } }],
  }]);

  await stack.open('#/exceptions');
  const show = page.getByRole('button', { name: `Show dead letters of ${topics.demandForecasts} (planning)` });
  const row = () => page.getByRole('row').filter({ hasText: malformed.id });
  // Dead letters are read on demand: Refresh until planning has dead-lettered it.
  await waitFor(async () => {
    await page.getByRole('button', { name: 'Refresh dead letters' }).click();
    if (await show.isEnabled()) await show.click();
    return (await row().count()) > 0;
  }, { timeoutMs: 180_000, intervalMs: 2_000, description: 'the malformed event listed' });
  await expect(row().first().innerText()).resolves.toMatch(/quantity/);
  await stack.screenshot('6-dead-letters');

  await row().first().getByRole('button', { name: `Replay event ${malformed.id}` }).click();
  await page.getByRole('status').getByText(`1 event(s) replayed to ${topics.demandForecasts}`).waitFor({ timeout: 240_000 });
  // Taken again by planning and refused again: two dead letters of the event, the first replayed, the second not.
  await waitFor(async () => {
    await page.getByRole('button', { name: 'Refresh dead letters' }).click();
    return (await row().count()) === 2;
  }, { timeoutMs: 180_000, intervalMs: 2_000, description: 'the replayed event dead-lettered again' });
  await expect(row().first().innerText()).resolves.toContain('replayed');
  expect(await row().nth(1).getByRole('button', { name: `Replay event ${malformed.id}` }).count()).toBe(1);
}, 600_000);
