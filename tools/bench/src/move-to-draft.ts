/**
 * The move-to-draft measurement of bench:e2e, shared with bench:sweep. Planning has an automatic just-in-time rule
 * (min = max = 0) for every measured product: every delivery (stock-move.done on warehouse.stock-moves, <WH>/Stock ->
 * virtual/customer) makes inventory publish a position, on which planning tops up the vendor's open draft by exactly
 * the quantity delivered. The bench reads planning.draft-orders and knows a move has reached its draft when the draft
 * line of its product holds at least the cumulative quantity delivered; inventory.stock-positions gives the first hop.
 */
import { createEnvelope, stockMoveDone, topics } from '@replenish/contracts';
import { CompressionTypes, type Consumer, type Kafka, type Message, type Producer } from 'kafkajs';
import { percentile, sleep, waitUntil } from './bench-kit.js';

export async function produceAll(producer: Producer, topic: string, messages: Message[]): Promise<void> {
  const chunk = 1000;
  const inflight: Promise<unknown>[] = [];
  for (let i = 0; i < messages.length; i += chunk) {
    inflight.push(producer.send({ topic, messages: messages.slice(i, i + chunk), compression: CompressionTypes.None }));
    if (inflight.length >= 8) await inflight.shift();
  }
  await Promise.all(inflight);
}

export type Received = { value: Buffer | null; timestamp: number };

/** `lazy`: fetches wait for 1 MB or a second, so a diagnostic consumer costs the machine little (see the positions). */
export async function joinedConsumer(kafka: Kafka, groupId: string, topic: string, fromBeginning: boolean, onBatch: (messages: Received[]) => void, lazy = false): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, maxBytes: 50 * 1024 * 1024, ...(lazy ? { minBytes: 1024 * 1024, maxWaitTimeInMs: 1000 } : { maxWaitTimeInMs: 20 }) });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning });
  const joined = new Promise<void>((res) => {
    const off = consumer.on(consumer.events.GROUP_JOIN, () => {
      off();
      res();
    });
  });
  // No offset commits: a bench group is never resumed, and kafkajs would commit after every batch (90 requests a
  // second at 500 moves/s, each an append to __consumer_offsets), load on the Kafka under test.
  await consumer.run({ autoCommit: false, eachBatch: async ({ batch }) => onBatch(batch.messages.map((m) => ({ value: m.value, timestamp: Number(m.timestamp) }))) });
  await joined;
  await sleep(500);
  return consumer;
}

/** A move awaited in a draft (or a position); `measured`: false for the latency phase's warm-up. */
export interface Waiter { cum: number; sentAt: number; sentWall: number; measured: boolean }

/** How a draft event reached the bench: its envelope's occurredAt, its Kafka CreateTime, when the bench got it. */
export interface Arrival { occurredAt: number; kafkaTimestamp: number; now: number; wall: number }

/**
 * The draft events of one warehouse (of one draft type, when `type` is given), read from planning.draft-orders: per
 * product, the highest line quantity of the newest version of each draft, and the waiters on it. A waiter is
 * covered once its product's line holds its cumulative quantity (`onCovered`, in the order awaited; warm-up waiters
 * are dropped unreported). Shared by bench:e2e, bench:sweep (MoveToDraft) and bench:levels.
 */
export class DraftWatcher {
  /** Draft events of the warehouse received so far, and when the last one arrived. */
  events = 0;
  lastArrival = 0;
  readonly lineQty = new Map<string, number>();
  private readonly version = new Map<string, number>();
  private readonly waiters = new Map<string, Waiter[]>();

  constructor(private readonly o: { warehouseId: string; type?: string; onCovered: (w: Waiter, productId: string, at: Arrival) => void }) {}

  /** Joins planning.draft-orders from its end. */
  join(kafka: Kafka, groupId: string): Promise<Consumer> {
    return joinedConsumer(kafka, groupId, topics.draftOrders, false, (messages) => this.take(messages));
  }

  await(productId: string, w: Waiter): void {
    const queue = this.waiters.get(productId) ?? [];
    queue.push(w);
    this.waiters.set(productId, queue);
  }

  private take(messages: Received[]): void {
    const now = performance.now();
    const wall = Date.now();
    for (const m of messages) {
      if (!m.value) continue;
      const e = JSON.parse(m.value.toString()) as { occurredAt: string; payload: { draftOrderId: string; version: number; type: string; warehouseId: string; lines: { productId: string; quantity: string }[] } };
      if (e.payload.warehouseId !== this.o.warehouseId || (this.o.type && e.payload.type !== this.o.type)) continue;
      this.events++;
      if ((this.version.get(e.payload.draftOrderId) ?? 0) >= e.payload.version) continue;
      this.version.set(e.payload.draftOrderId, e.payload.version);
      for (const l of e.payload.lines) {
        const q = Number(l.quantity);
        this.lineQty.set(l.productId, q);
        const queue = this.waiters.get(l.productId);
        while (queue && queue.length > 0 && queue[0]!.cum <= q) {
          const w = queue.shift()!;
          if (w.measured) this.o.onCovered(w, l.productId, { occurredAt: Date.parse(e.occurredAt), kafkaTimestamp: m.timestamp, now, wall });
        }
      }
    }
    this.lastArrival = now;
  }
}

