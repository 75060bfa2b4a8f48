import type { INestApplication } from '@nestjs/common';
import { createEnvelope, stockMoveDone, topics, type EventEnvelope } from '@replenish/contracts';
import { KafkaProbe, createDatabase, runId, startInventory, waitFor, type HttpAnswer } from './support.js';

// Dead letters over REST (GET /dead-letters..., POST .../replay) on Kafka, authentication on: a poison stock move is
// dead-lettered, listed with its reason (viewer), replayed once (operator: the replayed event names it as its actor),
// consumed again and dead-lettered again (still poison).
const rid = runId();
const VIEWER = `viewer-key-${rid}-0123456789abcdef`;
const OPERATOR = `operator-key-${rid}-0123456789abcdef`;
const AUTH = { AUTH_DISABLED: 'false', AUTH_API_KEYS: `watch=${VIEWER}:viewer;ops=${OPERATOR}:operator` };
let db: Awaited<ReturnType<typeof createDatabase>>;
let app: INestApplication;
let base: string;
const probe = new KafkaProbe();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function http<T = any>(base: string, method: string, path: string, body?: unknown, key = method === 'GET' ? VIEWER : OPERATOR): Promise<HttpAnswer<T>> {
  const res = await fetch(`${base}${path}`, {
    method, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

interface Letter { position: string; eventId?: string; reason: string; originalTopic: string; originalOffset: string; replayed: boolean }

/** The dead letters of stock.moves carrying `eventId` (the topic is shared with other tests: only ours count). */
async function lettersOf(eventId: string): Promise<Letter[]> {
  return (await http<{ items: Letter[] }>(base, 'GET', `/dead-letters/${topics.stockMoves}?eventId=${eventId}`)).body.items;
}

beforeAll(async () => {
  db = await createDatabase('inventory_dead_letters');
  ({ app, base } = await startInventory(db.url, { env: AUTH }));
  await probe.start([topics.stockMoves]);
}, 180_000);

afterAll(async () => {
  await probe.stop();
  await app?.close();
  await db?.drop();
});

it('lists a poison event with its reason, replays it once and shows it dead-lettered again', async () => {
  const poison = createEnvelope(stockMoveDone, {
    moveId: `DL-${rid}`, kind: 'receipt', productId: `DL-P-${rid}`, quantity: '1', uom: 'Units', fromLocation: 'virtual/vendor', toLocation: 'DL/Stock',
    doneAt: new Date().toISOString(),
  }, { source: 'dead-letters-test' }) as EventEnvelope<Record<string, unknown>>;
  poison.payload.quantity = 'twelve'; // not a decimal: the contract refuses it, for good
  await probe.publishEnvelope(topics.stockMoves, poison);

  await waitFor(async () => (await lettersOf(poison.id)).length === 1, { timeoutMs: 240_000, intervalMs: 500, description: 'the dead letter' });
  const [letter] = await lettersOf(poison.id);
  expect(letter).toMatchObject({ originalTopic: topics.stockMoves, replayed: false });
  expect(letter!.reason).toMatch(/quantity/);

  const listed = await http<{ topic: string; total: number; pending: number }[]>(base, 'GET', '/dead-letters');
  expect(listed.status).toBe(200);
  expect(listed.body.map((t) => t.topic)).toContain(topics.stockMoves);
  expect(listed.body.find((t) => t.topic === topics.stockMoves)!.pending).toBeGreaterThanOrEqual(1);

  const refused = await http(base, 'POST', `/dead-letters/${topics.stockMoves}/replay`, { eventId: poison.id }, VIEWER);
  expect(refused.status).toBe(403);

  const replay = await http<{ replayed: number; items: Letter[] }>(base, 'POST', `/dead-letters/${topics.stockMoves}/replay`, { eventId: poison.id });
  expect(replay.status).toBe(200);
  expect(replay.body.replayed).toBe(1);
  expect(replay.body.items[0]!.position).toBe(letter!.position);

  // Consumed again from stock.moves, refused again: a second dead letter of the same event, the first one replayed.
  await waitFor(async () => (await lettersOf(poison.id)).length === 2, { timeoutMs: 240_000, intervalMs: 500, description: 'the dead letter' });
  const after = await lettersOf(poison.id);
  expect(after.find((l) => l.position === letter!.position)!.replayed).toBe(true);
  expect(after.find((l) => l.position !== letter!.position)).toMatchObject({ replayed: false });
  const replayed = probe.received.find((r) => r.headers['replayed-from'] === `${topics.stockMoves}.dlq/${letter!.position}`);
  expect(replayed?.headers.actor).toBe('apikey:ops');

  // Each dead letter is replayed once: the replayed one is not taken again.
  const again = await http(base, 'POST', `/dead-letters/${topics.stockMoves}/replay`, { eventId: 'no-such-event' });
  expect(again.status).toBe(404);
}, 600_000);

it('answers 404 naming the topics it consumes for a topic it does not', async () => {
  const answer = await http<{ errors: { field: string; reason: string }[] }>(base, 'GET', '/dead-letters/no.such.topic');
  expect(answer.status).toBe(404);
  expect(answer.body.errors[0]).toMatchObject({ field: 'topic' });
  expect(answer.body.errors[0]!.reason).toContain(topics.stockMoves);
});
