import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SERVICE_SETTINGS } from '@replenish/service-kit';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { PlanningSettings } from '../settings.js';
import { CatalogRepository } from '../catalog/index.js';
import { SweepRunRepository, type ClaimedChunks, type SweepRunRow } from './data-access/sweep-run.repository.js';
import { SetEvaluator } from './set-evaluator.js';

/** How often a replica waiting for a serial chunk another replica holds looks again, and `wait` reads the run. */
const RETRY_MS = 100;

/**
 * Chunks a replica evaluates at once: one evaluates in memory while the other waits on PostgreSQL. Chunks that order
 * into the same drafts wait for each other on the draft keys; those that order nothing do not (decision planning-013).
 */
const CHUNKS_AT_ONCE = 2;

/** The session lock every replica working on a run holds (shared): a run nobody holds it for is interrupted. */
const workersKey = (id: string): string => `planning-sweep:${id}`;

/**
 * The daily sweep (decision planning-013): re-evaluates every automatic rule for what only the passing of time
 * changes (a dated move entering the lead days horizon), set-based (SetEvaluator), as a run stored with its chunks.
 * `start` answers the run at once; every replica works on the running run's chunks (the one asked, and the others
 * when they next look: PLANNING_SWEEP_POLL_SECONDS), each chunk in its own transaction.
 */