export interface StageSummary { writtenP50: number; writtenP99: number; relayedP50: number; relayedP99: number; receivedP50: number; receivedP99: number }

/**
 * Where a hop's time goes, per move, on the wall clock from its produce: until the covering event was written
 * (its envelope's occurredAt, taken in the service's transaction), until the relay produced it (Kafka
 * CreateTime) and until the bench received it. Millisecond clocks of one machine.
 */
export class Stages {
  private readonly written: number[] = [];
  private readonly relayed: number[] = [];
  private readonly received: number[] = [];
  add(w: Pick<Waiter, 'sentWall'>, occurredAt: number, kafkaTimestamp: number, receivedAt: number): void {
    this.written.push(occurredAt - w.sentWall);
    this.relayed.push(kafkaTimestamp - w.sentWall);
    this.received.push(receivedAt - w.sentWall);
  }
  summary(): StageSummary {
    const [w, r, c] = [this.written, this.relayed, this.received].map((a) => [...a].sort((x, y) => x - y)) as [number[], number[], number[]];
    return {
      writtenP50: percentile(w, 50), writtenP99: percentile(w, 99), relayedP50: percentile(r, 50), relayedP99: percentile(r, 99),
      receivedP50: percentile(c, 50), receivedP99: percentile(c, 99),
    };
  }
}

export const stageLine = (what: string, s: StageSummary, received = true): string =>
  `    ${what.padEnd(8)} written ${s.writtenP50} / ${s.writtenP99}, relayed ${s.relayedP50} / ${s.relayedP99}${received ? `, received ${s.receivedP50} / ${s.receivedP99}` : ''}\n`;

export interface RatePhase {
  /** Names the moves (moveId `<prefix>-<i>`). */
  prefix: string;
  /** Index of the first move (products are taken round robin from it). */
  from: number;
  rate: number;
  warmupSeconds: number;
  seconds: number;
  /** Moves not in a draft by then count as unresolved, at this latency. */
  waitMs: number;
  /** Called once when the measured moves start (after the warm-up). */
  onMeasuring?: () => void;
}

export interface LatencyResult {
  moves: number;
  unresolved: number;
  targetRate: number;
  achievedRate: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  positionsP50Ms: number;
  positionsP99Ms: number;
  positionStages: StageSummary;
  draftStages: StageSummary;
  /** One line per measured move: produce time, ms to its draft, product. */
  dumped: string[];
}

export interface MoveToDraftOptions {
  kafka: Kafka;
  producer: Producer;
  /** Names the bench's consumer groups. */
  rid: string;
  warehouseId: string;
  /** The product of move i. */
  productId: (i: number) => string;
  dump?: boolean;
}

/** Deliveries into the JIT products' drafts: a burst (`build`, `produceAll`, `reached`) or a steady rate (`atRate`). */
export class MoveToDraft {
  /** Per product, what its draft line must reach once every move built so far is in. */
  readonly cumulative = new Map<string, number>();
  private readonly positionWaiters = new Map<string, Waiter[]>();
  private readonly latencies: number[] = [];
  private readonly positionLatencies: number[] = [];
  private readonly dumped: string[] = [];
  private readonly draftStages = new Stages();
  private readonly positionStages = new Stages();
  private readonly consumers: Consumer[] = [];
  private readonly drafts: DraftWatcher;

  constructor(private readonly o: MoveToDraftOptions) {
    this.drafts = new DraftWatcher({
      warehouseId: o.warehouseId,
      onCovered: (w, productId, at) => {
        this.latencies.push(at.now - w.sentAt);
        if (this.o.dump) this.dumped.push(`${w.sentWall}\t${Math.round(at.now - w.sentAt)}\t${productId}`);
        this.draftStages.add(w, at.occurredAt, at.kafkaTimestamp, at.wall);
      },
    });
  }

  /** Draft events of the warehouse received so far, and when the last one arrived. */
  get draftEvents(): number {
    return this.drafts.events;
  }

  get lastArrival(): number {
    return this.drafts.lastArrival;
  }

