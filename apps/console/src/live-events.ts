import { hostname } from 'node:os';
import type { ServerResponse } from 'node:http';
import { topics } from '@replenish/contracts';
import type { Broker, ConsumedBatch, Subscription } from '@replenish/messaging';
import type { LiveEvent } from './live-event.js';

/** The topics whose events change what a screen shows. */
export const LIVE_TOPICS = [
  topics.stockPositions, topics.draftOrders, topics.planningExceptions, topics.products, topics.salesOrderEvents, topics.warehouses,
];

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function liveEventOf(topic: string, key: string | null, value: Buffer | null): LiveEvent {
  let envelope: { type?: unknown; payload?: Record<string, unknown> } = {};
  try {
    const parsed: unknown = value ? JSON.parse(value.toString('utf8')) : null;
    if (parsed && typeof parsed === 'object') envelope = parsed as typeof envelope;
  } catch {
    // Not JSON (a bad input on the topic): still a change to signal, by topic and key.
  }
  const p = envelope.payload && typeof envelope.payload === 'object' ? envelope.payload : {};
  return {
    topic, key, type: text(envelope.type),
    productId: text(p.productId), warehouseId: text(p.warehouseId), draftOrderId: text(p.draftOrderId),
  };
}

/**
 * Feeds server-sent events to the browsers from the services' events: a consumer group of its own per console
 * process (every replica tells its own browsers everything), starting at the end of each topic (a browser
 * loads the current state over REST; only what changes afterwards is news).
 */
export class LiveEvents {
  private readonly clients = new Set<ServerResponse>();
  private subscription: Subscription | undefined;
  private retry: NodeJS.Timeout | undefined;
  private readonly keepAlive: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly broker: Broker | undefined, private readonly warn: (line: string) => void) {
    // Proxies drop a silent connection; a comment line every 15 s keeps it.
    this.keepAlive = setInterval(() => this.write(': keep-alive\n\n'), 15_000);
    this.keepAlive.unref();
  }

  get enabled(): boolean {
    return this.broker !== undefined;
  }

  /** True once the consumer is a member of its group: events published from then on reach the browsers. */
  get joined(): boolean {
    return this.subscription?.membership().state === 'member';
  }

  async start(): Promise<void> {
    if (!this.broker || this.closed) return;
    try {
      this.subscription = await this.broker.subscribe({
        groupId: `console-${hostname()}-${process.pid}`,
        topics: LIVE_TOPICS,
        fromBeginning: false,
        handler: async (batch: ConsumedBatch, ctx) => {
          for (const m of batch.messages) this.broadcast(liveEventOf(batch.topic, m.key, m.value));
          const last = batch.messages.at(-1);
          if (last) await ctx.commit((BigInt(last.offset) + 1n).toString());
        },
      });
    } catch (e) {
      // A topic not created yet (the services create theirs at start): try again, live updates follow then.
      this.warn(`console: live updates not available yet (${(e as Error).message}); retrying in 5 s`);
      this.retry = setTimeout(() => void this.start(), 5_000);
    }
  }

  /** Answers GET /api/events: an SSE stream until the browser goes away. */
  attach(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(`event: ready\ndata: ${JSON.stringify({ live: this.enabled })}\n\n`);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  broadcast(event: LiveEvent): void {
    this.write(`data: ${JSON.stringify(event)}\n\n`);
  }

  private write(chunk: string): void {
    for (const c of this.clients) c.write(chunk);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.keepAlive);
    if (this.retry) clearTimeout(this.retry);
    for (const c of this.clients) c.end();
    this.clients.clear();
    await this.subscription?.close();
  }
}