@Injectable()
export class SweepService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(SweepService.name);
  private readonly timers: NodeJS.Timeout[] = [];
  /** The runs this replica works on, by id. */
  private readonly working = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly db: DataSource,
    private readonly runs: SweepRunRepository,
    private readonly catalog: CatalogRepository,
    private readonly set: SetEvaluator,
    @Inject(SERVICE_SETTINGS) private readonly settings: PlanningSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.joinRunning(); // a run left running by replicas that all stopped shows as interrupted
    const every = (ms: number, work: () => Promise<unknown>, what: string) => {
      const t = setInterval(() => work().catch((e: unknown) => this.log.error({ err: e }, `${what} failed`)), ms);
      t.unref();
      this.timers.push(t);
    };
    const hours = this.settings.PLANNING_SWEEP_INTERVAL_HOURS;
    if (hours > 0) every(hours * 60 * 60 * 1000, () => this.start('daily-sweep'), 'daily sweep');
    const poll = this.settings.PLANNING_SWEEP_POLL_SECONDS;
    if (poll > 0) every(poll * 1000, () => this.joinRunning(), 'joining a sweep');
  }

  /** Before the database closes (onApplicationShutdown): each run stops after its chunk in progress, the rest stays for other replicas. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.stopping = true;
    await Promise.all(this.working.values());
  }

  /** Starts a sweep, or joins the one running (one at most); answers the run as it is now. */
  async start(cause = 'daily-sweep'): Promise<SweepRunRow> {
    const id = randomUUID();
    // Held before the run exists, so no replica ever sees it running without a worker.
    const workers = await this.hold(id);
    try {
      const bomProducts = [...(await this.catalog.bomProducts(this.db.manager))];
      const created = await this.runs.create(this.db.manager, { id, cause }, bomProducts, this.settings.PLANNING_SWEEP_CHUNK_SIZE);
      if (created?.state === 'running') {
        this.workOn(id, cause, workers);
        return created;
      }
      await this.release(id, workers);
      if (created) return created;
    } catch (e) {
      await this.release(id, workers);
      throw e;
    }
    await this.joinRunning();
    const running = await this.runs.running(this.db.manager);
    return running ?? this.start(cause); // it ended in between
  }

  /**
   * The run, once no chunk is left (done, or interrupted): read again when this replica's work on it ends, else every
   * RETRY_MS (other replicas finish it too).
   */
  async finished(id: string): Promise<SweepRunRow | undefined> {
    for (;;) {
      const run = await this.runs.byId(this.db.manager, id);
      if (!run || run.state !== 'running') return run;
      const working = this.working.get(id);
      await (working ? Promise.race([working, sleep(RETRY_MS)]) : sleep(RETRY_MS));
    }
  }

  get(id: string): Promise<SweepRunRow | undefined> {
    return this.runs.byId(this.db.manager, id);
  }

  list(limit: number, offset: number): Promise<SweepRunRow[]> {
    return this.runs.list(this.db.manager, limit, offset);
  }

  /**
   * Works on the running run, if any and not already: when no replica works on it any more (none holds its lock),
   * it is marked interrupted instead; its chunks left are not evaluated.
   */
  async joinRunning(): Promise<void> {
    const run = await this.runs.running(this.db.manager);
    if (!run || this.working.has(run.id) || this.stopping) return;
    const probe = await this.connect();
    try {
      const [free] = (await probe.query('SELECT pg_try_advisory_lock(hashtext($1)) AS free', [workersKey(run.id)])) as { free: boolean }[];
      if (free?.free) {
        await this.runs.markInterrupted(this.db.manager, run.id);
        this.log.warn({ sweepId: run.id, done: run.done, total: run.total }, 'sweep interrupted: no replica works on it any more');
        await probe.query('SELECT pg_advisory_unlock(hashtext($1))', [workersKey(run.id)]);
        return;
      }
    } finally {
      await probe.release();
    }
    const workers = await this.hold(run.id);
    this.workOn(run.id, run.cause, workers);
  }

  private workOn(id: string, cause: string, workers: QueryRunner): void {
    const work = Promise.all(Array.from({ length: CHUNKS_AT_ONCE }, () => this.work(id, cause)))
      .then(() => undefined, (e: unknown) => this.log.error({ err: e, sweepId: id }, 'sweep stopped'))
      .finally(async () => {
        this.working.delete(id);
        await this.release(id, workers);
      });
    this.working.set(id, work);
  }

  /** Claims and evaluates chunks until none is left or the replica stops. */
  private async work(id: string, cause: string): Promise<void> {
    while (!this.stopping) {
      await this.set.giveWay(); // live batches first, between chunks too (decision planning-019, addendum)
      let claimed: ClaimedChunks | undefined;
      try {
        claimed = await this.db.transaction(async (tx) => {
          const chunk = await this.claimNext(tx, id);
          if (chunk) await this.evaluate(tx, id, chunk, cause);
          return chunk;
        });
      } catch (e) {
        this.log.warn({ err: e, sweepId: id }, 'a sweep chunk failed: its rules are evaluated one by one');
        await this.chunkOneByOne(id, cause);
        continue;
      }
      if (claimed) continue;
      if (!(await this.runs.hasPending(this.db.manager, id))) return;
      await sleep(RETRY_MS); // a serial chunk, or ordering chunks, another transaction holds: wait for it
    }
  }

  /**
   * The next chunks to evaluate (decision planning-019): ordering chunks once a chunk's worth of keys waits in them,
   * else a planned chunk, else whatever ordering chunks there are.
   */
  private async claimNext(tx: EntityManager, id: string): Promise<ClaimedChunks | undefined> {
    const size = this.settings.PLANNING_SWEEP_CHUNK_SIZE;
    return (await this.runs.claimOrdering(tx, id, size, size)) ?? (await this.runs.claim(tx, id)) ?? this.runs.claimOrdering(tx, id, size, 1);
  }

  /**
   * A planned chunk of products outside any BOM is read only (SetEvaluator.peekIn): the keys whose rule orders become
   * its ordering chunk, evaluated again and ordered later with other such keys. Serial and ordering chunks are
   * evaluated and ordered at once (SetEvaluator.evaluateIn).
   */
  private async evaluate(tx: EntityManager, id: string, chunk: ClaimedChunks, cause: string): Promise<void> {
    if (chunk.serial || chunk.orders) {
      await this.runs.finishChunk(tx, id, chunk.nos, await this.set.evaluateIn(this.set.inBackground(tx), chunk.keys, cause));
      return;
    }
    const { evaluated, deferred } = await this.set.peekIn(tx, chunk.keys);
    if (deferred.length > 0) await this.runs.addOrdering(tx, id, chunk.nos[0] as number, deferred);
    await this.runs.finishChunk(tx, id, chunk.nos, { evaluated, ordered: 0, failed: 0, changedDraftIds: [] });
  }

  /** The next claimable chunks, each rule in its own transaction (SetEvaluator.evaluateOneByOne), kept claimed meanwhile. */
  private async chunkOneByOne(id: string, cause: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const chunk = await this.claimNext(tx, id);
      if (chunk) await this.runs.finishChunk(tx, id, chunk.nos, await this.set.evaluateOneByOne(chunk.keys, cause));
    });
  }

  private async hold(id: string): Promise<QueryRunner> {
    const runner = await this.connect();
    await runner.query('SELECT pg_advisory_lock_shared(hashtext($1))', [workersKey(id)]);
    return runner;
  }

  private async release(id: string, runner: QueryRunner): Promise<void> {
    try {
      await runner.query('SELECT pg_advisory_unlock_shared(hashtext($1))', [workersKey(id)]);
    } finally {
      await runner.release();
    }
  }

  private async connect(): Promise<QueryRunner> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    return runner;
  }
}