  /** Joins the draft and the position consumers (from the end of their topics). */
  async start(): Promise<void> {
    const { kafka, rid, warehouseId } = this.o;
    this.consumers.push(await this.drafts.join(kafka, `bench-e2e-drafts-${rid}`));

    // Positions (inventory's output): the first stage of the latency, move -> position covering it (onHand <= -cum),
    // taken when inventory's relay produced it (Kafka CreateTime). The consumer is lazy: a prompt one, fetching
    // 50 times a second like the draft consumer, took a tenth of a core from the system under test.
    this.consumers.push(await joinedConsumer(kafka, `bench-e2e-positions-${rid}`, topics.stockPositions, false, (messages) => {
      const wall = Date.now();
      for (const m of messages) {
        if (!m.value) continue;
        const e = JSON.parse(m.value.toString()) as { occurredAt: string; payload: { productId: string; warehouseId: string; onHand: string } };
        if (e.payload.warehouseId !== warehouseId) continue;
        const queue = this.positionWaiters.get(e.payload.productId);
        while (queue && queue.length > 0 && queue[0]!.cum <= -Number(e.payload.onHand)) {
          const w = queue.shift()!;
          if (!w.measured) continue;
          this.positionLatencies.push(m.timestamp - w.sentWall);
          this.positionStages.add(w, Date.parse(e.occurredAt), m.timestamp, wall);
        }
      }
    }, true));
  }

  async stop(): Promise<void> {
    for (const c of this.consumers) await c.disconnect().catch(() => undefined);
  }

  /** Deliveries: product i, quantity 1..3; `targets` says what each move's product line must reach. */
  build(prefix: string, from: number, count: number): { messages: Message[]; targets: { product: string; cum: number }[] } {
    const messages: Message[] = [];
    const targets: { product: string; cum: number }[] = [];
    for (let i = from; i < from + count; i++) {
      const product = this.o.productId(i);
      const q = (i % 3) + 1;
      const cum = (this.cumulative.get(product) ?? 0) + q;
      this.cumulative.set(product, cum);
      const env = createEnvelope(stockMoveDone, {
        moveId: `${prefix}-${i}`, kind: 'delivery', productId: product, quantity: String(q), uom: 'Units',
        fromLocation: `${this.o.warehouseId}/Stock`, toLocation: 'virtual/customer', doneAt: new Date().toISOString(),
      }, { source: 'bench' });
      messages.push({ key: env.key, value: JSON.stringify(env), headers: { 'event-id': env.id, 'event-type': env.type } });
      targets.push({ product, cum });
    }
    return { messages, targets };
  }

  /** A probe: true once every move built so far is in its product's draft line. */
  reached(): () => boolean {
    const targets = new Map(this.cumulative);
    return () => {
      for (const [p, q] of targets) if ((this.drafts.lineQty.get(p) ?? 0) < q) return false;
      return true;
    };
  }

  /**
   * `warmupSeconds` then `seconds` of deliveries at `rate` (a tick of 20 ms); per measured move, the time from its
   * produce to the draft event that covers it. Meant for a steady state: let the services catch up first.
   */
  async atRate(phase: RatePhase): Promise<LatencyResult> {
    const { rate } = phase;
    const latencyMoves = rate * phase.seconds;
    const warmMoves = rate * phase.warmupSeconds;
    const measuredBefore = this.latencies.length;
    const positionsBefore = this.positionLatencies.length;
    const lat = this.build(phase.prefix, phase.from, warmMoves + latencyMoves);
    const tickMs = 20;
    const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
    let l0 = performance.now();
    for (let i = 0, tick = 0; i < warmMoves + latencyMoves; i += perTick, tick++) {
      const due = l0 + tick * tickMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      if (i === warmMoves) {
        [l0, tick] = [performance.now(), 0];
        phase.onMeasuring?.();
      }
      const slice = lat.messages.slice(i, i + perTick);
      const sentAt = performance.now();
      const sentWall = Date.now();
      for (const t of lat.targets.slice(i, i + perTick)) {
        const w = { cum: t.cum, sentAt, sentWall, measured: i >= warmMoves };
        this.drafts.await(t.product, w);
        const q = this.positionWaiters.get(t.product) ?? [];
        q.push(w);
        this.positionWaiters.set(t.product, q);
      }
      void this.o.producer.send({ topic: topics.stockMoves, messages: slice, compression: CompressionTypes.None });
    }
    const achievedRate = latencyMoves / ((performance.now() - l0) / 1000);
    await waitUntil('latency drafts', phase.waitMs, () => this.latencies.length - measuredBefore >= latencyMoves).catch(() => undefined);
    const latencies = this.latencies.slice(measuredBefore);
    const unresolved = latencyMoves - latencies.length;
    const sorted = [...latencies, ...Array.from({ length: unresolved }, () => phase.waitMs)].sort((a, b) => a - b);
    const positionSorted = this.positionLatencies.slice(positionsBefore).sort((a, b) => a - b);
    return {
      moves: latencyMoves, unresolved, targetRate: rate, achievedRate: Math.round(achievedRate),
      p50Ms: Math.round(percentile(sorted, 50)), p99Ms: Math.round(percentile(sorted, 99)), maxMs: Math.round(sorted[sorted.length - 1] ?? NaN),
      positionsP50Ms: Math.round(percentile(positionSorted, 50)), positionsP99Ms: Math.round(percentile(positionSorted, 99)),
      positionStages: this.positionStages.summary(), draftStages: this.draftStages.summary(), dumped: this.dumped,
    };
  }
}
